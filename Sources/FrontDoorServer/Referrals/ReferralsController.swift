import Fluent
import FrontDoorDomain
import Vapor

struct ReferralsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let referrals = routes.grouped("referrals")
        referrals.get(use: list).requires(.viewReferrals)
        referrals.get(":referralID", use: show).requires(.viewReferrals)
        referrals.get(":referralID", "events", use: events).requires(.viewReferrals)
        referrals.post(":referralID", "allocate", use: allocate).requires(.decideReferrals)
        referrals.post(":referralID", "analysis", use: recordAnalysis).requires(.workReferrals)
        referrals.post(":referralID", "return", use: sendBack).requires(.decideReferrals)
        referrals.post(":referralID", "decision", use: decide).requires(.decideReferrals)
        referrals.post(":referralID", "consent", use: consent).requires(.workReferrals)
        referrals.patch(":referralID", "dates", use: dates).requires(.workReferrals)
    }

    struct DatesRequest: Content {
        var assessmentStartedAt: String?
        var assessmentAuthorisedAt: String?
        var assessmentFactors: [String]?
        var s47StartedAt: String?
        var icpcAt: String?
        var cpPlanStartedAt: String?
        var closedAt: String?
        var reasonForClosure: String?
        var primaryNeed: String?
        var version: Int?
    }

    /// The dates and codes the statutory returns need, recorded as the case moves on downstream.
    /// Only the fields sent change; each is checked and dates must follow one another.
    func dates(req: Request) async throws -> ReferralResponse {
        let actor = try req.actor(.workReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(DatesRequest.self)
        try OptimisticLock.check(expected: body.version, current: referral.version, what: "referral")
        var check = InputChecker()
        func date(_ text: String?, _ field: String, _ keep: String?) -> String? {
            guard let text else { return keep }
            guard let value = LocalDate(iso: text) else { check.add(field, "is not a date in the form YYYY-MM-DD"); return keep }
            if value > req.frontDoor.today { check.add(field, "is in the future") }
            return value.iso
        }
        func code(_ text: String?, _ field: String, _ allowed: Set<String>, _ keep: String?) -> String? {
            guard let text else { return keep }
            guard allowed.contains(text.uppercased()) else { check.add(field, "'\(text)' is not one of: \(allowed.sorted().joined(separator: ", "))"); return keep }
            return text.uppercased()
        }
        let snapshot = referral.auditSnapshot
        referral.assessmentStartedAt = date(body.assessmentStartedAt, "assessmentStartedAt", referral.assessmentStartedAt)
        referral.assessmentAuthorisedAt = date(body.assessmentAuthorisedAt, "assessmentAuthorisedAt", referral.assessmentAuthorisedAt)
        referral.s47StartedAt = date(body.s47StartedAt, "s47StartedAt", referral.s47StartedAt)
        referral.icpcAt = date(body.icpcAt, "icpcAt", referral.icpcAt)
        referral.cpPlanStartedAt = date(body.cpPlanStartedAt, "cpPlanStartedAt", referral.cpPlanStartedAt)
        referral.closedAt = date(body.closedAt, "closedAt", referral.closedAt)
        referral.reasonForClosure = code(body.reasonForClosure, "reasonForClosure", CINEpisodeCodes.reasonsForClosure, referral.reasonForClosure)
        referral.primaryNeed = code(body.primaryNeed, "primaryNeed", CINEpisodeCodes.primaryNeeds, referral.primaryNeed)
        if let factors = body.assessmentFactors {
            for (index, factor) in factors.enumerated() where !CINEpisodeCodes.assessmentFactors.contains(factor.uppercased()) {
                check.add("assessmentFactors[\(index)]", "'\(factor)' is not a current CIN assessment factor code (18A and 19A are replaced by 18B/18C and 19B/19C)")
            }
            referral.assessmentFactors = factors.map { $0.uppercased() }
        }
        let referred = WorkingCalendar(holidays: req.frontDoor.holidays).localDate(of: referral.referredAt).iso
        // ISO dates compare as text.
        for (field, value) in [("assessmentStartedAt", referral.assessmentStartedAt), ("s47StartedAt", referral.s47StartedAt), ("closedAt", referral.closedAt)] {
            if let value, value < referred { check.add(field, "is before the referral (\(referred))") }
        }
        if let started = referral.assessmentStartedAt, let authorised = referral.assessmentAuthorisedAt, authorised < started {
            check.add("assessmentAuthorisedAt", "is before the assessment started (\(started))")
        }
        if referral.assessmentAuthorisedAt != nil, referral.assessmentStartedAt == nil { check.add("assessmentStartedAt", "is needed before an authorisation date") }
        if let s47 = referral.s47StartedAt, let icpc = referral.icpcAt, icpc < s47 { check.add("icpcAt", "is before the section 47 enquiry started (\(s47))") }
        if referral.icpcAt != nil, referral.s47StartedAt == nil { check.add("s47StartedAt", "is needed before an initial conference date") }
        if referral.closedAt != nil, referral.reasonForClosure == nil { check.add("reasonForClosure", "is needed with a closure date") }
        try check.finish()
        let id = try referral.requireID()
        let old = referral.version
        referral.version = old + 1
        let changes = ContactModel.changes(from: snapshot, to: referral.auditSnapshot, freeText: ReferralModel.freeTextFields)
        try await req.db.transaction { db in
            try await req.audit("update", "referral", id, changes: changes, on: db)
            try await OptimisticLock.claim(ReferralModel.schema, id: id, version: old, what: "referral", on: db)
            try await referral.save(on: db)
        }
        return try await ReferralStore.response(for: referral, req: req)
    }

    struct ReferralList: Content {
        var referrals: [ReferralResponse]
    }

    /// Open referrals (or those in one state), soonest due first.
    func list(req: Request) async throws -> ReferralList {
        let actor = try req.actor(.viewReferrals)
        var check = InputChecker()
        let state: ReferralState? = check.choice(req.query[String.self, at: "state"], "state", required: false)
        let assignedTo = check.optional(req.query[String.self, at: "assignedTo"], "assignedTo", maxLength: 10)
        if let assignedTo, assignedTo != "me", assignedTo != "none" { check.add("assignedTo", "can only be me or none (unallocated)") }
        var limit = 100
        if let text = check.optional(req.query[String.self, at: "limit"], "limit", maxLength: 10) {
            if let value = Int(text), (1...500).contains(value) { limit = value } else { check.add("limit", "must be a whole number from 1 to 500") }
        }
        try check.finish()
        var laIDs = actor.authorityIDs
        if let code = req.query[String.self, at: "la"] { laIDs = [try await req.grantedAuthority(code: code).requireID()] }
        let teams = try await Teams.load(las: laIDs, on: req.db)
        let scopes = try Teams.scopes(req.query[String.self, at: "team"], kind: .referral, actor: actor, loaded: teams)
        var query = ReferralModel.query(on: req.db).filter(\.$laID ~~ laIDs)
        query = state.map { query.filter(\.$state == $0.rawValue) } ?? query.filter(\.$state ~~ ReferralState.open.map(\.rawValue))
        if assignedTo == "me" { query = query.filter(\.$workerID == actor.userID) }
        if assignedTo == "none" { query = query.filter(\.$workerID == nil) }
        if let scopes { query = query.within(scopes) }
        // Soonest due first: the due times are worked out for all from a few columns, the
        // referrals read whole and answered for the page only. Open referrals are few and the
        // (la_id, state) index finds them; asked for in order of referral, SQLite's planner would
        // rather walk the (la_id, referred_at) index through every referral ever made (about
        // 370,000 in ten years of a county), so only decided referrals are ordered by the database.
        let ordered = state == .decided ? query.sort(\.$referredAt).limit(2000) : query.limit(ContactQueue.backlogLimit)
        struct Entry: Sendable { var id: UUID; var laID: UUID; var childID: UUID; var referredAt: Date; var createdAt: Date; var kind: ReferralKind }
        let entries = try await ordered.read([.id, "la_id", "child_id", "referred_at", "created_at", "kind"]) { row in
            Entry(
                id: try row.decode(.id, as: UUID.self), laID: try row.decode("la_id", as: UUID.self), childID: try row.decode("child_id", as: UUID.self),
                referredAt: try row.decode("referred_at", as: Date.self), createdAt: try row.optional("created_at", as: Date.self) ?? .distantPast,
                kind: ReferralKind(rawValue: try row.decode("kind", as: String.self)) ?? .childInNeed
            )
        }
        let closed = try await Restrictions.hidden(entries.map(\.childID), from: actor, on: req.db)
        let las = try await LocalAuthorityModel.query(on: req.db).filter(\.$id ~~ laIDs).all()
        let calendars = Dictionary(las.compactMap { la in la.id.map { ($0, (la, la.calendar(holidays: req.frontDoor.holidays))) } }, uniquingKeysWith: { a, _ in a })
        let pageIDs = entries.filter { closed[$0.childID] == nil }
            .map { entry in
                (entry, calendars[entry.laID].map { la, calendar in
                    ReferralStore.completionDue(kind: entry.kind, referredAt: entry.referredAt, la: la, calendar: calendar)
                } ?? .distantFuture)
            }
            // Due first; at the same due time, referred first, then recorded first (a contact's
            // children in the order it names them).
            .sorted { ($0.1, $0.0.referredAt, $0.0.createdAt, $0.0.id) < ($1.1, $1.0.referredAt, $1.0.createdAt, $1.0.id) }
            .prefix(limit).map(\.0.id)
        let models = try await ReferralModel.query(on: req.db).filter(\.$id ~~ pageIDs).all()
        let byID = Dictionary(models.compactMap { m in m.id.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        let responses = try await ReferralStore.responses(for: pageIDs.compactMap { byID[$0] }, req: req)
        try await req.audit("list", "referral", nil)
        return ReferralList(referrals: responses)
    }

    func show(req: Request) async throws -> ReferralResponse {
        let actor = try req.actor(.viewReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        try await req.audit("read", "referral", referral.id)
        return try await ReferralStore.response(for: referral, req: req)
    }

    func events(req: Request) async throws -> [ContactEventResponse] {
        let actor = try req.actor(.viewReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let events = try await ReferralEventModel.query(on: req.db).filter(\.$referralID == referral.requireID()).sort(\.$at).all()
        try await req.audit("read-history", "referral", referral.id)
        return try await ContactStore.history(events.map { ($0.at, $0.actorID, $0.action, $0.fromState, $0.toState, $0.detail) }, on: req.db)
    }

    struct AllocateRequest: Content {
        var workerId: String?
        var version: Int?
    }

    func allocate(req: Request) async throws -> ReferralResponse {
        let actor = try req.actor(.decideReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(AllocateRequest.self)
        guard let text = body.workerId, let worker = UUID(uuidString: text) else {
            throw ValidationFailure([FieldProblem("workerId", "is required: the MASH social worker's user id")])
        }
        guard let assignee = try await ActorLoader.load(userID: worker, on: req.db), assignee.can(.workReferrals), assignee.mayAccess(la: referral.laID) else {
            throw ValidationFailure([FieldProblem("workerId", "is not a social worker of this referral's local authority")])
        }
        let updated = try await ReferralStore.transition(referral, .allocate(worker: worker), expectedVersion: body.version, actor: actor, req: req, detail: ["workerId": text])
        return try await ReferralStore.response(for: updated, req: req)
    }

    struct AnalysisRequest: Content {
        var informationGathered: String?
        var analysis: String?
        var recommendation: String?
        var version: Int?
    }

    func recordAnalysis(req: Request) async throws -> ReferralResponse {
        let actor = try req.actor(.workReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(AnalysisRequest.self)
        var check = InputChecker()
        let gathered = check.require(body.informationGathered, "informationGathered", maxLength: 50_000)
        let analysis = check.require(body.analysis, "analysis", maxLength: 50_000)
        let recommendation: ReferralOutcome? = check.choice(body.recommendation, "recommendation")
        try check.finish()
        if let worker = referral.workerID, worker != actor.userID, !actor.can(.decideReferrals) {
            throw APIError.forbidden("this referral is allocated to someone else")
        }
        guard let gathered, let analysis, let recommendation else { throw APIError.badRequest("could not read the analysis") }
        let updated = try await ReferralStore.transition(
            referral, .recordAnalysis(ReferralAnalysis(informationGathered: gathered, analysis: analysis, recommendation: recommendation)),
            expectedVersion: body.version, actor: actor, req: req, detail: ["recommendation": recommendation.rawValue]
        )
        return try await ReferralStore.response(for: updated, req: req)
    }

    struct ReturnRequest: Content {
        var reason: String?
        var version: Int?
    }

    func sendBack(req: Request) async throws -> ReferralResponse {
        let actor = try req.actor(.decideReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(ReturnRequest.self)
        var check = InputChecker()
        _ = check.require(body.reason, "reason", maxLength: 2000)
        try check.finish()
        let updated = try await ReferralStore.transition(referral, .returnToWorker, expectedVersion: body.version, actor: actor, req: req)
        return try await ReferralStore.response(for: updated, req: req)
    }

    struct DecisionRequest: Content {
        var outcome: String?
        var team: String?
        var reason: String?
        var version: Int?
    }

    func decide(req: Request) async throws -> ReferralResponse {
        let actor = try req.actor(.decideReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(DecisionRequest.self)
        var check = InputChecker()
        let outcome: ReferralOutcome? = check.choice(body.outcome, "outcome")
        let team = check.optional(body.team, "team", maxLength: 200)
        if let outcome, outcome == .assessment || outcome == .earlyHelp, team == nil {
            check.add("team", "name the team that receives the case")
        }
        let reason = check.require(body.reason, "reason", maxLength: 20_000)
        try check.finish()
        guard let outcome, let reason else { throw APIError.badRequest("could not read the decision") }
        let decision = ReferralDecision(outcome: outcome, team: team, reason: reason, decidedAt: req.now, decidedBy: actor.userID)
        let updated = try await ReferralStore.transition(referral, .decide(decision), expectedVersion: body.version, actor: actor, req: req,
                                                         detail: ["outcome": outcome.rawValue, "team": team])
        return try await ReferralStore.response(for: updated, req: req)
    }

    struct ConsentRequest: Content {
        var status: String?
        var reason: String?
    }

    /// Records whether parents' consent to share was sought, given or refused, and why.
    func consent(req: Request) async throws -> ReferralResponse {
        let actor = try req.actor(.workReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(ConsentRequest.self)
        var check = InputChecker()
        let status: ConsentToShare? = check.choice(body.status, "status")
        let reason = check.optional(body.reason, "reason", maxLength: 2000)
        if status == .notSought || status == .refused, reason == nil {
            check.add("reason", status == .notSought ? "say why consent was not sought" : "record what the parents said and whether sharing goes ahead for safeguarding")
        }
        try check.finish()
        guard referral.stage.state != .decided else {
            throw APIError.conflict("referral-decided", "the referral was already decided; its consent record cannot change")
        }
        let id = try referral.requireID()
        let old = referral.version
        let snapshot = referral.auditSnapshot
        referral.consent = status?.rawValue
        referral.consentReason = reason
        referral.version = old + 1
        let changes = ContactModel.changes(from: snapshot, to: referral.auditSnapshot, freeText: ReferralModel.freeTextFields)
        try await req.db.transaction { db in
            try await req.audit("update", "referral", id, changes: changes, on: db)
            try await OptimisticLock.claim(ReferralModel.schema, id: id, version: old, what: "referral", on: db)
            try await referral.save(on: db)
            try await ReferralEventModel(referralID: id, at: req.now, actorID: actor.userID, action: "consent", fromState: referral.state,
                                         toState: referral.state, detail: ContactStore.encodeDetail(["consent": status?.rawValue])).save(on: db)
        }
        return try await ReferralStore.response(for: referral, req: req)
    }
}
