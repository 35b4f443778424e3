/// A UK postcode, normalised to upper case with one space before the inward code ("SO23 8UJ").
///
/// The shape check follows the published format (outward code of 2-4 characters starting with a
/// letter, inward code of a digit and two letters); it does not prove the postcode exists.
public struct Postcode: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    public init?(_ text: String) {
        let compact = text.filter { !$0.isWhitespace }.uppercased()
        let chars = Array(compact)
        guard (5...7).contains(chars.count), chars.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let inward = chars.suffix(3)
        let outward = chars.prefix(chars.count - 3)
        guard let first = outward.first, first.isLetter,
              outward.contains(where: \.isNumber),
              inward[inward.startIndex].isNumber,
              inward.dropFirst().allSatisfy(\.isLetter)
        else { return nil }
        value = String(outward) + " " + String(inward)
    }

    /// The outward code ("SO23"): the district, used to compare addresses loosely.
    public var outward: String { String(value.split(separator: " ")[0]) }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let postcode = Postcode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UK postcode"))
        }
        self = postcode
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
