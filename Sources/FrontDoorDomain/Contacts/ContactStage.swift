import Foundation

/// The screening worker's case summary, written before the contact goes for a decision.
public struct CaseSummary: Equatable, Sendable, Codable {
    public var strengths: String
    public var risks: String
    public var proposedOutcome: ContactOutcome

    public init(strengths: String, risks: String, proposedOutcome: ContactOutcome) {
        self.strengths = strengths
        self.risks = risks
        self.proposedOutcome = proposedOutcome
    }
}

/// A manager's decision on a contact. It stops the contact's clocks.
public struct ContactDecision: Equatable, Sendable {
    public var outcome: ContactOutcome
    /// Only for closed contacts: no further action, advice, or signposted.
    public var closure: ClosureKind?
    public var reason: String
    public var decidedAt: Date
    public var decidedBy: UUID

    public init(outcome: ContactOutcome, closure: ClosureKind? = nil, reason: String, decidedAt: Date, decidedBy: UUID) {
        self.outcome = outcome
        self.closure = outcome == .closed ? (closure ?? .noFurtherAction) : nil
        self.reason = reason
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
    }
}

/// Where a contact is between receipt and decision.
///
/// received → in screening (a triage worker holds it) → awaiting decision (summary written) → decided.
/// A manager may also decide a contact before it is screened (a notification on an open case is
/// passed straight to the allocated worker); nothing moves a decided contact.
public enum ContactStage: Equatable, Sendable {
    case received
    case inScreening(worker: UUID)
    case awaitingDecision(worker: UUID, summary: CaseSummary)
    case decided(ContactDecision)

    public var state: ContactState {
        switch self {
        case .received: .received
        case .inScreening: .inScreening
        case .awaitingDecision: .awaitingDecision
        case .decided: .decided
        }
    }

    public var worker: UUID? {
        switch self {
        case .inScreening(let worker), .awaitingDecision(let worker, _): worker
        case .received, .decided: nil
        }
    }

    public var decision: ContactDecision? {
        if case .decided(let decision) = self { return decision }
        return nil
    }
}

/// The stage's name, as the API and the database carry it.
public enum ContactState: String, CaseIterable, Codable, Sendable {
    case received
    case inScreening = "in-screening"
    case awaitingDecision = "awaiting-decision"
    case decided

    /// Every state but decided: a queue asks for these by name, so that an index on the state
    /// finds them among a million decided contacts.
    public static let undecided: [ContactState] = allCases.filter { $0 != .decided }

    public var label: String {
        switch self {
        case .received: "received"
        case .inScreening: "in screening"
        case .awaitingDecision: "awaiting decision"
        case .decided: "decided"
        }
    }
}

/// Something a user does to a contact.
public enum ContactAction: Equatable, Sendable {
    /// Give the contact to a triage worker to screen (taking it, or a manager allocating or reallocating it).
    case assign(worker: UUID)
    /// Send the screened contact, with its case summary, to a manager for a decision.
    case submitForDecision(CaseSummary)
    /// A manager sends a contact back to its screening worker for more work.
    case returnToScreening
    case decide(ContactDecision)
    /// Set or clear the urgency rating.
    case rate(RAG?)

    public var name: String {
        switch self {
        case .assign: "assign"
        case .submitForDecision: "submit"
        case .returnToScreening: "return"
        case .decide: "decide"
        case .rate: "rate"
        }
    }
}

/// Why a step was refused: the contact is not in a stage where it makes sense.
public struct TransitionRefused: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String

    public var description: String { message }
}

/// The contact state machine: every legal step, and a reason for every illegal one.
public enum ContactWorkflow {
    public static func apply(_ action: ContactAction, to stage: ContactStage) throws(TransitionRefused) -> ContactStage {
        if case .decided(let decision) = stage {
            throw TransitionRefused(
                code: "contact-decided",
                message: "the contact was already decided (\(decision.outcome.rawValue)); a decided contact cannot be changed — record a new contact if new information has arrived"
            )
        }
        switch (action, stage) {
        case (.assign(let worker), .received), (.assign(let worker), .inScreening):
            return .inScreening(worker: worker)
        case (.assign, .awaitingDecision):
            throw TransitionRefused(
                code: "awaiting-decision",
                message: "the contact is awaiting a manager's decision; a manager must return it to screening before it can be reassigned"
            )
        case (.submitForDecision(let summary), .inScreening(let worker)):
            return .awaitingDecision(worker: worker, summary: summary)
        case (.submitForDecision, .received):
            throw TransitionRefused(
                code: "not-in-screening",
                message: "the contact has not been assigned for screening yet; assign it to a triage worker first"
            )
        case (.submitForDecision, .awaitingDecision):
            throw TransitionRefused(code: "awaiting-decision", message: "the contact is already awaiting a manager's decision")
        case (.returnToScreening, .awaitingDecision(let worker, _)):
            return .inScreening(worker: worker)
        case (.returnToScreening, _):
            throw TransitionRefused(
                code: "not-awaiting-decision",
                message: "only a contact awaiting a decision can be returned to screening; this one is \(stage.state.label)"
            )
        case (.decide(let decision), _):
            return .decided(decision)
        case (.rate, _):
            return stage
        case (_, .decided):
            // Handled above; kept so the switch is exhaustive without a default that could hide a new case.
            return stage
        }
    }
}
