/// An NHS number: ten digits whose last is a modulus 11 check digit.
///
/// The check: weight the first nine digits 10 down to 2, sum, take 11 minus the remainder
/// after dividing by 11; 11 becomes 0, and 10 means the number can never be valid.
public struct NHSNumber: Hashable, Codable, Sendable, CustomStringConvertible {
    public let digits: String

    /// Accepts the usual written forms ("943 476 5919", "943-476-5919").
    public init?(_ text: String) {
        let compact = text.filter { $0 != " " && $0 != "-" }
        guard compact.count == 10, compact.allSatisfy(\.isASCIIDigit) else { return nil }
        let values = compact.compactMap(\.wholeNumberValue)
        guard let check = NHSNumber.checkDigit(for: Array(values.prefix(9))), check == values[9] else { return nil }
        digits = compact
    }

    /// The check digit for nine leading digits, or nil when no check digit exists (remainder gives 10).
    public static func checkDigit(for firstNine: [Int]) -> Int? {
        precondition(firstNine.count == 9)
        let sum = zip(firstNine, (2...10).reversed()).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        switch check {
        case 11: return 0
        case 10: return nil
        default: return check
        }
    }

    public var description: String { digits }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = NHSNumber(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a valid NHS number"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
