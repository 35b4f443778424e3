import Foundation

/// What a report needs to know about one contact. The server builds these from its rows; every
/// report figure is computed from them, never from a stored counter.
public struct ReportContact: Hashable, Sendable {
    /// The manager's decision, when there has been one.
    public struct Decision: Hashable, Sendable {
        public var outcome: ContactOutcome
        public var decidedAt: Date

        public init(outcome: ContactOutcome, decidedAt: Date) {
            self.outcome = outcome
            self.decidedAt = decidedAt
        }
    }

    /// How a figure names the records behind it (the contact's id or interchange ref).
    public var id: String
    public var la: String
    public var receivedAt: Date
    public var source: ReferralSource
    /// Whether the contact was on a case already open when it arrived (contacts on open cases
    /// are counted apart from contacts on new cases).
    public var openCaseAtReceipt: Bool
    /// How many children the contact names: contacts count once per child named (Annex A).
    public var children: Int
    public var rag: RAG?
    public var decision: Decision?

    public init(
        id: String, la: String, receivedAt: Date, source: ReferralSource, openCaseAtReceipt: Bool = false,
        children: Int = 1, rag: RAG? = nil, decision: Decision? = nil
    ) {
        self.id = id
        self.la = la
        self.receivedAt = receivedAt
        self.source = source
        self.openCaseAtReceipt = openCaseAtReceipt
        self.children = children
        self.rag = rag
        self.decision = decision
    }

    /// A contact read from an interchange file. `openCaseAtReceipt` is the file's when it says,
    /// otherwise `derivedOpenCase` (the importer works it out from the children's open cases).
    public init(_ contact: InterchangeContact, derivedOpenCase: Bool = false) {
        self.init(
            id: contact.ref, la: contact.la, receivedAt: contact.receivedAt, source: contact.source,
            openCaseAtReceipt: contact.openCaseAtReceipt ?? derivedOpenCase, children: contact.children.count,
            rag: contact.rag, decision: contact.decision.map { Decision(outcome: $0.outcome, decidedAt: $0.decidedAt) }
        )
    }
}

/// What a report needs to know about one referral: one child's episode, with the dates of the steps
/// it went through.
public struct ReportReferral: Hashable, Sendable {
    public var id: String
    public var la: String
    /// Identifies the child across referrals, for re-referrals.
    public var childId: String
    /// The contact it came from, for attrition by source.
    public var contactId: String?
    public var referredAt: Date
    public var source: ReferralSource
    /// When the MASH work was completed and the outcome decided.
    public var completedAt: Date?
    public var outcome: ReferralReportOutcome?
    public var strategyDiscussionAt: Date?
    public var s47StartedAt: LocalDate?
    public var assessmentStartedAt: LocalDate?
    public var assessmentAuthorisedAt: LocalDate?
    public var icpcAt: LocalDate?

    public init(
        id: String, la: String, childId: String, contactId: String? = nil, referredAt: Date, source: ReferralSource,
        completedAt: Date? = nil, outcome: ReferralReportOutcome? = nil, strategyDiscussionAt: Date? = nil,
        s47StartedAt: LocalDate? = nil, assessmentStartedAt: LocalDate? = nil, assessmentAuthorisedAt: LocalDate? = nil,
        icpcAt: LocalDate? = nil
    ) {
        self.id = id
        self.la = la
        self.childId = childId
        self.contactId = contactId
        self.referredAt = referredAt
        self.source = source
        self.completedAt = completedAt
        self.outcome = outcome
        self.strategyDiscussionAt = strategyDiscussionAt
        self.s47StartedAt = s47StartedAt
        self.assessmentStartedAt = assessmentStartedAt
        self.assessmentAuthorisedAt = assessmentAuthorisedAt
        self.icpcAt = icpcAt
    }

    public init(_ referral: InterchangeReferral) {
        self.init(
            id: referral.ref, la: referral.la, childId: referral.child, contactId: referral.contact,
            referredAt: referral.referredAt, source: referral.source, completedAt: referral.completedAt,
            outcome: referral.outcome, strategyDiscussionAt: referral.strategyDiscussionAt,
            s47StartedAt: referral.s47StartedAt, assessmentStartedAt: referral.assessmentStartedAt,
            assessmentAuthorisedAt: referral.assessmentAuthorisedAt, icpcAt: referral.icpcAt
        )
    }
}
