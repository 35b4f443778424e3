import Foundation

/// `kind: referral` — one child's episode (the CIN census convention), from referral to closure.
public struct InterchangeReferral: Hashable, Sendable {
    public var ref: String
    public var la: String
    /// Person ref of the child.
    public var child: String
    /// Contact ref of the contact it came from, when known.
    public var contact: String?
    public var referredAt: Date
    public var source: ReferralSource
    /// When the MASH work was completed and the outcome decided.
    public var completedAt: Date?
    public var outcome: ReferralReportOutcome?
    /// The CIN census ReferralNFA flag.
    public var nfa: Bool?
    public var strategyDiscussionAt: Date?
    /// Section 47 enquiry start.
    public var s47StartedAt: LocalDate?
    /// Children and families (single) assessment start.
    public var assessmentStartedAt: LocalDate?
    public var assessmentAuthorisedAt: LocalDate?
    /// Initial child protection conference.
    public var icpcAt: LocalDate?
    public var cpPlanStartedAt: LocalDate?
    /// CIN episode closure.
    public var closedAt: LocalDate?
    public var reasonForClosure: ReasonForClosure?
    public var primaryNeed: PrimaryNeed?

    public init(
        ref: String, la: String, child: String, contact: String? = nil, referredAt: Date, source: ReferralSource,
        completedAt: Date? = nil, outcome: ReferralReportOutcome? = nil, nfa: Bool? = nil, strategyDiscussionAt: Date? = nil,
        s47StartedAt: LocalDate? = nil, assessmentStartedAt: LocalDate? = nil, assessmentAuthorisedAt: LocalDate? = nil,
        icpcAt: LocalDate? = nil, cpPlanStartedAt: LocalDate? = nil, closedAt: LocalDate? = nil,
        reasonForClosure: ReasonForClosure? = nil, primaryNeed: PrimaryNeed? = nil
    ) {
        self.ref = ref
        self.la = la
        self.child = child
        self.contact = contact
        self.referredAt = referredAt
        self.source = source
        self.completedAt = completedAt
        self.outcome = outcome
        self.nfa = nfa
        self.strategyDiscussionAt = strategyDiscussionAt
        self.s47StartedAt = s47StartedAt
        self.assessmentStartedAt = assessmentStartedAt
        self.assessmentAuthorisedAt = assessmentAuthorisedAt
        self.icpcAt = icpcAt
        self.cpPlanStartedAt = cpPlanStartedAt
        self.closedAt = closedAt
        self.reasonForClosure = reasonForClosure
        self.primaryNeed = primaryNeed
    }

    public static let fields = [
        "ref", "la", "child", "contact", "referredAt", "source", "completedAt", "outcome", "nfa",
        "strategyDiscussionAt", "s47StartedAt", "assessmentStartedAt", "assessmentAuthorisedAt", "icpcAt",
        "cpPlanStartedAt", "closedAt", "reasonForClosure", "primaryNeed",
    ]
}
