import Foundation

/// The agencies that must take part in a strategy discussion (Working Together: local authority
/// children's social care, police and health), and the others that may.
public enum Agency: String, CaseIterable, Codable, Sendable {
    case socialCare = "social-care"
    case police, health, education, probation, housing
    case domesticAbuseService = "domestic-abuse-service"
    case other

    public static let requiredAtStrategyDiscussion: [Agency] = [.socialCare, .police, .health]

    public var label: String {
        switch self {
        case .socialCare: "children's social care"
        case .police: "police"
        case .health: "health"
        case .education: "education"
        case .probation: "probation"
        case .housing: "housing"
        case .domesticAbuseService: "domestic abuse service"
        case .other: "other agency"
        }
    }
}

/// What a strategy discussion decided.
public enum StrategyOutcome: String, CaseIterable, Codable, Sendable {
    /// Section 47 enquiry, joint with police.
    case section47Joint = "s47-joint"
    /// Section 47 enquiry by children's social care alone.
    case section47Single = "s47-single"
    /// No section 47; a children and families assessment instead.
    case assessment
    case noFurtherAction = "no-further-action"

    public var startsSection47: Bool { self == .section47Joint || self == .section47Single }
}

public enum StrategyDiscussionRules {
    /// A warning for each agency that must take part and did not.
    public static func warnings(participants: [Agency]) -> [String] {
        Agency.requiredAtStrategyDiscussion.filter { !participants.contains($0) }.map { "\($0.label) did not take part: a strategy discussion needs children's social care, police and health" }
    }

    /// The initial child protection conference is due 15 working days after the (last) strategy
    /// discussion that started the section 47 enquiry (Working Together).
    public static func initialConferenceTarget(after discussion: LocalDate, calendar: WorkingCalendar) -> LocalDate {
        calendar.adding(workingDays: 15, to: discussion)
    }

    /// An assessment is due 45 working days after the referral (Working Together).
    public static func assessmentDue(referralDate: LocalDate, calendar: WorkingCalendar) -> LocalDate {
        calendar.adding(workingDays: 45, to: referralDate)
    }
}
