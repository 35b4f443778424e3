import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Writing interchange lines and reading them back")
struct InterchangeRoundTripTests {
    typealias F = InterchangeFixture

    @Test("parse → write → parse gives the same records, and writing again the same text")
    func roundTrip() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = SeededRandom(seed: seed)
            let records = SyntheticInterchange.history(families: 20, rng: &rng)
            let written = InterchangeWriter.document(records)
            let result = InterchangeValidator.validate(data: Data(written.utf8))
            #expect(result.isValid, "\(result.report)")
            #expect(result.records.count == records.count)
            if let (read, original) = zip(result.records, records).first(where: { $0 != $1 }) {
                Issue.record("read back \(read) from \(original)")
            }
            #expect(InterchangeWriter.document(result.records) == written)
        }
    }

    @Test("a hand-written line comes back in canonical form: spec key order, UTC, normal identifiers, no nulls")
    func canonical() throws {
        let input = #"{"summary":"x","rag":null,"children":["P1"],"source":"6","receivedAt":"2019-06-03T10:15:00.250+01:00","la":"850","ref":"C1","kind":"contact","decision":{"decidedAt":"2019-06-03T11:00:00+01:00","outcome":"closed"}}"#
        let record = try InterchangeParser.parse(input)
        let line = InterchangeWriter.line(for: record)
        #expect(line == #"{"kind":"contact","ref":"C1","la":"850","receivedAt":"2019-06-03T09:15:00.250Z","source":"6","type":"concern","children":["P1"],"summary":"x","decision":{"outcome":"closed","decidedAt":"2019-06-03T10:00:00Z"}}"#)
        #expect(try InterchangeParser.parse(line) == record)
    }

    @Test("a full record of every kind survives the round trip field for field")
    func everyField() throws {
        for object in [F.la, F.person, F.adult, F.contact, F.referral] {
            let record = try InterchangeParser.parse(F.line(object))
            let line = InterchangeWriter.line(for: record)
            #expect(try InterchangeParser.parse(line) == record)
            // Nothing given was dropped: every key written in the fixture is written back.
            let written = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(Set(written?.keys.map { $0 } ?? []) == Set(object.keys))
        }
    }

    @Test("strings with quotes, backslashes, control characters and non-ASCII text survive")
    func awkwardText() async {
        let text = Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 1...30).map { scalars in
            var string = ""
            string.unicodeScalars.append(contentsOf: scalars)
            return string
        }
        await propertyCheck(count: 200, input: text) { raw in
            let contact = InterchangeContact(ref: "C1", la: "850", receivedAt: F.utc(2020, 1, 1), source: .police, children: ["P1"], summary: raw)
            let line = InterchangeWriter.line(for: .contact(contact))
            #expect(!line.contains("\n"))
            switch Result(catching: { () throws(ValidationFailure) in try InterchangeParser.parse(line) }) {
            case .success(.contact(let back)):
                // The reader trims, and refuses control characters other than tab and line breaks.
                #expect(back.summary == raw.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty)
            case .success:
                Issue.record("not a contact")
            case .failure(let failure):
                #expect(failure.problems.map(\.field) == ["summary"])
                #expect(raw.unicodeScalars.contains { $0.value < 0x20 && !["\n", "\r", "\t"].contains($0) })
            }
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
