/// What Ofsted's Annex A lists 1, 3, 4 and 5 are made from: each child with their whole history of
/// contacts, referrals, assessments and section 47 enquiries (the whole history, not only the six
/// months, because the lists count what happened in the twelve months before each referral and
/// enquiry). The server fills these from what it stores; `AnnexAReturn` selects and lays them out.
public struct AnnexAChild: Equatable, Sendable {
    /// Child Unique ID: the local authority's id for the child.
    public var childID: String
    public var gender: AnnexAGender
    /// nil is written `t) NOBT` (information not yet obtained).
    public var ethnicity: Ethnicity?
    /// Blank for an unborn child, and then the age is blank too.
    public var dateOfBirth: LocalDate?
    public var disability: AnnexAAnswer
    public var contacts: [AnnexAContact]
    public var referrals: [AnnexAReferral]
    public var assessments: [AnnexAAssessment]
    public var section47Enquiries: [AnnexASection47]

    public init(
        childID: String, gender: AnnexAGender, ethnicity: Ethnicity?, dateOfBirth: LocalDate?, disability: AnnexAAnswer,
        contacts: [AnnexAContact] = [], referrals: [AnnexAReferral] = [], assessments: [AnnexAAssessment] = [],
        section47Enquiries: [AnnexASection47] = []
    ) {
        self.childID = childID
        self.gender = gender
        self.ethnicity = ethnicity
        self.dateOfBirth = dateOfBirth
        self.disability = disability
        self.contacts = contacts
        self.referrals = referrals
        self.assessments = assessments
        self.section47Enquiries = section47Enquiries
    }

    /// The child columns from what the front door holds about a person: gender from the census
    /// sex, disability from the census disability codes (`AnnexAAnswer(disabilities:)`).
    public init(
        childID: String, person: PersonDetails, contacts: [AnnexAContact] = [], referrals: [AnnexAReferral] = [],
        assessments: [AnnexAAssessment] = [], section47Enquiries: [AnnexASection47] = []
    ) {
        self.init(
            childID: childID, gender: AnnexAGender(sex: person.sex), ethnicity: person.ethnicity,
            dateOfBirth: person.dateOfBirth, disability: AnnexAAnswer(disabilities: person.disabilities),
            contacts: contacts, referrals: referrals, assessments: assessments, section47Enquiries: section47Enquiries)
    }
}

/// List 1: one contact about this child (a contact naming three children is three rows).
public struct AnnexAContact: Equatable, Sendable {
    public var date: LocalDate
    public var source: ReferralSource

    public init(date: LocalDate, source: ReferralSource) {
        self.date = date
        self.source = source
    }
}

/// List 3: one referral of this child.
public struct AnnexAReferral: Equatable, Sendable {
    public var date: LocalDate
    public var source: ReferralSource
    /// The referral went no further (the CIN census ReferralNFA flag).
    public var noFurtherAction: Bool
    public var allocatedTeam: String?
    public var allocatedWorker: String?

    public init(date: LocalDate, source: ReferralSource, noFurtherAction: Bool, allocatedTeam: String? = nil, allocatedWorker: String? = nil) {
        self.date = date
        self.source = source
        self.noFurtherAction = noFurtherAction
        self.allocatedTeam = allocatedTeam
        self.allocatedWorker = allocatedWorker
    }
}

/// List 4: one children and families (continuous) assessment.
public struct AnnexAAssessment: Equatable, Sendable {
    public var startDate: LocalDate
    /// nil when not recorded (written `c) Unknown`).
    public var childSeen: Bool?
    public var authorisationDate: LocalDate?
    /// The outcome once authorised: does the child need children's social care support?
    public var requiresSocialCareSupport: Bool?
    public var allocatedTeam: String?
    public var allocatedWorker: String?

    public init(
        startDate: LocalDate, childSeen: Bool? = nil, authorisationDate: LocalDate? = nil,
        requiresSocialCareSupport: Bool? = nil, allocatedTeam: String? = nil, allocatedWorker: String? = nil
    ) {
        self.startDate = startDate
        self.childSeen = childSeen
        self.authorisationDate = authorisationDate
        self.requiresSocialCareSupport = requiresSocialCareSupport
        self.allocatedTeam = allocatedTeam
        self.allocatedWorker = allocatedWorker
    }
}

/// List 5: one section 47 enquiry, and its initial child protection conference if one was held.
public struct AnnexASection47: Equatable, Sendable {
    /// The date of the strategy discussion that started the enquiry.
    public var startDate: LocalDate
    /// The enquiry's outcome: a conference was not needed (true) or was (false); nil while open.
    public var conferenceNotRequired: Bool?
    /// When the enquiry concluded, if recorded; with no date the outcome counts from the start
    /// of the enquiry, and an enquiry with a conference ends with the conference.
    public var concludedOn: LocalDate?
    public var conferenceDate: LocalDate?
    /// Whether the conference made a child protection plan; nil if not recorded.
    public var conferenceResultedInPlan: Bool?
    public var allocatedTeam: String?
    public var allocatedWorker: String?

    public init(
        startDate: LocalDate, conferenceNotRequired: Bool? = nil, concludedOn: LocalDate? = nil,
        conferenceDate: LocalDate? = nil, conferenceResultedInPlan: Bool? = nil, allocatedTeam: String? = nil,
        allocatedWorker: String? = nil
    ) {
        self.startDate = startDate
        self.conferenceNotRequired = conferenceNotRequired
        self.concludedOn = concludedOn
        self.conferenceDate = conferenceDate
        self.conferenceResultedInPlan = conferenceResultedInPlan
        self.allocatedTeam = allocatedTeam
        self.allocatedWorker = allocatedWorker
    }
}

// MARK: - Dropdown values

/// The Gender column's dropdown.
public enum AnnexAGender: String, CaseIterable, Sendable {
    case male = "a) Male"
    case female = "b) Female"
    case notStated = "c) Not stated/recorded"
    case neither = "d) Neither"

    /// From the census sex: U (which includes every unborn child) and nothing recorded are "not
    /// stated/recorded". The census has no code for "neither", so it is never derived.
    public init(sex: Sex?) {
        switch sex {
        case .male: self = .male
        case .female: self = .female
        case .unknown, nil: self = .notStated
        }
    }
}

/// The Yes/No/Unknown dropdowns.
public enum AnnexAAnswer: String, CaseIterable, Sendable {
    case yes = "a) Yes"
    case no = "b) No"
    case unknown = "c) Unknown"

    public init(_ flag: Bool?) {
        switch flag {
        case true?: self = .yes
        case false?: self = .no
        case nil: self = .unknown
        }
    }

    /// "Does the child have a disability?" from census disability codes: any code but NONE is
    /// yes, NONE alone is no, no code at all is unknown.
    public init(disabilities: [Disability]) {
        if disabilities.contains(where: { $0 != .NONE }) {
            self = .yes
        } else if disabilities.isEmpty {
            self = .unknown
        } else {
            self = .no
        }
    }
}

public enum AnnexAValues {
    /// Contact Source and Referral Source: the CIN census ReferralSource codes with their letters.
    /// 5D (early help) has no letter in the 2024 template copies we hold; `p1)` is what D2I's
    /// Annex A extract writes for it.
    public static func source(_ source: ReferralSource) -> String {
        switch source {
        case .familyMember: "a) 1A: Individual"
        case .acquaintance: "b) 1B: Individual"
        case .selfReferral: "c) 1C: Individual"
        case .otherIndividual: "d) 1D: Individual"
        case .schools: "e) 2A: Schools"
        case .educationServices: "f) 2B: Education services"
        case .gp: "g) 3A: Health services"
        case .healthVisitor: "h) 3B: Health services"
        case .schoolNurse: "i) 3C: Health services"
        case .otherPrimaryHealth: "j) 3D: Health services"
        case .accidentAndEmergency: "k) 3E: Health services"
        case .otherHealth: "l) 3F: Health services"
        case .housing: "m) 4: Housing"
        case .laSocialCare: "n) 5A: LA services"
        case .laOtherInternal: "o) 5B: LA services"
        case .laExternal: "p) 5C: LA services"
        case .earlyHelp: "p1) 5D: LA services"
        case .police: "q) 6: Police"
        case .otherLegalAgency: "r) 7: Other legal agency"
        case .other: "s) 8: Other"
        case .anonymous: "t) 9: Anonymous"
        case .unknown: "u) 10: Unknown"
        }
    }

    /// Ethnicity: the census code after its letter, a) WBRI … t) NOBT, in the census order.
    public static func ethnicity(_ ethnicity: Ethnicity?) -> String {
        let value = ethnicity ?? .NOBT
        let letter = ethnicityLetters[ethnicityOrder.firstIndex(of: value)!]
        return "\(letter)) \(value.rawValue)"
    }

    static let ethnicityOrder: [Ethnicity] = [
        .WBRI, .WIRI, .WIRT, .WOTH, .WROM, .MWBC, .MWBA, .MWAS, .MOTH, .AIND, .APKN, .ABAN, .AOTH, .BCRB, .BAFR,
        .BOTH, .CHNE, .OOTH, .REFU, .NOBT,
    ]
    static let ethnicityLetters = Array("abcdefghijklmnopqrst")
}
