import Foundation

/// Checks a whole interchange file: each line on its own (`InterchangeParser`), then across lines —
/// a `ref` must be defined earlier in the file or already be in the database before another line
/// points at it, it must point at the right kind, and a ref may be repeated only with identical
/// content.
///
/// Feed lines in order with `check(_:)`, then call `finish(existing:)`. Memory grows with the number
/// of distinct keys (a key and a fingerprint each), plus the records when `keepRecords` is set, so a
/// million-line file can be checked in one pass without keeping its records and written in a second.
///
/// Two ways to consult the database, usable together: `isKnown` answers for one key at a time (a
/// prefetched set of refs), or `finish(existing:)` takes the subset of `unresolvedKeys` that a single
/// batched query found.
public struct InterchangeValidator {
    private struct Definition {
        let line: Int
        /// nil when the defining line had problems: its key still counts as defined, so that the lines
        /// pointing at it are not reported as well, but it is never "identical" to a repeat.
        let fingerprint: Fingerprint?
    }

    private struct Fingerprint: Equatable {
        let first: Int
        let second: Int

        init(_ record: InterchangeRecord) {
            // Two independently salted 64-bit hashes: a collision between two different records of the
            // same key would need both to agree.
            var a = Hasher()
            a.combine(0x5EED_0001 as UInt64)
            a.combine(record)
            var b = Hasher()
            b.combine(0x5EED_0002 as UInt64)
            b.combine(record)
            first = a.finalize()
            second = b.finalize()
        }
    }

    private struct PendingReference {
        let line: Int
        let field: String
        let key: InterchangeKey
    }

    private let isKnown: (InterchangeKey) -> Bool
    private let keepRecords: Bool
    private var definitions: [InterchangeKey: Definition] = [:]
    private var pending: [PendingReference] = []
    private var problems: [InterchangeProblem] = []
    private var records: [InterchangeRecord] = []
    private var lineCount = 0
    private var identicalRepeats = 0

    /// - Parameters:
    ///   - isKnown: whether a key is already in the database; asked only for refs not defined earlier in the file.
    ///   - keepRecords: keep the good records for `finish` to return.
    public init(isKnown: @escaping (InterchangeKey) -> Bool = { _ in false }, keepRecords: Bool = true) {
        self.isKnown = isKnown
        self.keepRecords = keepRecords
    }

    /// Keys pointed at that neither the file (so far) nor `isKnown` define: what `finish(existing:)`
    /// needs to hear about from the database.
    public var unresolvedKeys: Set<InterchangeKey> { Set(pending.map(\.key)) }

    /// Checks the next line (lines must come in file order, as `InterchangeReader` gives them).
    /// Returns its record when the line is good as far as can be told so far and is not an
    /// identical repeat.
    @discardableResult
    public mutating func check(_ line: InterchangeLine) -> InterchangeRecord? {
        lineCount += 1
        if line.isTooLong {
            problems.append(InterchangeProblem(line: line.number, field: "json", message: "the line is longer than \(InterchangeReader.maximumLineLength) bytes"))
            return nil
        }
        let parsed = line.bytes.withUnsafeBufferPointer { InterchangeParser.parse(bytes: $0) }
        for problem in parsed.problems {
            problems.append(InterchangeProblem(line: line.number, field: problem.field, message: problem.message))
        }
        for (field, key) in parsed.references where definitions[key] == nil && !isKnown(key) {
            pending.append(PendingReference(line: line.number, field: field, key: key))
        }
        guard let key = parsed.key else { return nil }
        let fingerprint = parsed.record.map(Fingerprint.init)
        if let earlier = definitions[key] {
            if let fingerprint, fingerprint == earlier.fingerprint {
                identicalRepeats += 1
                return nil
            }
            if earlier.fingerprint != nil, parsed.record != nil {
                problems.append(InterchangeProblem(
                    line: line.number, field: key.kind == .localAuthority ? "code" : "ref",
                    message: "\(key) was already defined on line \(earlier.line) with different content; a ref names one record (an identical repeat is allowed)"
                ))
            }
            return nil
        }
        definitions[key] = Definition(line: line.number, fingerprint: fingerprint)
        guard let record = parsed.record else { return nil }
        if keepRecords { records.append(record) }
        return record
    }

    /// The verdict on the file, given which of `unresolvedKeys` the database holds.
    public mutating func finish(existing: Set<InterchangeKey> = []) -> InterchangeValidation {
        var all = problems
        for reference in pending where !existing.contains(reference.key) {
            all.append(InterchangeProblem(line: reference.line, field: reference.field, message: explain(reference)))
        }
        // A stable sort keeps each line's problems in the order they were found.
        let ordered = all.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        return InterchangeValidation(
            problems: ordered, records: records, lineCount: lineCount,
            identicalRepeats: identicalRepeats
        )
    }

    private func explain(_ reference: PendingReference) -> String {
        let key = reference.key
        if let definition = definitions[key] {
            return "\(key) is defined only later, on line \(definition.line); a ref must be defined before a line points at it"
        }
        if key.kind != .localAuthority {
            for other in InterchangeKind.allCases where other != key.kind && other != .localAuthority {
                let candidate = InterchangeKey(kind: other, la: key.la, ref: key.ref)
                if let definition = definitions[candidate] {
                    return "'\(key.ref)' is a \(other.phrase) (line \(definition.line)), not a \(key.kind.phrase)"
                }
            }
        }
        let advice = key.kind == .localAuthority ? "; add a localAuthority line before it" : ""
        return "\(key) is not defined earlier in the file nor already in the database\(advice)"
    }
}

extension InterchangeValidator {
    /// Checks a file, reading it in chunks.
    public static func validate(
        url: URL, isKnown: @escaping (InterchangeKey) -> Bool = { _ in false }, keepRecords: Bool = true
    ) throws -> InterchangeValidation {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = InterchangeReader(fileHandle: handle)
        var validator = InterchangeValidator(isKnown: isKnown, keepRecords: keepRecords)
        try reader.forEach { validator.check($0) }
        return validator.finish()
    }

    /// Checks a file already in memory (an API request body).
    public static func validate(
        data: Data, isKnown: @escaping (InterchangeKey) -> Bool = { _ in false }, keepRecords: Bool = true
    ) -> InterchangeValidation {
        var reader = InterchangeReader(data: data)
        var validator = InterchangeValidator(isKnown: isKnown, keepRecords: keepRecords)
        // Reading memory cannot fail.
        try? reader.forEach { validator.check($0) }
        return validator.finish()
    }
}
