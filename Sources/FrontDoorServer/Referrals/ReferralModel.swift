import Fluent
import SQLKit
import FrontDoorDomain
import Vapor

/// One child's referral to the MASH (the CIN census counts one episode per child).
final class ReferralModel: Model, @unchecked Sendable {
    static let schema = "referrals"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @OptionalField(key: "ref") var ref: String?
    @OptionalField(key: "contact_id") var contactID: UUID?
    @Field(key: "child_id") var childID: UUID
    @Field(key: "referred_at") var referredAt: Date
    @Field(key: "source") var source: String
    @Field(key: "kind") var kind: String
    @Field(key: "state") var state: String
    @OptionalField(key: "worker_id") var workerID: UUID?
    @OptionalField(key: "information_gathered") var informationGathered: String?
    @OptionalField(key: "analysis") var analysis: String?
    @OptionalField(key: "recommendation") var recommendation: String?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "outcome_team") var outcomeTeam: String?
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "previous_referral_id") var previousReferralID: UUID?
    @OptionalField(key: "consent") var consent: String?
    @OptionalField(key: "consent_reason") var consentReason: String?
    // Downstream dates for the statutory returns (local dates, YYYY-MM-DD).
    @OptionalField(key: "assessment_started_at") var assessmentStartedAt: String?
    @OptionalField(key: "assessment_authorised_at") var assessmentAuthorisedAt: String?
    @Field(key: "assessment_factors") var assessmentFactors: [String]
    @OptionalField(key: "s47_started_at") var s47StartedAt: String?
    @OptionalField(key: "icpc_target") var icpcTarget: String?
    @OptionalField(key: "icpc_at") var icpcAt: String?
    @OptionalField(key: "cp_plan_started_at") var cpPlanStartedAt: String?
    @OptionalField(key: "closed_at") var closedAt: String?
    @OptionalField(key: "reason_for_closure") var reasonForClosure: String?
    @OptionalField(key: "primary_need") var primaryNeed: String?
    /// The CIN census ReferralNFA flag, when history says so explicitly.
    @OptionalField(key: "nfa") var nfa: Bool?
    /// When a strategy discussion was held, for history imported without its discussion records.
    @OptionalField(key: "strategy_discussion_at") var strategyDiscussionAt: Date?
    /// The history that followed the referral in the district teams, from the case system (JSON of
    /// `DownstreamRecord`); when present the statutory returns read it instead of the single dates above.
    @OptionalField(key: "downstream") var downstream: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    var kindValue: ReferralKind { ReferralKind(rawValue: kind) ?? .childInNeed }

    var stage: ReferralStage {
        switch ReferralState(rawValue: state) ?? .unallocated {
        case .unallocated:
            return .unallocated
        case .allocated:
            guard let workerID else { return .unallocated }
            return .allocated(worker: workerID)
        case .awaitingDecision:
            guard let workerID else { return .unallocated }
            return .awaitingDecision(worker: workerID, analysis: ReferralAnalysis(
                informationGathered: informationGathered ?? "", analysis: analysis ?? "",
                recommendation: recommendation.flatMap(ReferralOutcome.init(rawValue:)) ?? .closed
            ))
        case .decided:
            return .decided(ReferralDecision(
                outcome: outcome.flatMap(ReferralOutcome.init(rawValue:)) ?? .closed, team: outcomeTeam,
                reason: decisionReason ?? "", decidedAt: decidedAt ?? referredAt, decidedBy: decidedBy ?? UUID()
            ))
        }
    }

    func store(_ stage: ReferralStage) {
        state = stage.state.rawValue
        switch stage {
        case .unallocated:
            workerID = nil
        case .allocated(let worker):
            workerID = worker
        case .awaitingDecision(let worker, let work):
            workerID = worker
            informationGathered = work.informationGathered
            analysis = work.analysis
            recommendation = work.recommendation.rawValue
        case .decided(let decision):
            outcome = decision.outcome.rawValue
            outcomeTeam = decision.team
            decisionReason = decision.reason
            decidedAt = decision.decidedAt
            decidedBy = decision.decidedBy
        }
    }

    var auditSnapshot: [String: String?] {
        [
            "state": state, "worker_id": workerID?.uuidString, "recommendation": recommendation, "outcome": outcome,
            "outcome_team": outcomeTeam, "decided_at": decidedAt.map(RFC3339.format), "consent": consent,
            "version": String(version), "analysis": analysis, "information_gathered": informationGathered,
            "decision_reason": decisionReason, "consent_reason": consentReason,
            "assessment_started_at": assessmentStartedAt, "assessment_authorised_at": assessmentAuthorisedAt,
            "assessment_factors": assessmentFactors.joined(separator: ","), "s47_started_at": s47StartedAt, "icpc_target": icpcTarget,
            "icpc_at": icpcAt, "cp_plan_started_at": cpPlanStartedAt, "closed_at": closedAt, "reason_for_closure": reasonForClosure,
            "primary_need": primaryNeed,
        ]
    }

    static let freeTextFields: Set<String> = ["analysis", "information_gathered", "decision_reason", "consent_reason"]
}

final class ReferralEventModel: Model, @unchecked Sendable {
    static let schema = "referral_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "referral_id") var referralID: UUID
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "from_state") var fromState: String?
    @Field(key: "to_state") var toState: String
    @OptionalField(key: "detail") var detail: String?

    init() {}

    init(referralID: UUID, at: Date, actorID: UUID?, action: String, fromState: String?, toState: String, detail: String?) {
        self.referralID = referralID
        self.at = at
        self.actorID = actorID
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.detail = detail
    }
}

struct CreateReferrals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await createReferrals(on: database)
        try await database.schema("strategy_discussions")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("referral_id", .uuid, .required, .references("referrals", "id"))
            .field("scheduled_at", .datetime, .required)
            .field("held_at", .datetime)
            .field("participants", .string, .required)
            .field("record", .string)
            .field("outcome", .string)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .field("version", .int, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("strategy_la_scheduled", on: "strategy_discussions", "la_id", "scheduled_at")
        try await sql.index("strategy_referral", on: "strategy_discussions", "referral_id")
    }

    private func createReferrals(on database: any Database) async throws {
        try await database.schema("referrals")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("ref", .string)
            .field("contact_id", .uuid, .references("contacts", "id"))
            .field("child_id", .uuid, .required, .references("people", "id"))
            .field("referred_at", .datetime, .required)
            .field("source", .string, .required)
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("worker_id", .uuid, .references("users", "id"))
            .field("information_gathered", .string)
            .field("analysis", .string)
            .field("recommendation", .string)
            .field("outcome", .string)
            .field("outcome_team", .string)
            .field("decision_reason", .string)
            .field("decided_at", .datetime)
            .field("decided_by", .uuid, .references("users", "id"))
            .field("previous_referral_id", .uuid, .references("referrals", "id"))
            .field("consent", .string)
            .field("consent_reason", .string)
            .field("assessment_started_at", .string)
            .field("assessment_authorised_at", .string)
            .field("assessment_factors", .array(of: .string), .required)
            .field("s47_started_at", .string)
            .field("icpc_target", .string)
            .field("icpc_at", .string)
            .field("cp_plan_started_at", .string)
            .field("closed_at", .string)
            .field("reason_for_closure", .string)
            .field("primary_need", .string)
            .field("nfa", .bool)
            .field("strategy_discussion_at", .datetime)
            .field("created_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "la_id", "ref")
            .create()
        try await database.schema("referral_events")
            .id()
            .field("referral_id", .uuid, .required, .references("referrals", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor_id", .uuid, .references("users", "id"))
            .field("action", .string, .required)
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("detail", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("referrals_la_referred", on: "referrals", "la_id", "referred_at")
        try await sql.index("referrals_child", on: "referrals", "child_id", "referred_at")
        try await sql.index("referrals_la_state", on: "referrals", "la_id", "state")
        try await sql.index("referral_events_referral", on: "referral_events", "referral_id", "at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("strategy_discussions").delete()
        try await database.schema("referral_events").delete()
        try await database.schema("referrals").delete()
    }
}
