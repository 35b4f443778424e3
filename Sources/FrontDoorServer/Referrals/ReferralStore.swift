import Fluent
import FrontDoorDomain
import Vapor

enum ReferralStore {
    /// A referral the actor may see; 404 for one that does not exist or belongs to another authority.
    static func find(_ idText: String?, actor: Actor, on db: any Database) async throws -> ReferralModel {
        guard let idText, let id = UUID(uuidString: idText),
              let referral = try await ReferralModel.query(on: db).filter(\.$id == id).filter(\.$laID ~~ actor.authorityIDs).first()
        else { throw APIError.notFound("the referral") }
        try await Restrictions.requireOpen(person: referral.childID, to: actor, on: db)
        return referral
    }

    /// Opens one referral per child of a contact progressed to referral, inside the decision's
    /// transaction. A child referred within the previous 12 months gets a re-referral, linked to
    /// the earlier one.
    static func open(from contact: ContactModel, kind: ReferralKind, at: Date, actor: Actor, req: Request, on db: any Database) async throws {
        let contactID = try contact.requireID()
        let children = try await ContactPersonModel.query(on: db).filter(\.$contactID == contactID).filter(\.$role == "child").sort(\.$position).all()
        var entries: [AuditEntry] = []
        for child in children {
            let earlier = try await ReferralModel.query(on: db).filter(\.$childID == child.personID).filter(\.$referredAt < at).all()
            let referral = ReferralModel()
            referral.id = UUID()
            referral.laID = contact.laID
            referral.contactID = contactID
            referral.childID = child.personID
            referral.referredAt = at
            referral.source = contact.source
            referral.kind = kind.rawValue
            referral.state = ReferralState.unallocated.rawValue
            referral.consent = contact.consent
            referral.consentReason = contact.consentReason
            referral.assessmentFactors = []
            referral.previousReferralID = ReReferral.previous(for: at, among: earlier.compactMap { r in r.id.map { (id: $0, referredAt: r.referredAt) } })
            referral.version = 1
            try await referral.create(on: db)
            let id = try referral.requireID()
            try await ReferralEventModel(referralID: id, at: at, actorID: actor.userID, action: "open", fromState: nil,
                                         toState: ReferralState.unallocated.rawValue, detail: ContactStore.encodeDetail(["kind": kind.rawValue])).save(on: db)
            entries.append(AuditEntry(at: req.now, actorID: actor.userID, action: "create", recordType: "referral", recordID: id,
                                      route: "\(req.method.rawValue) \(req.url.path)", remoteAddress: req.remoteAddress?.ipAddress, changes: nil))
        }
        try await AuditLog.append(entries, on: db)
    }

    /// One step of the referral workflow, written only if nobody changed the referral meanwhile,
    /// with its event and audit row, atomically.
    static func transition(
        _ referral: ReferralModel, _ action: ReferralAction, expectedVersion: Int?, actor: Actor, req: Request, detail: [String: String?] = [:]
    ) async throws -> ReferralModel {
        try OptimisticLock.check(expected: expectedVersion, current: referral.version, what: "referral")
        let before = referral.stage
        let after = try ReferralWorkflow.apply(action, to: before)
        let id = try referral.requireID()
        let oldVersion = referral.version
        let snapshot = referral.auditSnapshot
        referral.store(after)
        referral.version = oldVersion + 1
        let changes = ContactModel.changes(from: snapshot, to: referral.auditSnapshot, freeText: ReferralModel.freeTextFields)
        try await req.db.transaction { db in
            try await req.audit("update", "referral", id, changes: changes, on: db)
            try await OptimisticLock.claim(ReferralModel.schema, id: id, version: oldVersion, what: "referral", on: db)
            try await referral.save(on: db)
            try await ReferralEventModel(referralID: id, at: req.now, actorID: actor.userID, action: action.name,
                                         fromState: before.state.rawValue, toState: after.state.rawValue,
                                         detail: ContactStore.encodeDetail(detail)).save(on: db)
            if case .decide(let decision) = action, let contactID = referral.contactID,
               let contact = try await ContactModel.find(contactID, on: db) {
                try await ReferrerFeedback.referralDecided(contact, outcome: decision.outcome, on: db, now: decision.decidedAt)
            }
        }
        return referral
    }

    /// When the referral's decision is due: the authority's clock for its kind, in working time.
    static func completionDue(of referral: ReferralModel, la: LocalAuthorityModel, calendar: WorkingCalendar) -> Date {
        completionDue(kind: referral.kindValue, referredAt: referral.referredAt, la: la, calendar: calendar)
    }

    static func completionDue(kind: ReferralKind, referredAt: Date, la: LocalAuthorityModel, calendar: WorkingCalendar) -> Date {
        calendar.adding(workingMinutes: la.referralClockPolicy.minutes(for: kind), to: referredAt)
    }

    static func response(for referral: ReferralModel, req: Request) async throws -> ReferralResponse {
        guard let response = try await responses(for: [referral], req: req).first else { throw APIError.notFound("the referral") }
        return response
    }

    /// The answers for some referrals, in their order, with their authorities, children and
    /// workers loaded once for all of them.
    static func responses(for referrals: [ReferralModel], req: Request) async throws -> [ReferralResponse] {
        guard !referrals.isEmpty else { return [] }
        let las = try await LocalAuthorityModel.query(on: req.db).filter(\.$id ~~ Array(Set(referrals.map(\.laID)))).all()
        let laByID = Dictionary(las.compactMap { la in la.id.map { ($0, (la, la.calendar(holidays: req.frontDoor.holidays))) } }, uniquingKeysWith: { a, _ in a })
        let children = try await PersonModel.query(on: req.db).filter(\.$id ~~ Array(Set(referrals.map(\.childID)))).all()
        let childByID = Dictionary(children.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let users = try await ContactStore.userRefs(Array(Set(referrals.flatMap { [$0.workerID, $0.decidedBy].compactMap { $0 } })), on: req.db)
        return try referrals.map { referral in
            guard let (la, calendar) = laByID[referral.laID], let child = childByID[referral.childID] else { throw APIError.notFound("the referral") }
            return try response(for: referral, la: la, calendar: calendar, child: child, users: users, req: req)
        }
    }

    private static func response(
        for referral: ReferralModel, la: LocalAuthorityModel, calendar: WorkingCalendar, child: PersonModel, users: [UUID: UserRef], req: Request
    ) throws -> ReferralResponse {
        let due = completionDue(of: referral, la: la, calendar: calendar)
        let clock = ClockReading.read(dueAt: due, stoppedAt: referral.decidedAt, now: req.now, calendar: calendar)
        var analysis: ReferralResponse.Analysis?
        if let gathered = referral.informationGathered, let text = referral.analysis, let recommendation = referral.recommendation {
            analysis = .init(informationGathered: gathered, analysis: text, recommendation: recommendation)
        }
        var decision: ReferralResponse.Decision?
        if case .decided(let d) = referral.stage {
            decision = .init(outcome: d.outcome.rawValue, team: d.team, reason: d.reason, decidedAt: d.decidedAt, decidedBy: users[d.decidedBy])
        }
        return ReferralResponse(
            id: try referral.requireID(), ref: referral.ref, la: la.code, contactId: referral.contactID,
            child: PersonResponse(child, laCode: la.code, today: req.frontDoor.today), referredAt: referral.referredAt,
            source: referral.source, sourceGroup: ReferralSource(rawValue: referral.source)?.group.rawValue ?? "other",
            kind: referral.kind, state: referral.state, assignedTo: referral.workerID.flatMap { users[$0] },
            analysis: analysis, decision: decision, reReferral: referral.previousReferralID != nil,
            previousReferralId: referral.previousReferralID,
            consent: .init(status: referral.consent, reason: referral.consentReason),
            completionDueAt: clock.dueAt, workingMinutesRemaining: clock.remainingWorkingMinutes, breached: clock.breached,
            statutory: .init(
                assessmentStartedAt: referral.assessmentStartedAt, assessmentAuthorisedAt: referral.assessmentAuthorisedAt,
                assessmentDue: StrategyDiscussionRules.assessmentDue(referralDate: calendar.localDate(of: referral.referredAt), calendar: calendar).iso,
                assessmentFactors: referral.assessmentFactors, s47StartedAt: referral.s47StartedAt, icpcTarget: referral.icpcTarget,
                icpcAt: referral.icpcAt, cpPlanStartedAt: referral.cpPlanStartedAt, closedAt: referral.closedAt,
                reasonForClosure: referral.reasonForClosure, primaryNeed: referral.primaryNeed
            ),
            version: referral.version
        )
    }
}

struct ReferralResponse: Content {
    struct Analysis: Codable {
        var informationGathered: String
        var analysis: String
        var recommendation: String
    }

    struct Decision: Codable {
        var outcome: String
        @NullEncodable var team: String?
        var reason: String
        var decidedAt: Date
        @NullEncodable var decidedBy: UserRef?
    }

    var id: UUID
    @NullEncodable var ref: String?
    var la: String
    @NullEncodable var contactId: UUID?
    var child: PersonResponse
    var referredAt: Date
    var source: String
    var sourceGroup: String
    var kind: String
    var state: String
    @NullEncodable var assignedTo: UserRef?
    @NullEncodable var analysis: Analysis?
    @NullEncodable var decision: Decision?
    var reReferral: Bool
    @NullEncodable var previousReferralId: UUID?
    var consent: ContactResponse.Consent
    var completionDueAt: Date
    var workingMinutesRemaining: Int
    var breached: Bool
    var statutory: StatutoryDates
    var version: Int

    /// The dates and codes the CIN census and Annex A need.
    struct StatutoryDates: Codable {
        @NullEncodable var assessmentStartedAt: String?
        @NullEncodable var assessmentAuthorisedAt: String?
        /// 45 working days after the referral.
        var assessmentDue: String
        var assessmentFactors: [String]
        @NullEncodable var s47StartedAt: String?
        @NullEncodable var icpcTarget: String?
        @NullEncodable var icpcAt: String?
        @NullEncodable var cpPlanStartedAt: String?
        @NullEncodable var closedAt: String?
        @NullEncodable var reasonForClosure: String?
        @NullEncodable var primaryNeed: String?
    }
}
