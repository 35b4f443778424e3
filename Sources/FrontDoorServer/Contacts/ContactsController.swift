import Fluent
import FrontDoorDomain
import Vapor

struct ContactsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let contacts = routes.grouped("contacts")
        contacts.post(use: create).requires(.recordContact)
        contacts.get(use: list).requires(.viewContacts)
        contacts.get(":contactID", use: show).requires(.viewContacts)
        contacts.get(":contactID", "events", use: events).requires(.viewContacts)
        contacts.post(":contactID", "assign", use: assign).requires(.screenContacts)
        contacts.post(":contactID", "submit", use: submit).requires(.screenContacts)
        contacts.post(":contactID", "return", use: sendBack).requires(.decideContacts)
        contacts.post(":contactID", "rag", use: rate).requires(.rateContacts)
        contacts.post(":contactID", "decision", use: decide).requires(.decideContacts)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor(.recordContact)
        let body = try req.content.decode(CreateContactRequest.self)
        let la = try await req.grantedAuthority(code: body.la)
        var refCheck = InputChecker()
        let ref = refCheck.optional(body.ref, "ref", maxLength: 100)
        let policeRisk: PoliceRisk? = refCheck.choice(body.policeRisk, "policeRisk", required: false)
        if policeRisk != nil, body.type != ContactType.domesticAbuseNotification.rawValue {
            refCheck.add("policeRisk", "is only for a domestic abuse notification (type domestic-abuse-notification)")
        }
        try refCheck.finish()
        let new = try body.input.validated(now: req.now, today: req.frontDoor.today)
        let recorded = try await ContactStore.record(new, ref: ref, policeRisk: policeRisk, la: la, actor: actor, req: req)
        return try jsonResponse(try await ContactStore.response(for: recorded, req: req), status: .created)
    }

    func show(req: Request) async throws -> Response {
        let actor = try req.actor(.viewContacts)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        try await req.audit("read", "contact", contact.id)
        return try jsonResponse(try await ContactStore.response(for: contact, req: req), status: .ok)
    }

    func events(req: Request) async throws -> Response {
        let actor = try req.actor(.viewContacts)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let result = try await ContactStore.events(of: contact, on: req.db)
        try await req.audit("read-history", "contact", contact.id)
        return try jsonResponse(result, status: .ok)
    }

    /// The queue: undecided contacts, soonest due first (the backlog is computed whole, because a
    /// red contact received now can fall due before a green one received days ago); decided
    /// contacts newest first.
    func list(req: Request) async throws -> Response {
        let actor = try req.actor(.viewContacts)
        var check = InputChecker()
        let state: ContactState? = check.choice(req.query[String.self, at: "state"], "state", required: false)
        let assignedTo = check.optional(req.query[String.self, at: "assignedTo"], "assignedTo", maxLength: 10)
        if let assignedTo, assignedTo != "me", assignedTo != "none" { check.add("assignedTo", "can only be me or none (unallocated)") }
        var limit = 100
        if let text = check.optional(req.query[String.self, at: "limit"], "limit", maxLength: 10) {
            if let value = Int(text), (1...500).contains(value) { limit = value } else { check.add("limit", "must be a whole number from 1 to 500") }
        }
        try check.finish()
        var laIDs = actor.authorityIDs
        if let code = req.query[String.self, at: "la"] {
            laIDs = [try await req.grantedAuthority(code: code).requireID()]
        }
        let teams = try await Teams.load(las: laIDs, on: req.db)
        let scopes = try Teams.scopes(req.query[String.self, at: "team"], kind: .contact, actor: actor, loaded: teams)
        var query = ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs)
        if let state { query = query.filter(\.$state == state.rawValue) } else { query = query.filter(\.$state ~~ ContactState.undecided.map(\.rawValue)) }
        if assignedTo == "me" { query = query.filter(\.$workerID == actor.userID) }
        if assignedTo == "none" { query = query.filter(\.$workerID == nil) }
        if let scopes { query = query.within(scopes) }
        let entries = state == .decided
            ? try await query.sort(\.$receivedAt, .descending).limit(limit).queueEntries()
            : try await query.limit(ContactQueue.backlogLimit).queueEntries()
        let items = try await ContactQueue.items(entries, limit: limit, soonestDueFirst: state != .decided, teams: teams, req: req)
        return try jsonResponse(ContactList(contacts: items), status: .ok)
    }

    // MARK: steps

    struct AssignRequest: Content {
        var workerId: String?
        var version: Int?
    }

    func assign(req: Request) async throws -> Response {
        let actor = try req.actor(.screenContacts)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let body = try req.content.decode(AssignRequest.self)
        var worker = actor.userID
        if let text = body.workerId {
            guard let id = UUID(uuidString: text) else { throw ValidationFailure([FieldProblem("workerId", "is not a user id")]) }
            worker = id
        }
        if worker != actor.userID {
            guard actor.can(.allocateWork) else { throw APIError.forbidden("only a manager may allocate a contact to someone else; a triage worker may take it (omit workerId)") }
            guard let assignee = try await ActorLoader.load(userID: worker, on: req.db),
                  assignee.can(.screenContacts), assignee.mayAccess(la: contact.laID)
            else { throw ValidationFailure([FieldProblem("workerId", "is not a screening worker of this contact's local authority")]) }
        }
        let updated = try await ContactStore.transition(contact, .assign(worker: worker), expectedVersion: body.version, actor: actor, req: req, detail: ["workerId": worker.uuidString])
        return try jsonResponse(try await ContactStore.response(for: updated, req: req), status: .ok)
    }

    struct SubmitRequest: Content {
        var strengths: String?
        var risks: String?
        var proposedOutcome: String?
        var rag: String?
        var version: Int?
    }

    func submit(req: Request) async throws -> Response {
        let actor = try req.actor(.screenContacts)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let body = try req.content.decode(SubmitRequest.self)
        var check = InputChecker()
        let strengths = check.require(body.strengths, "strengths", maxLength: 20_000)
        let risks = check.require(body.risks, "risks", maxLength: 20_000)
        let proposed: ContactOutcome? = check.choice(body.proposedOutcome, "proposedOutcome")
        let rag: RAG? = check.choice(body.rag, "rag", required: false)
        try check.finish()
        if let worker = contact.workerID, worker != actor.userID, !actor.can(.allocateWork) {
            throw APIError.forbidden("this contact is being screened by someone else")
        }
        guard let strengths, let risks, let proposed else { throw APIError.badRequest("could not read the case summary") }
        if let rag { contact.rag = rag.rawValue }
        let updated = try await ContactStore.transition(
            contact, .submitForDecision(CaseSummary(strengths: strengths, risks: risks, proposedOutcome: proposed)),
            expectedVersion: body.version, actor: actor, req: req, detail: ["proposedOutcome": proposed.rawValue, "rag": contact.rag]
        )
        return try jsonResponse(try await ContactStore.response(for: updated, req: req), status: .ok)
    }

    struct ReturnRequest: Content {
        var reason: String?
        var version: Int?
    }

    func sendBack(req: Request) async throws -> Response {
        let actor = try req.actor(.decideContacts)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let body = try req.content.decode(ReturnRequest.self)
        var check = InputChecker()
        let reason = check.require(body.reason, "reason", maxLength: 2000)
        try check.finish()
        _ = reason
        let updated = try await ContactStore.transition(contact, .returnToScreening, expectedVersion: body.version, actor: actor, req: req)
        return try jsonResponse(try await ContactStore.response(for: updated, req: req), status: .ok)
    }

    struct RateRequest: Decodable {
        var rag: String?
        var hasRag: Bool
        var version: Int?

        enum CodingKeys: String, CodingKey { case rag, version }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            hasRag = container.contains(.rag)
            rag = try container.decodeIfPresent(String.self, forKey: .rag)
            version = try container.decodeIfPresent(Int.self, forKey: .version)
        }
    }

    func rate(req: Request) async throws -> Response {
        let actor = try req.actor(.rateContacts)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let body = try req.content.decode(RateRequest.self)
        guard body.hasRag else { throw ValidationFailure([FieldProblem("rag", "is required: red, amber, green, or null to clear the rating")]) }
        var rag: RAG?
        if let text = body.rag {
            rag = RAG(rawValue: text.lowercased())
            if rag == nil { throw ValidationFailure([FieldProblem("rag", "'\(text)' is not one of: red, amber, green, or null")]) }
        }
        let updated = try await ContactStore.transition(contact, .rate(rag), expectedVersion: body.version, actor: actor, req: req, detail: ["rag": rag?.rawValue ?? "unrated"])
        return try jsonResponse(try await ContactStore.response(for: updated, req: req), status: .ok)
    }

    struct DecisionRequest: Content {
        var outcome: String?
        var closure: String?
        var reason: String?
        /// For a referral: whether it is a child protection concern (the four-hour clock).
        var childProtection: Bool?
        var version: Int?
    }

    func decide(req: Request) async throws -> Response {
        let actor = try req.actor(.decideContacts)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let body = try req.content.decode(DecisionRequest.self)
        var check = InputChecker()
        let outcome: ContactOutcome? = check.choice(body.outcome, "outcome")
        let closure: ClosureKind? = check.choice(body.closure, "closure", required: false)
        if closure != nil, outcome != nil, outcome != .closed { check.add("closure", "applies only to the outcome closed") }
        let reason = check.require(body.reason, "reason", maxLength: 20_000)
        try check.finish()
        guard let outcome, let reason else { throw APIError.badRequest("could not read the decision") }
        let decision = ContactDecision(outcome: outcome, closure: closure, reason: reason, decidedAt: req.now, decidedBy: actor.userID)
        let kind: ReferralKind = body.childProtection == true ? .childProtection : .childInNeed
        let openReferrals: @Sendable (any Database) async throws -> Void = { db in
            // Progress to referral opens one referral per child, and the referrer's feedback is
            // queued, in the same transaction as the decision.
            if outcome == .referral {
                try await ReferralStore.open(from: contact, kind: kind, at: decision.decidedAt, actor: actor, req: req, on: db)
            }
            try await ReferrerFeedback.contactDecided(contact, outcome: outcome, on: db, now: decision.decidedAt)
        }
        let updated = try await ContactStore.transition(
            contact, .decide(decision), expectedVersion: body.version, actor: actor, req: req,
            detail: ["outcome": outcome.rawValue, "closure": decision.closure?.rawValue], alongside: openReferrals
        )
        return try jsonResponse(try await ContactStore.response(for: updated, req: req), status: .ok)
    }
}
