import Foundation
import FrontDoorDomain
import Testing

@Suite("Checking a whole interchange file")
struct InterchangeValidatorTests {
    typealias F = InterchangeFixture

    static var goodFile: [String] {
        [F.line(F.la), F.line(F.person), F.line(F.adult), F.line(F.contact), F.line(F.referral)]
    }

    @Test("a file whose refs are all defined before use is valid, and its records come back in order")
    func valid() {
        let result = F.validate(Self.goodFile)
        #expect(result.isValid, "\(result.report)")
        #expect(result.records.map(\.kind) == [.localAuthority, .person, .person, .contact, .referral])
        #expect(result.lineCount == 5)
    }

    @Test("every bad line is reported as 'line N: field: problem', numbered as an editor numbers them")
    func everyBadLine() {
        let lines = [
            F.line(F.la),
            "",
            F.line(F.with(F.person, ["sex": "X"])),
            "   ",
            F.line(F.with(F.adult, ["nhsNumber": "1234567890", "upn": "nope"])),
            "not json",
            F.line(F.contact),
        ]
        let result = F.validate(lines)
        #expect(!result.isValid)
        #expect(result.problems.map(\.line) == [3, 5, 5, 6])
        #expect(result.problems.map(\.field) == ["sex", "nhsNumber", "upn", "json"])
        #expect(result.report.split(separator: "\n").first == "line 3: sex: 'X' is not one of \"M\", \"F\", \"U\"")
        // The contact points at P1 and A1, whose lines were bad but did define them: no cascade.
        #expect(!result.problems.contains { $0.line == 7 })
    }

    @Test("a ref must be defined before a line points at it")
    func undefinedRef() {
        let lines = [F.line(F.la), F.line(F.with(F.contact, ["children": ["P9"], "adults": nil]))]
        let result = F.validate(lines)
        #expect(result.problems.map(\.description) == [
            "line 2: children[0]: person 'P9' of local authority 850 is not defined earlier in the file nor already in the database",
        ])
    }

    @Test("a ref defined only later in the file is reported with the line that defines it")
    func forwardRef() {
        let lines = [F.line(F.la), F.line(F.with(F.contact, ["adults": nil])), F.line(F.person)]
        let result = F.validate(lines)
        #expect(result.problems.map(\.description) == [
            "line 2: children[0]: person 'P1' of local authority 850 is defined only later, on line 3; a ref must be defined before a line points at it",
        ])
    }

    @Test("the local authority must be defined too")
    func undefinedLA() {
        let result = F.validate([F.line(F.person)])
        #expect(result.problems.map(\.field) == ["la"])
        #expect(result.problems.first?.message.contains("add a localAuthority line") == true)
    }

    @Test("refs already in the database count as defined, whether known up front or looked up in one batch")
    func databaseRefs() {
        let lines = [F.line(F.with(F.contact, ["adults": nil])), F.line(F.referral)]
        let existing: Set<InterchangeKey> = [
            .localAuthority("850"), InterchangeKey(kind: .person, la: "850", ref: "P1"),
        ]
        // Up front: a closure over a prefetched set.
        #expect(F.validate(lines, isKnown: existing.contains).isValid)
        // In one batch: the validator says what it could not find; the database answers once.
        var validator = InterchangeValidator()
        var reader = InterchangeReader(data: Data(lines.joined(separator: "\n").utf8))
        try? reader.forEach { validator.check($0) }
        #expect(validator.unresolvedKeys == existing)
        #expect(validator.finish(existing: existing).isValid)
    }

    @Test("a ref of the wrong kind is named as what it is")
    func wrongKind() {
        let lines = [
            F.line(F.la), F.line(F.person), F.line(F.with(F.contact, ["adults": nil])),
            F.line(F.with(F.referral, ["child": "C1", "contact": "P1"])),
        ]
        let result = F.validate(lines)
        #expect(result.problems.map(\.description) == [
            "line 4: child: 'C1' is a contact (line 3), not a person",
            "line 4: contact: 'P1' is a person (line 2), not a contact",
        ])
    }

    @Test("a ref belongs to its local authority: the same ref in another authority is another record")
    func otherAuthority() {
        let lines = [
            F.line(F.la), F.line(["kind": "localAuthority", "code": "921", "name": "Synthetic Island"]),
            F.line(F.person), F.line(F.with(F.contact, ["la": "921", "adults": nil])),
        ]
        let result = F.validate(lines)
        #expect(result.problems.map(\.field) == ["children[0]"])
        #expect(result.problems.first?.message.contains("person 'P1' of local authority 921") == true)
    }

    @Test("repeating a record identically is allowed and changes nothing")
    func identicalRepeat() {
        // The same person written differently but meaning the same: another key order, a spaced NHS number.
        let again = #"{"la":"850","ref":"P1","kind":"person","givenName":"Ava","familyName":"Testchild","otherNames":["Ava Sample"],"dateOfBirth":"2015-03-02","sex":"F","ethnicity":"WBRI","nhsNumber":"943 476 5919","upn":"\#(F.upn)","postcode":"so23 8uj","disabilities":["NONE"]}"#
        let result = F.validate(Self.goodFile + [F.line(F.person), again, F.line(F.la)])
        #expect(result.isValid, "\(result.report)")
        #expect(result.identicalRepeats == 3)
        #expect(result.records.count == 5)
    }

    @Test("repeating a ref with different content is an error on the later line")
    func conflictingRepeat() {
        let result = F.validate(Self.goodFile + [F.line(F.with(F.person, ["givenName": "Ada"])), F.line(F.with(F.la, ["name": "Other"]))])
        #expect(result.problems.map(\.description) == [
            "line 6: ref: person 'P1' of local authority 850 was already defined on line 2 with different content; a ref names one record (an identical repeat is allowed)",
            "line 7: code: local authority '850' was already defined on line 1 with different content; a ref names one record (an identical repeat is allowed)",
        ])
    }

    @Test("a bad line's refs are checked as well, so that every problem is heard of at once")
    func badLineRefs() {
        let result = F.validate([F.line(F.la), F.line(F.with(F.contact, ["source": "99", "children": ["P7"], "adults": nil]))])
        #expect(result.problems.map(\.field) == ["source", "children[0]"])
        // Positions are those written, even past an element that could not be read.
        let positions = F.validate([F.line(F.la), F.line(F.person), F.line(F.with(F.contact, ["children": ["P1", 2, "P9"], "adults": nil]))])
        #expect(positions.problems.map(\.field) == ["children[1]", "children[2]"])
        #expect(positions.problems.last?.message.contains("person 'P9'") == true)
    }

    @Test("problems come out in line order even when cross-line ones are found at the end")
    func order() {
        let lines = [F.line(F.with(F.contact, ["adults": nil])), F.line(F.with(F.person, ["sex": "Q"]))]
        let result = F.validate(lines)
        #expect(result.problems.map(\.line) == [1, 1, 2, 2])
        #expect(result.problems.map(\.field) == ["la", "children[0]", "sex", "la"])
    }

    @Test("the validator can check without keeping records, for a first pass over a very large file")
    func withoutRecords() {
        let result = InterchangeValidator.validate(data: Data(Self.goodFile.joined(separator: "\n").utf8), keepRecords: false)
        #expect(result.isValid)
        #expect(result.records.isEmpty)
        #expect(result.lineCount == 5)
    }

    @Test("a file is read from disk in chunks")
    func fromFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("interchange-\(UUID().uuidString).jsonl")
        try Data((Self.goodFile + [F.line(F.with(F.person, ["ref": "P2", "sex": "?"]))]).joined(separator: "\r\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try InterchangeValidator.validate(url: url)
        #expect(result.problems.map(\.description) == ["line 6: sex: '?' is not one of \"M\", \"F\", \"U\""])
        #expect(result.records.count == 5)
    }
}
