/// `kind: localAuthority` — a council whose front door the system serves.
public struct InterchangeLocalAuthority: Hashable, Sendable {
    /// The DfE LA number: three digits, "850" for Hampshire, "921" for the Isle of Wight.
    public var code: String
    public var name: String
    /// Children aged 0-17, for rates per 10,000.
    public var childPopulation: Int?

    public init(code: String, name: String, childPopulation: Int? = nil) {
        self.code = code
        self.name = name
        self.childPopulation = childPopulation
    }

    /// Field names in the order the specification lists them, which is the order they are written in.
    public static let fields = ["code", "name", "childPopulation"]
}
