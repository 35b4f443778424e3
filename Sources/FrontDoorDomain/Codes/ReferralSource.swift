/// Who made a contact or referral: the DfE children in need census ReferralSource list (N00152).
public enum ReferralSource: String, CaseIterable, Codable, Sendable {
    case familyMember = "1A", acquaintance = "1B", selfReferral = "1C", otherIndividual = "1D"
    case schools = "2A", educationServices = "2B"
    case gp = "3A", healthVisitor = "3B", schoolNurse = "3C", otherPrimaryHealth = "3D"
    case accidentAndEmergency = "3E", otherHealth = "3F"
    case housing = "4"
    case laSocialCare = "5A", laOtherInternal = "5B", laExternal = "5C", earlyHelp = "5D"
    case police = "6"
    case otherLegalAgency = "7"
    case other = "8"
    case anonymous = "9"
    case unknown = "10"

    public var code: String { rawValue }

    public var label: String {
        switch self {
        case .familyMember: "Individual – family member, relative or carer"
        case .acquaintance: "Individual – acquaintance (including neighbours and child minders)"
        case .selfReferral: "Individual – self"
        case .otherIndividual: "Individual – other (including strangers)"
        case .schools: "Schools"
        case .educationServices: "Education services"
        case .gp: "Health services – general practitioner (GP)"
        case .healthVisitor: "Health services – health visitor"
        case .schoolNurse: "Health services – school nurse"
        case .otherPrimaryHealth: "Health services – other primary health services"
        case .accidentAndEmergency: "Health services – A&E"
        case .otherHealth: "Health services – other (for example hospice)"
        case .housing: "Housing – local authority housing or housing association"
        case .laSocialCare: "LA services – social care (for example adults social care)"
        case .laOtherInternal: "LA services – other internal (for example youth offending)"
        case .laExternal: "LA services – external (for example another local authority)"
        case .earlyHelp: "LA services – early help"
        case .police: "Police"
        case .otherLegalAgency: "Other legal agency – courts, probation, immigration, CAFCASS or prison"
        case .other: "Other – children's centres, independent agency providers or voluntary organisations"
        case .anonymous: "Anonymous"
        case .unknown: "Unknown"
        }
    }

    /// The four rows councils report (reports.md, "Source groups").
    public var group: SourceGroup {
        switch self {
        case .schools, .educationServices: .education
        case .gp, .healthVisitor, .schoolNurse, .otherPrimaryHealth, .accidentAndEmergency, .otherHealth: .health
        case .police: .police
        default: .other
        }
    }
}

public enum SourceGroup: String, CaseIterable, Codable, Sendable {
    case education, health, police, other
}
