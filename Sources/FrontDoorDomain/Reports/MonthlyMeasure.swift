/// The measures of the monthly front-door report (reports.md, the Hampshire Appendix 1 tables), in
/// the order the CSV lists them. The raw value is the CSV's `measure` column.
public enum MonthlyMeasure: String, CaseIterable, Sendable {
    case contactsOpenCases = "contacts_open_cases"
    case contactsNewCases = "contacts_new_cases"
    case contactsTotal = "contacts_total"
    case contactSourceEducation = "contact_source_education"
    case contactSourceHealth = "contact_source_health"
    case contactSourcePolice = "contact_source_police"
    case contactSourceOther = "contact_source_other"
    case contactOutcomeClosed = "contact_outcome_closed"
    case contactOutcomeReferral = "contact_outcome_referral"
    case contactOutcomeOther = "contact_outcome_other"
    case contactPercentageResolved = "contact_percentage_resolved"
    case referralSourceEducation = "referral_source_education"
    case referralSourceHealth = "referral_source_health"
    case referralSourcePolice = "referral_source_police"
    case referralSourceOther = "referral_source_other"
    case referralsTotal = "referrals_total"
    case referralOutcomeClosed = "referral_outcome_closed"
    case referralOutcomeOther = "referral_outcome_other"
    case referralOutcomeAssessment = "referral_outcome_assessment"
    case s47Started = "s47_started"
    case cfAssessmentsStarted = "cf_assessments_started"
    case referralTimelinessPercentage = "referral_timeliness_percentage"
    case referralPercentageProgressedToAssessment = "referral_percentage_progressed_to_assessment"

    /// The row's name in the seeds' tables, for the human view.
    public var label: String {
        switch self {
        case .contactsOpenCases: "Number of contacts on open cases"
        case .contactsNewCases: "Number of contacts on new cases"
        case .contactsTotal: "Total contacts"
        case .contactSourceEducation: "Contact sources: Education"
        case .contactSourceHealth: "Contact sources: Health"
        case .contactSourcePolice: "Contact sources: Police"
        case .contactSourceOther: "Contact sources: Other"
        case .contactOutcomeClosed: "Contact outcomes: Closed"
        case .contactOutcomeReferral: "Contact outcomes: Progress to Referral"
        case .contactOutcomeOther: "Contact outcomes: Other"
        case .contactPercentageResolved: "Percentage Resolved"
        case .referralSourceEducation: "Referral sources: Education"
        case .referralSourceHealth: "Referral sources: Health"
        case .referralSourcePolice: "Referral sources: Police"
        case .referralSourceOther: "Referral sources: Other"
        case .referralsTotal: "Total referrals"
        case .referralOutcomeClosed: "Referral outcomes: Closed"
        case .referralOutcomeOther: "Referral outcomes: Other"
        case .referralOutcomeAssessment: "Referral outcomes: Progressed to Assessment"
        case .s47Started: "S47"
        case .cfAssessmentsStarted: "C&F"
        case .referralTimelinessPercentage: "Timeliness"
        case .referralPercentageProgressedToAssessment: "Percentage Progressed to Assessment"
        }
    }

    /// For a percentage, the measure whose records are its denominator.
    public var denominator: MonthlyMeasure? {
        switch self {
        case .contactPercentageResolved: .contactsNewCases
        case .referralTimelinessPercentage, .referralPercentageProgressedToAssessment: .referralsTotal
        default: nil
        }
    }

    public var isPercentage: Bool { denominator != nil }

    /// Whether the records behind the figure are contacts; otherwise they are referrals.
    public var countsContacts: Bool { rawValue.hasPrefix("contact") }

    public static func contactSource(_ group: SourceGroup) -> MonthlyMeasure {
        switch group {
        case .education: .contactSourceEducation
        case .health: .contactSourceHealth
        case .police: .contactSourcePolice
        case .other: .contactSourceOther
        }
    }

    public static func referralSource(_ group: SourceGroup) -> MonthlyMeasure {
        switch group {
        case .education: .referralSourceEducation
        case .health: .referralSourceHealth
        case .police: .referralSourcePolice
        case .other: .referralSourceOther
        }
    }
}
