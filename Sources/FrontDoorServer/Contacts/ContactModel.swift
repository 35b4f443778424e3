import Fluent
import FrontDoorDomain
import Vapor

final class ContactModel: Model, @unchecked Sendable {
    static let schema = "contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @OptionalField(key: "ref") var ref: String?
    /// Setting it sets `receivedMonth` too (a model read from the database is not changed).
    @Field(key: "received_at") var receivedAt: Date {
        didSet { receivedMonth = ContactMonth.key(of: receivedAt) }
    }
    /// The Europe/London month of `receivedAt` as `YYYYMM` (migration 011): the monthly report
    /// groups by it from an index, in order, without sorting.
    @Field(key: "received_month") var receivedMonth: Int
    @Field(key: "source") var source: String
    @OptionalField(key: "channel") var channel: String?
    @Field(key: "type") var type: String
    @OptionalField(key: "referrer_name") var referrerName: String?
    @OptionalField(key: "referrer_organisation") var referrerOrganisation: String?
    @OptionalField(key: "referrer_role") var referrerRole: String?
    @OptionalField(key: "referrer_email") var referrerEmail: String?
    @OptionalField(key: "referrer_phone") var referrerPhone: String?
    @OptionalField(key: "narrative") var narrative: String?
    @OptionalField(key: "consent") var consent: String?
    @OptionalField(key: "consent_reason") var consentReason: String?
    @Field(key: "open_case_at_receipt") var openCaseAtReceipt: Bool
    /// How many children the contact names (its `contact_people` rows with the role `child`),
    /// kept for the reports (Migrations/009-reports, `ContactChildren`).
    @Field(key: "children_named") var childrenNamed: Int
    @OptionalField(key: "rag") var rag: String?
    /// The police's risk rating of a domestic abuse notification (Migrations/004-meetings).
    @OptionalField(key: "police_risk") var policeRisk: String?
    @Field(key: "state") var state: String
    @OptionalField(key: "worker_id") var workerID: UUID?
    @OptionalField(key: "strengths") var strengths: String?
    @OptionalField(key: "risks") var risks: String?
    @OptionalField(key: "proposed_outcome") var proposedOutcome: String?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "closure") var closure: String?
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// Bumped on every change, so two people saving the same contact cannot overwrite each other.
    @Field(key: "version") var version: Int
    /// Set when the retention job removed the contact's personal details.
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?

    init() {}

    var ragValue: RAG? { rag.flatMap(RAG.init(rawValue:)) }

    /// The stage, rebuilt from the stored columns.
    var stage: ContactStage {
        switch ContactState(rawValue: state) ?? .received {
        case .received:
            return .received
        case .inScreening:
            guard let workerID else { return .received }
            return .inScreening(worker: workerID)
        case .awaitingDecision:
            guard let workerID else { return .received }
            let summary = CaseSummary(
                strengths: strengths ?? "", risks: risks ?? "",
                proposedOutcome: proposedOutcome.flatMap(ContactOutcome.init(rawValue:)) ?? .closed
            )
            return .awaitingDecision(worker: workerID, summary: summary)
        case .decided:
            return .decided(ContactDecision(
                outcome: outcome.flatMap(ContactOutcome.init(rawValue:)) ?? .other,
                closure: closure.flatMap(ClosureKind.init(rawValue:)),
                reason: decisionReason ?? "", decidedAt: decidedAt ?? receivedAt, decidedBy: decidedBy ?? UUID()
            ))
        }
    }

    /// Stores a stage; the case summary written at screening is kept after the decision.
    func store(_ stage: ContactStage) {
        state = stage.state.rawValue
        switch stage {
        case .received:
            workerID = nil
        case .inScreening(let worker):
            workerID = worker
        case .awaitingDecision(let worker, let summary):
            workerID = worker
            strengths = summary.strengths
            risks = summary.risks
            proposedOutcome = summary.proposedOutcome.rawValue
        case .decided(let decision):
            outcome = decision.outcome.rawValue
            closure = decision.closure?.rawValue
            decisionReason = decision.reason
            decidedAt = decision.decidedAt
            decidedBy = decision.decidedBy
        }
    }
}

/// A person named in a contact, as a child the contact is about or an adult of the household.
final class ContactPersonModel: Model, @unchecked Sendable {
    static let schema = "contact_people"

    @ID(key: .id) var id: UUID?
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "role") var role: String
    @Field(key: "position") var position: Int

    init() {}

    init(contactID: UUID, personID: UUID, role: String, position: Int) {
        self.contactID = contactID
        self.personID = personID
        self.role = role
        self.position = position
    }
}

/// One step in a contact's life: who did what, when, from which state to which.
final class ContactEventModel: Model, @unchecked Sendable {
    static let schema = "contact_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "from_state") var fromState: String?
    @Field(key: "to_state") var toState: String
    @OptionalField(key: "detail") var detail: String?

    init() {}

    init(contactID: UUID, at: Date, actorID: UUID?, action: String, fromState: String?, toState: String, detail: String?) {
        self.contactID = contactID
        self.at = at
        self.actorID = actorID
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.detail = detail
    }
}

/// A contact's month, as the reports count months: Europe/London, written `YYYYMM`.
enum ContactMonth {
    private static let calendar = WorkingCalendar(holidays: .englandAndWales)

    static func key(of instant: Date) -> Int {
        key(ReportMonth(calendar.localDate(of: instant)))
    }

    static func key(_ month: ReportMonth) -> Int { month.year * 100 + month.month }
}
