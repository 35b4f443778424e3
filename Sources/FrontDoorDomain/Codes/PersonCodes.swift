/// Sex as the CIN census records it (N00783): M, F or U (unknown, and always U for an unborn child).
public enum Sex: String, CaseIterable, Codable, Sendable {
    case male = "M", female = "F", unknown = "U"
}

/// CIN census ethnicity codes (N00177).
public enum Ethnicity: String, CaseIterable, Codable, Sendable {
    case WBRI, WIRI, WIRT, WOTH, WROM, MWBC, MWBA, MWAS, MOTH, AIND, APKN, ABAN, AOTH, BCRB, BAFR, BOTH, CHNE, OOTH, REFU, NOBT

    public var label: String {
        switch self {
        case .WBRI: "White British"
        case .WIRI: "White Irish"
        case .WIRT: "Traveller of Irish heritage"
        case .WOTH: "Any other White background"
        case .WROM: "Gypsy/Roma"
        case .MWBC: "White and Black Caribbean"
        case .MWBA: "White and Black African"
        case .MWAS: "White and Asian"
        case .MOTH: "Any other mixed background"
        case .AIND: "Indian"
        case .APKN: "Pakistani"
        case .ABAN: "Bangladeshi"
        case .AOTH: "Any other Asian background"
        case .BCRB: "Caribbean"
        case .BAFR: "African"
        case .BOTH: "Any other Black background"
        case .CHNE: "Chinese"
        case .OOTH: "Any other ethnic group"
        case .REFU: "Refused"
        case .NOBT: "Information not yet obtained"
        }
    }
}

/// CIN census disability codes (N00099).
public enum Disability: String, CaseIterable, Codable, Sendable {
    case NONE, MOB, HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON, AUT, DDA
}
