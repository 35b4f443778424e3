/// A unique pupil number (DfE): a check letter, the 3-digit LA number, the 4-digit establishment
/// number, a 2-digit year and a 3-character serial whose last character is a letter for a
/// temporary UPN.
///
/// The check letter (CIN census rule 1510): characters 2 to 13 are weighted 2 to 13 (a letter in
/// position 13 counts as its place in the check alphabet), the sum is divided by 23, and the
/// remainder picks a letter from A–Z without I, O and S.
public struct UPN: Hashable, Codable, Sendable, CustomStringConvertible {
    public static let checkAlphabet: [Character] = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    public let value: String

    public init?(_ text: String) {
        let compact = text.filter { $0 != " " }.uppercased()
        let chars = Array(compact)
        guard chars.count == 13,
              UPN.checkAlphabet.contains(chars[0]),
              chars[1...11].allSatisfy(\.isASCIIDigit),
              chars[12].isASCIIDigit || UPN.checkAlphabet.contains(chars[12]),
              UPN.checkLetter(for: chars[1...]) == chars[0]
        else { return nil }
        value = compact
    }

    /// The check letter for the twelve characters after it, or nil if they are malformed.
    public static func checkLetter(for rest: ArraySlice<Character>) -> Character? {
        guard rest.count == 12 else { return nil }
        var sum = 0
        for (offset, char) in rest.enumerated() {
            let weight = offset + 2
            if let digit = char.wholeNumberValue, char.isASCIIDigit {
                sum += digit * weight
            } else if let index = checkAlphabet.firstIndex(of: char), offset == 11 {
                sum += index * weight
            } else {
                return nil
            }
        }
        return checkAlphabet[sum % 23]
    }

    /// The LA number the UPN was issued in (characters 2 to 4).
    public var laCode: String { String(value.dropFirst().prefix(3)) }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let upn = UPN(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a valid UPN"))
        }
        self = upn
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
