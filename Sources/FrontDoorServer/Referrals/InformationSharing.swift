import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// A question from the MASH to a partner agency about the people of a referral.
final class InformationRequestModel: Model, @unchecked Sendable {
    static let schema = "information_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "referral_id") var referralID: UUID
    @Field(key: "agency") var agency: String
    @Field(key: "question") var question: String
    /// The people the request concerns, and so shares with the agency.
    @Field(key: "person_ids") var personIDs: [String]
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "state") var state: String
    /// "consent" when parents agreed to sharing; "safeguarding" when shared without consent.
    @Field(key: "basis") var basis: String
    @OptionalField(key: "safeguarding_reason") var safeguardingReason: String?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @Field(key: "requested_by") var requestedBy: UUID
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @Field(key: "version") var version: Int

    init() {}

    func isLate(now: Date) -> Bool { (answeredAt ?? now) > dueAt }
}

enum InformationRequestState: String, Sendable {
    case awaitingApproval = "awaiting-approval"
    case sent, answered
}

struct CreateInformationRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("information_requests")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("referral_id", .uuid, .required, .references("referrals", "id"))
            .field("agency", .string, .required)
            .field("question", .string, .required)
            .field("person_ids", .array(of: .string), .required)
            .field("due_at", .datetime, .required)
            .field("state", .string, .required)
            .field("basis", .string, .required)
            .field("safeguarding_reason", .string)
            .field("approved_by", .uuid, .references("users", "id"))
            .field("requested_by", .uuid, .required, .references("users", "id"))
            .field("requested_at", .datetime, .required)
            .field("answer", .string)
            .field("answered_at", .datetime)
            .field("answered_by", .uuid, .references("users", "id"))
            .field("version", .int, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("information_requests_agency", on: "information_requests", "la_id", "agency", "state")
        try await sql.index("information_requests_referral", on: "information_requests", "referral_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("information_requests").delete()
    }
}

/// What staff see of a request.
struct InformationRequestResponse: Content {
    var id: UUID
    var referralId: UUID
    var agency: String
    var question: String
    var people: [SharedPerson]
    var dueAt: Date
    var state: String
    var basis: String
    @NullEncodable var safeguardingReason: String?
    @NullEncodable var approvedBy: UserRef?
    var requestedAt: Date
    @NullEncodable var answer: String?
    @NullEncodable var answeredAt: Date?
    @NullEncodable var answeredBy: UserRef?
    var late: Bool
}

/// What a request shares about a person: enough to find them in the agency's own records, no more.
struct SharedPerson: Content {
    var givenName: String
    var familyName: String
    @NullEncodable var dateOfBirth: String?
    @NullEncodable var postcode: String?
}

/// Multi-agency information sharing: requests from the MASH to named agencies, each answered in the
/// system by that agency. The hub is sealed: a partner officer sees only requests addressed to
/// their own agency, and only what each request shares.
struct InformationSharingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("referrals", ":referralID", "information-requests", use: create).requires(.workReferrals)
        routes.get("referrals", ":referralID", "information-requests", use: list).requires(.viewReferrals)
        routes.post("information-requests", ":requestID", "approve", use: approve).requires(.decideReferrals)
        routes.get("inbox", use: inbox).requires(.answerInformationRequests)
        routes.post("inbox", ":requestID", "answer", use: answer).requires(.answerInformationRequests)
    }

    struct CreateRequest: Content {
        var agency: String?
        var question: String?
        var personIds: [String]?
        var dueAt: String?
        var safeguardingReason: String?
    }

    /// Sharing without the parents' consent needs a recorded safeguarding reason and a manager's
    /// approval: a manager's own request is approved as sent; a social worker's waits for one.
    func create(req: Request) async throws -> Response {
        let actor = try req.actor(.workReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let body = try req.content.decode(CreateRequest.self)
        var check = InputChecker()
        guard let la = try await LocalAuthorityModel.find(referral.laID, on: req.db) else { throw APIError.notFound("the local authority") }
        let agencyText = check.require(body.agency, "agency", maxLength: 40)
        let agency = agencyText.flatMap { la.partnerAgencies.contains($0) ? $0 : nil }
        if agencyText != nil, agency == nil { check.add("agency", "is not a partner agency of \(la.code): \(la.partnerAgencies.joined(separator: ", "))") }
        let question = check.require(body.question, "question", maxLength: 5000)
        var due: Date?
        if let text = check.require(body.dueAt, "dueAt", maxLength: 40) {
            due = RFC3339.parse(text)
            if due == nil { check.add("dueAt", "is not an RFC 3339 time with an offset") } else if let d = due, d <= req.now { check.add("dueAt", "must be in the future") }
        }
        // The people the request may share: the referred child and the adults and children of its contact.
        var allowed: Set<UUID> = [referral.childID]
        if let contactID = referral.contactID {
            allowed.formUnion(try await ContactPersonModel.query(on: req.db).filter(\.$contactID == contactID).all().map(\.personID))
        }
        var people: [String] = []
        for (index, text) in (body.personIds ?? [referral.childID.uuidString]).enumerated() {
            guard let id = UUID(uuidString: text), allowed.contains(id) else {
                check.add("personIds[\(index)]", "is not a person of this referral")
                continue
            }
            people.append(id.uuidString)
        }
        let consented = referral.consent == ConsentToShare.given.rawValue
        let reason = check.optional(body.safeguardingReason, "safeguardingReason", maxLength: 2000)
        if !consented, reason == nil {
            check.add("safeguardingReason", "parents' consent to share was not given: record the safeguarding reason for sharing without it (a manager must approve)")
        }
        try check.finish()
        guard let agency, let question, let due else { throw APIError.badRequest("could not read the request") }
        let request = InformationRequestModel()
        request.id = UUID()
        request.laID = referral.laID
        request.referralID = try referral.requireID()
        request.agency = agency
        request.question = question
        request.personIDs = people
        request.dueAt = due
        request.basis = consented ? "consent" : "safeguarding"
        request.safeguardingReason = consented ? nil : reason
        let managerApproves = !consented && actor.can(.decideReferrals)
        request.approvedBy = managerApproves ? actor.userID : nil
        request.state = (consented || managerApproves ? InformationRequestState.sent : .awaitingApproval).rawValue
        request.requestedBy = actor.userID
        request.requestedAt = req.now
        request.version = 1
        try await req.db.transaction { db in
            try await req.audit("create", "information-request", request.id, changes: ["agency": [nil, agency], "basis": [nil, request.basis], "state": [nil, request.state]], on: db)
            try await request.create(on: db)
            try await ReferralEventModel(referralID: request.referralID, at: req.now, actorID: actor.userID, action: "information-request",
                                         fromState: referral.state, toState: referral.state,
                                         detail: ContactStore.encodeDetail(["agency": agency, "basis": request.basis, "state": request.state])).save(on: db)
        }
        return try jsonResponse(try await Self.response(request, req: req), status: .created)
    }

    func list(req: Request) async throws -> [InformationRequestResponse] {
        let actor = try req.actor(.viewReferrals)
        let referral = try await ReferralStore.find(req.parameters.get("referralID"), actor: actor, on: req.db)
        let requests = try await InformationRequestModel.query(on: req.db).filter(\.$referralID == referral.requireID()).sort(\.$requestedAt).all()
        var result: [InformationRequestResponse] = []
        for request in requests { result.append(try await Self.response(request, req: req)) }
        try await req.audit("read", "information-request", referral.id)
        return result
    }

    func approve(req: Request) async throws -> InformationRequestResponse {
        let actor = try req.actor(.decideReferrals)
        let request = try await Self.find(req.parameters.get("requestID"), laIDs: actor.authorityIDs, on: req.db)
        _ = try await ReferralStore.find(request.referralID.uuidString, actor: actor, on: req.db)
        guard request.state == InformationRequestState.awaitingApproval.rawValue else {
            throw APIError.conflict("not-awaiting-approval", "only a request awaiting a manager's approval can be approved; this one is \(request.state)")
        }
        try await Self.change(request, req: req, action: "approve") {
            $0.state = InformationRequestState.sent.rawValue
            $0.approvedBy = actor.userID
        }
        return try await Self.response(request, req: req)
    }

    /// A partner officer's inbox: the requests sent to their agency, oldest due first.
    func inbox(req: Request) async throws -> [InboxItem] {
        let actor = try req.actor(.answerInformationRequests)
        guard let agency = actor.agency else { throw APIError.forbidden("your account is not linked to an agency; ask an administrator") }
        let requests = try await InformationRequestModel.query(on: req.db).filter(\.$laID ~~ actor.authorityIDs)
            .filter(\.$agency == agency).filter(\.$state != InformationRequestState.awaitingApproval.rawValue)
            .sort(\.$dueAt).limit(500).all()
        var items: [InboxItem] = []
        for request in requests { items.append(try await Self.inboxItem(request, req: req)) }
        try await req.audit("list", "information-request", nil)
        return items
    }

    struct AnswerRequest: Content {
        var answer: String?
    }

    func answer(req: Request) async throws -> InboxItem {
        let actor = try req.actor(.answerInformationRequests)
        let request = try await Self.find(req.parameters.get("requestID"), laIDs: actor.authorityIDs, on: req.db)
        // Another agency's request looks exactly like a missing one.
        guard let agency = actor.agency, request.agency == agency, request.state != InformationRequestState.awaitingApproval.rawValue else {
            throw APIError.notFound("the information request")
        }
        let body = try req.content.decode(AnswerRequest.self)
        var check = InputChecker()
        let text = check.require(body.answer, "answer", maxLength: 20_000)
        try check.finish()
        guard request.state == InformationRequestState.sent.rawValue else {
            throw APIError.conflict("answered", "this request was already answered")
        }
        try await Self.change(request, req: req, action: "answer") {
            $0.answer = text
            $0.answeredAt = req.now
            $0.answeredBy = actor.userID
            $0.state = InformationRequestState.answered.rawValue
        }
        return try await Self.inboxItem(request, req: req)
    }

    struct InboxItem: Content {
        var id: UUID
        /// A reference to quote back, not a way into the hub's records.
        var reference: String
        var question: String
        var people: [SharedPerson]
        var dueAt: Date
        var late: Bool
        var state: String
        @NullEncodable var answer: String?
        @NullEncodable var answeredAt: Date?
    }

    static func find(_ text: String?, laIDs: [UUID], on db: any Database) async throws -> InformationRequestModel {
        guard let text, let id = UUID(uuidString: text),
              let request = try await InformationRequestModel.query(on: db).filter(\.$id == id).filter(\.$laID ~~ laIDs).first()
        else { throw APIError.notFound("the information request") }
        return request
    }

    static func change(_ request: InformationRequestModel, req: Request, action: String, _ apply: @escaping @Sendable (InformationRequestModel) -> Void) async throws {
        let id = try request.requireID()
        let old = request.version
        let before = request.state
        apply(request)
        request.version = old + 1
        try await req.db.transaction { db in
            try await req.audit(action, "information-request", id, changes: ["state": [before, request.state]], on: db)
            try await OptimisticLock.claim(InformationRequestModel.schema, id: id, version: old, what: "information request", on: db)
            try await request.save(on: db)
            try await ReferralEventModel(referralID: request.referralID, at: req.now, actorID: req.auth.get(Actor.self)?.userID,
                                         action: "information-request-\(action)", fromState: nil, toState: request.state,
                                         detail: ContactStore.encodeDetail(["agency": request.agency])).save(on: db)
        }
    }

    static func shared(_ request: InformationRequestModel, on db: any Database) async throws -> [SharedPerson] {
        let people = try await PersonModel.query(on: db).filter(\.$id ~~ request.personIDs.compactMap(UUID.init(uuidString:))).all()
        return people.map { SharedPerson(givenName: $0.givenName, familyName: $0.familyName, dateOfBirth: $0.dateOfBirth, postcode: $0.postcode) }
    }

    static func inboxItem(_ request: InformationRequestModel, req: Request) async throws -> InboxItem {
        InboxItem(
            id: try request.requireID(), reference: "IR-" + String(try request.requireID().uuidString.prefix(8)),
            question: request.question, people: try await shared(request, on: req.db), dueAt: request.dueAt,
            late: request.isLate(now: req.now), state: request.state, answer: request.answer, answeredAt: request.answeredAt
        )
    }

    static func response(_ request: InformationRequestModel, req: Request) async throws -> InformationRequestResponse {
        let users = try await ContactStore.userRefs([request.approvedBy, request.answeredBy].compactMap { $0 }, on: req.db)
        return InformationRequestResponse(
            id: try request.requireID(), referralId: request.referralID, agency: request.agency, question: request.question,
            people: try await shared(request, on: req.db), dueAt: request.dueAt, state: request.state, basis: request.basis,
            safeguardingReason: request.safeguardingReason, approvedBy: request.approvedBy.flatMap { users[$0] },
            requestedAt: request.requestedAt, answer: request.answer, answeredAt: request.answeredAt,
            answeredBy: request.answeredBy.flatMap { users[$0] }, late: request.isLate(now: req.now)
        )
    }
}
