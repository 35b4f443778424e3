import FrontDoorDomain
import Vapor

/// `frontdoor generate --la 850 --years 10 --end 2026-10-31 --seed 1 --out history.jsonl`: synthetic
/// history in interchange format v1 (`HistoryGenerator`), streamed to a file or standard output.
/// The same options and seed always give the same bytes.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "la", help: "three-digit DfE LA number (850 Hampshire, 921 Isle of Wight, or any other)")
        var la: String?
        @Option(name: "years", help: "whole years of history (default 1)")
        var years: Int?
        @Option(name: "months", help: "whole months of history, instead of --years")
        var months: Int?
        @Option(name: "end", help: "the last day of the history, YYYY-MM-DD (default 2026-10-31)")
        var end: String?
        @Option(name: "seed", help: "random seed (default 1)")
        var seed: Int?
        @Option(name: "monthly-contacts", help: "mean contacts a month (default: the authority's, 7800 for Hampshire)")
        var monthlyContacts: Int?
        @Option(name: "out", help: "output file (default: standard output)")
        var out: String?
    }

    var help: String { "Writes synthetic history in interchange format v1" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let options = try Self.options(signature)
        var generator = HistoryGenerator(options)
        let handle: FileHandle
        if let path = signature.out {
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw CommandFailure("cannot write \(path)")
            }
            handle = file
        } else {
            handle = FileHandle.standardOutput
        }
        defer { if signature.out != nil { try? handle.close() } }
        var counts: [InterchangeKind: Int] = [:]
        let counted = AnyIterator { () -> InterchangeRecord? in
            guard let record = generator.next() else { return nil }
            counts[record.kind, default: 0] += 1
            return record
        }
        try InterchangeWriter.write(counted, to: handle)
        if signature.out != nil {
            context.console.print("wrote \(counts.values.reduce(0, +)) lines: \(counts[.person, default: 0]) people, \(counts[.contact, default: 0]) contacts, \(counts[.referral, default: 0]) referrals")
        }
    }

    static func options(_ signature: Signature) throws -> HistoryGenerator.Options {
        let la = signature.la ?? "850"
        guard LocalAuthorityModel.isValidCode(la) else { throw CommandFailure("--la must be a three-digit DfE LA number, e.g. 850") }
        let endText = signature.end ?? "2026-10-31"
        guard let end = LocalDate(iso: endText) else { throw CommandFailure("--end must be a date YYYY-MM-DD") }
        if signature.years != nil && signature.months != nil { throw CommandFailure("give --years or --months, not both") }
        let months = signature.months ?? (signature.years ?? 1) * 12
        guard (1...600).contains(months) else { throw CommandFailure("--years must be 1 to 50 (--months 1 to 600)") }
        let seed = signature.seed ?? 1
        guard seed >= 0 else { throw CommandFailure("--seed must not be negative") }
        if let monthly = signature.monthlyContacts, !(1...1_000_000).contains(monthly) {
            throw CommandFailure("--monthly-contacts must be 1 to 1000000")
        }
        return HistoryGenerator.Options(la: la, end: end, months: months, seed: UInt64(seed), monthlyContacts: signature.monthlyContacts)
    }
}
