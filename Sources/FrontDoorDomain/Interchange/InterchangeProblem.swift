/// One thing wrong in an interchange file, said as `line N: field: problem`.
public struct InterchangeProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line number in the file.
    public let line: Int
    /// The field as written in the file (`children[1]`, `decision.decidedAt`), or `json` / `kind`
    /// when the line as a whole cannot be read.
    public let field: String
    public let message: String

    public init(line: Int, field: String, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line): \(field): \(message)" }
}

/// The outcome of checking a whole file.
public struct InterchangeValidation: Sendable {
    /// Every problem, by line (then in the order found within the line).
    public var problems: [InterchangeProblem]
    /// The good records in file order, each key once (identical repeats are dropped); empty when the
    /// validator was told not to keep them.
    public var records: [InterchangeRecord]
    /// Non-blank lines read.
    public var lineCount: Int
    /// Lines that repeated an earlier record exactly, which re-importing allows.
    public var identicalRepeats: Int

    public var isValid: Bool { problems.isEmpty }

    /// One problem per line of text, as `frontdoor import` prints them.
    public var report: String { problems.map(\.description).joined(separator: "\n") }
}
