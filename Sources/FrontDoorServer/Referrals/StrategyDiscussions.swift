import Fluent
import FrontDoorDomain
import Vapor

final class StrategyDiscussionModel: Model, @unchecked Sendable {
    static let schema = "strategy_discussions"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "referral_id") var referralID: UUID
    @Field(key: "scheduled_at") var scheduledAt: Date
    @OptionalField(key: "held_at") var heldAt: Date?
    /// JSON list of {agency, name}.
    @Field(key: "participants") var participants: String
    @OptionalField(key: "record") var record: String?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    var participantList: [Participant] {
        (try? JSONDecoder().decode([Participant].self, from: Data(participants.utf8))) ?? []
    }
}

struct Participant: Content, Equatable {
    var agency: String
    var name: String
}

struct StrategyDiscussionResponse: Content {
    var id: UUID
    var referralId: UUID
    var la: String
    var child: String
    var scheduledAt: Date
    @NullEncodable var heldAt: Date?
    var participants: [Participant]
    @NullEncodable var record: String?
    @NullEncodable var outcome: String?
    /// Agencies that must take part and did not.
    var warnings: [String]
    @NullEncodable var section47StartedAt: String?
    @NullEncodable var initialConferenceTarget: String?
    var version: Int
}

/// Strategy discussions: scheduled, held with the agencies present, recorded, and their outcome —
/// a section 47 start sets the initial child protection conference target.
struct StrategyDiscussionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("referrals", ":referralID", "strategy-discussions", use: schedule).requires(.workReferrals)
        routes.get("strategy-discussions", use: day).requires(.viewReferrals)
        routes.post("strategy-discussions", ":discussionID", "record", use: record).requires(.workReferrals)
    }

    struct ScheduleRequest: Content {
        var scheduledAt: String?
        var participants: [Participant]?
    }

    func schedule(req: Request) async throws -> Response {
        let actor = try req.actor(.workReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(ScheduleRequest.self)
        var check = InputChecker()
        var scheduled: Date?
        if let text = check.require(body.scheduledAt, "scheduledAt", maxLength: 40) {
            scheduled = RFC3339.parse(text)
            if scheduled == nil { check.add("scheduledAt", "is not an RFC 3339 time with an offset") }
        }
        let participants = Self.checkParticipants(body.participants ?? [], &check)
        try check.finish()
        guard let scheduled else { throw APIError.badRequest("could not read the schedule") }
        let discussion = StrategyDiscussionModel()
        discussion.id = UUID()
        discussion.laID = referral.laID
        discussion.referralID = try referral.requireID()
        discussion.scheduledAt = scheduled
        discussion.participants = Self.encode(participants)
        discussion.createdBy = actor.userID
        discussion.version = 1
        try await req.db.transaction { db in
            try await req.audit("create", "strategy-discussion", discussion.id, changes: ["referral": [nil, referral.id?.uuidString]], on: db)
            try await discussion.create(on: db)
            try await ReferralEventModel(referralID: discussion.referralID, at: req.now, actorID: actor.userID, action: "strategy-discussion-scheduled",
                                         fromState: referral.state, toState: referral.state,
                                         detail: ContactStore.encodeDetail(["scheduledAt": RFC3339.format(scheduled)])).save(on: db)
        }
        return try jsonResponse(try await Self.response(discussion, req: req), status: .created)
    }

    struct RecordRequest: Content {
        var heldAt: String?
        var participants: [Participant]?
        var record: String?
        var outcome: String?
        var version: Int?
    }

    /// Records the discussion held: who took part, what was said, and the outcome. A section 47
    /// outcome starts the enquiry on the day held and sets the conference target 15 working days on.
    func record(req: Request) async throws -> StrategyDiscussionResponse {
        let actor = try req.actor(.workReferrals)
        guard let text = req.parameters.get("discussionID"), let id = UUID(uuidString: text),
              let discussion = try await StrategyDiscussionModel.query(on: req.db).filter(\.$id == id).filter(\.$laID ~~ actor.authorityIDs).first()
        else { throw APIError.notFound("the strategy discussion") }
        let referral = try await ReferralStore.find(discussion.referralID.uuidString, actor: actor, on: req.db)
        let body = try req.content.decode(RecordRequest.self)
        var check = InputChecker()
        var held: Date?
        if let text = check.require(body.heldAt, "heldAt", maxLength: 40) {
            held = RFC3339.parse(text)
            if held == nil { check.add("heldAt", "is not an RFC 3339 time with an offset") } else if let h = held, h > req.now.addingTimeInterval(300) { check.add("heldAt", "is in the future") }
        }
        let participants = Self.checkParticipants(body.participants ?? [], &check)
        if participants.isEmpty { check.add("participants", "name who took part, with their agency") }
        let record = check.require(body.record, "record", maxLength: 50_000)
        let outcome: StrategyOutcome? = check.choice(body.outcome, "outcome")
        try check.finish()
        try OptimisticLock.check(expected: body.version, current: discussion.version, what: "strategy discussion")
        guard let held, let record, let outcome else { throw APIError.badRequest("could not read the record") }
        guard let la = try await LocalAuthorityModel.find(discussion.laID, on: req.db) else { throw APIError.notFound("the local authority") }
        let calendar = la.calendar(holidays: req.frontDoor.holidays)
        let oldVersion = discussion.version
        discussion.heldAt = held
        discussion.participants = Self.encode(participants)
        discussion.record = record
        discussion.outcome = outcome.rawValue
        discussion.version = oldVersion + 1
        let referralSnapshot = referral.auditSnapshot
        if outcome.startsSection47 {
            let day = calendar.localDate(of: held)
            referral.s47StartedAt = referral.s47StartedAt ?? day.iso
            // The target runs from the last strategy discussion.
            referral.icpcTarget = StrategyDiscussionRules.initialConferenceTarget(after: day, calendar: calendar).iso
        }
        let referralChanges = ContactModel.changes(from: referralSnapshot, to: referral.auditSnapshot, freeText: ReferralModel.freeTextFields)
        try await req.db.transaction { db in
            try await req.audit("update", "strategy-discussion", discussion.id, changes: ["outcome": [nil, outcome.rawValue]], on: db)
            try await OptimisticLock.claim(StrategyDiscussionModel.schema, id: id, version: oldVersion, what: "strategy discussion", on: db)
            try await discussion.save(on: db)
            try await ReferralEventModel(referralID: discussion.referralID, at: req.now, actorID: actor.userID, action: "strategy-discussion-held",
                                         fromState: referral.state, toState: referral.state,
                                         detail: ContactStore.encodeDetail(["outcome": outcome.rawValue])).save(on: db)
            if !referralChanges.isEmpty {
                try await req.audit("update", "referral", referral.id, changes: referralChanges, on: db)
                try await referral.save(on: db)
                try await ReferralEventModel(referralID: try referral.requireID(), at: req.now, actorID: actor.userID, action: "section-47",
                                             fromState: referral.state, toState: referral.state,
                                             detail: ContactStore.encodeDetail(["s47StartedAt": referral.s47StartedAt, "icpcTarget": referral.icpcTarget])).save(on: db)
            }
        }
        return try await Self.response(discussion, req: req)
    }

    /// The day's discussions (Hampshire holds 10-20 a day), in time order.
    func day(req: Request) async throws -> [StrategyDiscussionResponse] {
        let actor = try req.actor(.viewReferrals)
        let dateText = req.query[String.self, at: "date"]
        let calendar = WorkingCalendar(holidays: req.frontDoor.holidays)
        let date = try dateText.map { text in
            guard let date = LocalDate(iso: text) else { throw ValidationFailure([FieldProblem("date", "is not a date in the form YYYY-MM-DD")]) }
            return date
        } ?? calendar.localDate(of: req.now)
        var laIDs = actor.authorityIDs
        if let code = req.query[String.self, at: "la"] { laIDs = [try await req.grantedAuthority(code: code).requireID()] }
        let start = calendar.startOfDay(date)
        let end = calendar.startOfDay(calendar.date(byAddingDays: 1, to: date) ?? date)
        let discussions = try await StrategyDiscussionModel.query(on: req.db).filter(\.$laID ~~ laIDs)
            .filter(\.$scheduledAt >= start).filter(\.$scheduledAt < end).sort(\.$scheduledAt).all()
        var result: [StrategyDiscussionResponse] = []
        for discussion in discussions {
            guard let referral = try await ReferralModel.find(discussion.referralID, on: req.db),
                  try await Restrictions.hidden([referral.childID], from: actor, on: req.db).isEmpty else { continue }
            result.append(try await Self.response(discussion, req: req))
        }
        try await req.audit("list", "strategy-discussion", nil)
        return result
    }

    static func checkParticipants(_ list: [Participant], _ check: inout InputChecker) -> [Participant] {
        var result: [Participant] = []
        for (index, participant) in list.prefix(30).enumerated() {
            let agency = Agency(rawValue: participant.agency)
            if agency == nil { check.add("participants[\(index)].agency", "is not one of: \(Agency.allCases.map(\.rawValue).joined(separator: ", "))") }
            let name = check.require(participant.name, "participants[\(index)].name", maxLength: 200)
            if let agency, let name { result.append(Participant(agency: agency.rawValue, name: name)) }
        }
        return result
    }

    static func encode(_ participants: [Participant]) -> String {
        (try? String(decoding: JSONEncoder.api.encode(participants), as: UTF8.self)) ?? "[]"
    }

    static func response(_ discussion: StrategyDiscussionModel, req: Request) async throws -> StrategyDiscussionResponse {
        guard let referral = try await ReferralModel.find(discussion.referralID, on: req.db),
              let child = try await PersonModel.find(referral.childID, on: req.db),
              let la = try await LocalAuthorityModel.find(discussion.laID, on: req.db)
        else { throw APIError.notFound("the strategy discussion") }
        let participants = discussion.participantList
        let warnings = StrategyDiscussionRules.warnings(participants: participants.compactMap { Agency(rawValue: $0.agency) })
        return StrategyDiscussionResponse(
            id: try discussion.requireID(), referralId: discussion.referralID, la: la.code, child: "\(child.givenName) \(child.familyName)",
            scheduledAt: discussion.scheduledAt, heldAt: discussion.heldAt, participants: participants, record: discussion.record,
            outcome: discussion.outcome, warnings: warnings, section47StartedAt: referral.s47StartedAt,
            initialConferenceTarget: referral.icpcTarget, version: discussion.version
        )
    }
}
