/// What a referral led to once the MASH work was complete, as the interchange format
/// (`referral.outcome`) and the reports (the seeds' referral outcome rows) record it. Coarser than a
/// manager's decision on a live referral: "assessment" covers an assessment and/or a section 47
/// enquiry, and "other" whatever else the legacy system recorded.
public enum ReferralReportOutcome: String, CaseIterable, Codable, Sendable {
    /// Closed within the MASH, with advice.
    case closed
    /// Progressed to a children and families assessment and/or a section 47 enquiry.
    case assessment
    /// Transferred to family support (early help).
    case earlyHelp = "early-help"
    case other
}

/// Why a child in need episode closed: the CIN census ReasonForClosure list (N00103).
public enum ReasonForClosure: String, CaseIterable, Codable, Sendable {
    case RC1, RC2, RC3, RC4, RC5, RC6, RC7, RC8, RC9

    public var label: String {
        switch self {
        case .RC1: "Adopted"
        case .RC2: "Died"
        case .RC3: "Child arrangements order"
        case .RC4: "Special guardianship order"
        case .RC5: "Transferred to services of another local authority"
        case .RC6: "Transferred to adult social care services"
        case .RC7: "Services ceased for any other reason, including child no longer in need"
        case .RC8: "Case closed after assessment, no further action"
        case .RC9: "Case closed after assessment, referred to early help"
        }
    }
}

/// The child's main need: the CIN census PrimaryNeedCode list (N00101).
public enum PrimaryNeed: String, CaseIterable, Codable, Sendable {
    case N0, N1, N2, N3, N4, N5, N6, N7, N8, N9

    public var label: String {
        switch self {
        case .N0: "Not stated"
        case .N1: "Abuse, neglect and exploitation"
        case .N2: "Child's disability"
        case .N3: "Parental disability or illness"
        case .N4: "Family in acute stress"
        case .N5: "Family dysfunction"
        case .N6: "Socially unacceptable behaviour"
        case .N7: "Low income"
        case .N8: "Absent parenting"
        case .N9: "Cases other than children in need"
        }
    }
}
