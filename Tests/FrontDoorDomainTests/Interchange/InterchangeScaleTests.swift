import Foundation
import FrontDoorDomain
import Testing

@Suite("Interchange files at scale, and reports from them")
struct InterchangeScaleTests {
    /// A synthetic history written to a temporary file, with every `badEvery`-th person given a bad sex code.
    static func file(families: Int, badEvery: Int? = nil) throws -> (url: URL, records: [InterchangeRecord], bad: [Int]) {
        var rng = SeededRandom(seed: 2019)
        let records = SyntheticInterchange.history(families: families, rng: &rng)
        var text = ""
        var bad: [Int] = []
        var people = 0
        for (index, record) in records.enumerated() {
            var line = InterchangeWriter.line(for: record)
            if case .person = record, let badEvery {
                people += 1
                if people % badEvery == 0 {
                    // A sex of "?" in place of the person's own (or added, when they had none).
                    line = line.replacingOccurrences(of: #","sex":"[MFU]""#, with: "", options: .regularExpression)
                    line = line.replacingOccurrences(of: #""kind":"person""#, with: #""kind":"person","sex":"?""#)
                    bad.append(index + 1)
                }
            }
            text += line + "\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        return (url, records, bad)
    }

    @Test("tens of thousands of lines validate in one pass, every bad line reported by number")
    func manyLines() throws {
        let (url, records, bad) = try Self.file(families: 6_000, badEvery: 997)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(records.count > 25_000)
        let result = try InterchangeValidator.validate(url: url, keepRecords: false)
        #expect(result.lineCount == records.count)
        #expect(Set(result.problems.map(\.line)) == Set(bad))
        #expect(result.problems.allSatisfy { $0.field == "sex" })
        #expect(result.records.isEmpty)
    }

    @Test("an exported history imports into report rows whose monthly figures account for every contact")
    func reportFromFile() throws {
        let (url, records, _) = try Self.file(families: 2_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try InterchangeValidator.validate(url: url)
        #expect(result.isValid)
        #expect(result.records == records)
        let contacts = result.records.compactMap { record -> ReportContact? in
            if case .contact(let contact) = record { return ReportContact(contact) }
            return nil
        }
        let referrals = result.records.compactMap { record -> ReportReferral? in
            if case .referral(let referral) = record { return ReportReferral(referral) }
            return nil
        }
        let months = (ReportMonth(iso: "2015-01")!, ReportMonth(iso: "2026-12")!)
        for la in ["850", "921"] {
            let report = Reports.monthly(la: la, from: months.0, through: months.1, contacts: contacts, referrals: referrals)
            let total = ReportMonth.range(from: months.0, through: months.1)
                .map { report.value(.contactsTotal, month: $0).count! }.reduce(0, +)
            #expect(total == contacts.filter { $0.la == la }.map(\.children).reduce(0, +))
            let referred = ReportMonth.range(from: months.0, through: months.1)
                .map { report.value(.referralsTotal, month: $0).count! }.reduce(0, +)
            #expect(referred == referrals.filter { $0.la == la }.count)
        }
    }
}
