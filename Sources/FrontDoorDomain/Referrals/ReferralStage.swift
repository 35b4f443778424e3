import Foundation

/// Whether the referral is a child in need referral or a child protection concern: it sets the
/// clock (Hampshire: two working days for a child in need referral; child protection managed
/// within hours).
public enum ReferralKind: String, CaseIterable, Codable, Sendable {
    case childInNeed = "child-in-need"
    case childProtection = "child-protection"
}

/// A manager's decision on a referral (domain.md step 4).
public enum ReferralOutcome: String, CaseIterable, Codable, Sendable {
    /// Closed in the MASH with advice, or no further action.
    case closed
    /// Stepped to early help (family support).
    case earlyHelp = "early-help"
    /// Progressed to a children and families assessment by a named district team.
    case assessment
    /// Risk of significant harm: a strategy discussion is held.
    case strategyDiscussion = "strategy-discussion"
    /// Anything else (for example transferred to another local authority); mostly from history.
    case other

    /// The interchange and report outcome ("assessment" covers an assessment and/or a section 47 enquiry).
    public var reportOutcome: String {
        switch self {
        case .closed: "closed"
        case .earlyHelp: "early-help"
        case .assessment, .strategyDiscussion: "assessment"
        case .other: "other"
        }
    }
}

/// The social worker's work on a referral, written before a manager decides.
public struct ReferralAnalysis: Equatable, Sendable {
    public var informationGathered: String
    public var analysis: String
    public var recommendation: ReferralOutcome

    public init(informationGathered: String, analysis: String, recommendation: ReferralOutcome) {
        self.informationGathered = informationGathered
        self.analysis = analysis
        self.recommendation = recommendation
    }
}

public struct ReferralDecision: Equatable, Sendable {
    public var outcome: ReferralOutcome
    /// The district or early help team the case goes to, for an assessment or early help.
    public var team: String?
    public var reason: String
    public var decidedAt: Date
    public var decidedBy: UUID

    public init(outcome: ReferralOutcome, team: String?, reason: String, decidedAt: Date, decidedBy: UUID) {
        self.outcome = outcome
        self.team = team
        self.reason = reason
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
    }
}

/// Where a referral is: open and unallocated → allocated to a MASH social worker → analysis
/// recorded, awaiting a manager's decision → decided. The decision stops the referral clock.
public enum ReferralStage: Equatable, Sendable {
    case unallocated
    case allocated(worker: UUID)
    case awaitingDecision(worker: UUID, analysis: ReferralAnalysis)
    case decided(ReferralDecision)

    public var state: ReferralState {
        switch self {
        case .unallocated: .unallocated
        case .allocated: .allocated
        case .awaitingDecision: .awaitingDecision
        case .decided: .decided
        }
    }

    public var worker: UUID? {
        switch self {
        case .allocated(let worker), .awaitingDecision(let worker, _): worker
        case .unallocated, .decided: nil
        }
    }
}

public enum ReferralState: String, CaseIterable, Codable, Sendable {
    case unallocated, allocated
    case awaitingDecision = "awaiting-decision"
    case decided

    /// Every state but decided, named (see `ContactState.undecided`).
    public static let open: [ReferralState] = allCases.filter { $0 != .decided }
}

public enum ReferralAction: Equatable, Sendable {
    /// A manager allocates (or reallocates) the referral to a MASH social worker.
    case allocate(worker: UUID)
    /// The allocated worker records what was gathered, the analysis and a recommendation.
    case recordAnalysis(ReferralAnalysis)
    /// A manager sends the analysis back for more work.
    case returnToWorker
    case decide(ReferralDecision)

    public var name: String {
        switch self {
        case .allocate: "allocate"
        case .recordAnalysis: "analysis"
        case .returnToWorker: "return"
        case .decide: "decide"
        }
    }
}

public enum ReferralWorkflow {
    public static func apply(_ action: ReferralAction, to stage: ReferralStage) throws(TransitionRefused) -> ReferralStage {
        if case .decided(let decision) = stage {
            throw TransitionRefused(code: "referral-decided", message: "the referral was already decided (\(decision.outcome.rawValue)); it cannot be changed")
        }
        switch (action, stage) {
        case (.allocate(let worker), .unallocated), (.allocate(let worker), .allocated):
            return .allocated(worker: worker)
        case (.allocate, .awaitingDecision):
            throw TransitionRefused(code: "awaiting-decision", message: "the referral is awaiting a manager's decision; return it to the worker before reallocating")
        case (.recordAnalysis(let analysis), .allocated(let worker)), (.recordAnalysis(let analysis), .awaitingDecision(let worker, _)):
            return .awaitingDecision(worker: worker, analysis: analysis)
        case (.recordAnalysis, .unallocated):
            throw TransitionRefused(code: "not-allocated", message: "the referral has not been allocated to a social worker yet")
        case (.returnToWorker, .awaitingDecision(let worker, _)):
            return .allocated(worker: worker)
        case (.returnToWorker, _):
            throw TransitionRefused(code: "not-awaiting-decision", message: "only a referral awaiting a decision can be returned to its worker")
        case (.decide(let decision), .awaitingDecision):
            if (decision.outcome == .assessment || decision.outcome == .earlyHelp), decision.team == nil {
                throw TransitionRefused(code: "team-required", message: "name the team that receives the case")
            }
            return .decided(decision)
        case (.decide(let decision), _):
            // Risk of significant harm cannot wait for an analysis: a manager may go straight to a
            // strategy discussion. Anything else needs the worker's analysis first.
            guard decision.outcome == .strategyDiscussion else {
                throw TransitionRefused(code: "no-analysis", message: "record the social worker's analysis and recommendation before deciding (only a strategy discussion may be called at once)")
            }
            return .decided(decision)
        case (_, .decided):
            return stage
        }
    }
}
