import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// Reading and writing contacts, always within the local authorities the actor is granted.
enum ContactStore {
    /// A contact the actor may see; 404 for one that does not exist or belongs to another authority.
    static func find(_ idText: String?, actor: Actor, on db: any Database) async throws -> ContactModel {
        guard let idText, let id = UUID(uuidString: idText),
              let contact = try await ContactModel.query(on: db).filter(\.$id == id).filter(\.$laID ~~ actor.authorityIDs).first()
        else { throw APIError.notFound("the contact") }
        try await Restrictions.requireOpen(contact: id, to: actor, on: db)
        return contact
    }

    /// Records a new contact with its new people, links, first event and audit row, in one
    /// transaction (shared with the contacts that arrived at the same time: `ContactIntake`).
    static func create(_ new: NewContact, ref: String?, policeRisk: PoliceRisk? = nil, la: LocalAuthorityModel, actor: Actor, req: Request) async throws -> ContactModel {
        try await record(new, ref: ref, policeRisk: policeRisk, la: la, actor: actor, req: req).prepared.contact
    }

    /// A contact just recorded, with what its response shows: nothing needs reading back.
    struct Recorded {
        var prepared: PreparedContact
        var la: LocalAuthorityModel
        var people: [PersonModel]
    }

    /// The problem with a contact's ref when another contact of the authority has it already.
    static func refTaken(_ ref: String, la: UUID, code: @autoclosure () async throws -> String, on db: any Database) async throws -> FieldProblem? {
        guard try await ContactModel.query(on: db).filter(\.$laID == la).filter(\.$ref == ref).first() != nil else { return nil }
        return FieldProblem("ref", "a contact with ref '\(ref)' already exists in local authority \(try await code())")
    }

    /// `create`, keeping the rows written for the response.
    static func record(_ new: NewContact, ref: String?, policeRisk: PoliceRisk? = nil, la: LocalAuthorityModel, actor: Actor, req: Request) async throws -> Recorded {
        let laID = try la.requireID()
        let existingIDs = (new.children + new.adults).compactMap { person -> UUID? in
            if case .existing(let id) = person { return id }
            return nil
        }
        let found = existingIDs.isEmpty ? [] : try await PersonModel.query(on: req.db).filter(\.$id ~~ existingIDs).filter(\.$laID == laID).all()
        let foundIDs = Set(found.compactMap(\.id))
        let closed = try await Restrictions.hidden(Array(foundIDs), from: actor, on: req.db)
        var problems: [FieldProblem] = []
        for (field, list) in [("children", new.children), ("adults", new.adults)] {
            for (index, person) in list.enumerated() {
                if case .existing(let id) = person, !foundIDs.contains(id) {
                    problems.append(FieldProblem("\(field)[\(index)].personId", "no person \(id.uuidString) in local authority \(la.code)"))
                }
                if case .existing(let id) = person, let ask = closed[id] {
                    problems.append(FieldProblem("\(field)[\(index)].personId", "this record is restricted; ask \(ask) for access"))
                }
            }
        }
        let allIDs = existingIDs
        if Set(allIDs).count != allIDs.count {
            problems.append(FieldProblem("children", "the same person is named twice"))
        }
        if let ref, let taken = try await refTaken(ref, la: laID, code: la.code, on: req.db) { problems.append(taken) }
        if !problems.isEmpty { throw ValidationFailure(problems) }

        let prepared = prepare(new, ref: ref, policeRisk: policeRisk, laID: laID, actorID: actor.userID, now: req.now) { id in
            req.auditEntry("create", "contact", id)
        }
        // Written with the contacts that arrived at the same time, in one transaction with its
        // audit row; answered once that has committed.
        let intake = req.application.contactIntake
        let writer = req.application.databases.ids().contains(.intake)
            ? req.application.databases.database(.intake, logger: req.logger, on: intake.eventLoop) ?? req.db
            : req.db
        try await intake.write(prepared, on: writer)
        return Recorded(prepared: prepared, la: la, people: found + prepared.newPeople)
    }

    /// The rows of a checked contact, ready to write: the contact, its new people, their household
    /// links, its people in order, its first event and its audit row.
    static func prepare(
        _ new: NewContact, ref: String?, policeRisk: PoliceRisk?, laID: UUID, actorID: UUID, now: Date,
        audit: (UUID) -> AuditEntry
    ) -> PreparedContact {
        let contactID = UUID()
        let contact = ContactModel()
        contact.id = contactID
        contact.laID = laID
        contact.ref = ref
        contact.receivedAt = new.receivedAt
        contact.source = new.source.rawValue
        contact.channel = new.channel?.rawValue
        contact.type = new.type.rawValue
        contact.referrerName = new.referrer.name
        contact.referrerOrganisation = new.referrer.organisation
        contact.referrerRole = new.referrer.role
        contact.referrerEmail = new.referrer.email
        contact.referrerPhone = new.referrer.phone
        contact.narrative = new.narrative
        contact.consent = new.consent?.rawValue
        contact.consentReason = new.consentReason
        contact.rag = new.rag?.rawValue
        contact.policeRisk = policeRisk?.rawValue
        contact.state = ContactState.received.rawValue
        contact.createdBy = actorID
        contact.version = 1

        var newPeople: [PersonModel] = []
        var links: [(UUID, String)] = []
        var created: Set<UUID> = []
        for (role, list) in [("child", new.children), ("adult", new.adults)] {
            for person in list {
                switch person {
                case .existing(let id):
                    links.append((id, role))
                case .new(let details):
                    let model = PersonModel(laID: laID, details: details)
                    let id = UUID()
                    model.id = id
                    newPeople.append(model)
                    links.append((id, role))
                    created.insert(id)
                }
            }
        }
        // The adults named with the children are their household; a new person cannot be
        // linked yet, so only pairs with a new person need a link.
        var households: [HouseholdLinkModel] = []
        for child in links where child.1 == "child" {
            for adult in links where adult.1 == "adult" && (created.contains(child.0) || created.contains(adult.0)) {
                households.append(HouseholdLinkModel(laID: laID, personID: child.0, otherID: adult.0, relationship: "household adult"))
            }
        }
        let childIDs = links.filter { $0.1 == "child" }.map(\.0)
        contact.childrenNamed = childIDs.count
        return PreparedContact(
            contact: contact, newPeople: newPeople, households: households,
            links: links.enumerated().map { ContactPersonModel(contactID: contactID, personID: $1.0, role: $1.1, position: $0) },
            event: ContactEventModel(
                contactID: contactID, at: now, actorID: actorID, action: "receive", fromState: nil,
                toState: ContactState.received.rawValue, detail: encodeDetail(["source": new.source.rawValue, "rag": new.rag?.rawValue])
            ),
            audit: audit(contactID),
            childIDs: childIDs, existingChildIDs: childIDs.filter { !created.contains($0) }
        )
    }

    /// Applies one step of the state machine. The change is written only if nobody else changed
    /// the contact since it was read (its version), and with its event and audit row, atomically.
    static func transition(
        _ contact: ContactModel, _ action: ContactAction, expectedVersion: Int?, actor: Actor, req: Request,
        detail: [String: String?] = [:], alongside: (@Sendable (any Database) async throws -> Void)? = nil
    ) async throws -> ContactModel {
        try OptimisticLock.check(expected: expectedVersion, current: contact.version, what: "contact")
        let before = contact.stage
        let after = try ContactWorkflow.apply(action, to: before)
        let contactID = try contact.requireID()
        let oldVersion = contact.version
        let snapshotBefore = contact.auditSnapshot
        let updated = ContactModel.copy(of: contact)
        updated.store(after)
        if case .rate(let rag) = action { updated.rag = rag?.rawValue }
        updated.version = oldVersion + 1
        let changes = ContactModel.changes(from: snapshotBefore, to: updated.auditSnapshot)
        try await req.db.transaction { db in
            try await req.audit("update", "contact", contactID, changes: changes, on: db)
            try await OptimisticLock.claim(ContactModel.schema, id: contactID, version: oldVersion, what: "contact", on: db)
            contact.store(after)
            contact.rag = updated.rag
            contact.version = updated.version
            try await contact.save(on: db)
            try await ContactEventModel(
                contactID: contactID, at: req.now, actorID: actor.userID, action: action.name,
                fromState: before.state.rawValue, toState: after.state.rawValue, detail: encodeDetail(detail)
            ).save(on: db)
            try await alongside?(db)
        }
        return contact
    }

    static func encodeDetail(_ detail: [String: String?]) -> String? {
        let values = detail.compactMapValues { $0 }
        guard !values.isEmpty, let data = try? JSONEncoder.api.encode(values) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: views

    static func response(for contact: ContactModel, req: Request) async throws -> ContactResponse {
        let contactID = try contact.requireID()
        guard let la = try await LocalAuthorityModel.find(contact.laID, on: req.db) else { throw APIError.notFound("the local authority") }
        let links = try await ContactPersonModel.query(on: req.db).filter(\.$contactID == contactID).sort(\.$position).all()
        let people = try await PersonModel.query(on: req.db).filter(\.$id ~~ links.map(\.personID)).all()
        return try await response(for: contact, la: la, links: links, people: people, req: req)
    }

    /// The response of a contact just recorded, from the rows written.
    static func response(for recorded: Recorded, req: Request) async throws -> ContactResponse {
        try await response(for: recorded.prepared.contact, la: recorded.la, links: recorded.prepared.links, people: recorded.people, req: req)
    }

    private static func response(
        for contact: ContactModel, la: LocalAuthorityModel, links: [ContactPersonModel], people: [PersonModel], req: Request
    ) async throws -> ContactResponse {
        let contactID = try contact.requireID()
        let byID = Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let today = req.frontDoor.today
        func persons(_ role: String) -> [PersonResponse] {
            links.filter { $0.role == role }.compactMap { byID[$0.personID] }.map { PersonResponse($0, laCode: la.code, today: today) }
        }
        let users = try await userRefs([contact.workerID, contact.decidedBy].compactMap { $0 }, on: req.db)
        let calendar = la.calendar(holidays: req.frontDoor.holidays)
        let clocks = ContactClocks(
            receivedAt: contact.receivedAt, rag: contact.ragValue, decidedAt: contact.decidedAt, now: req.now,
            policy: la.clockPolicy, calendar: calendar
        )
        let stage = contact.stage
        var caseSummary: ContactResponse.CaseSummaryResponse?
        if let strengths = contact.strengths, let risks = contact.risks, let proposed = contact.proposedOutcome {
            caseSummary = .init(strengths: strengths, risks: risks, proposedOutcome: proposed)
        }
        return ContactResponse(
            id: contactID, ref: contact.ref, la: la.code, receivedAt: contact.receivedAt, source: contact.source,
            sourceGroup: ReferralSource(rawValue: contact.source)?.group.rawValue ?? SourceGroup.other.rawValue,
            channel: contact.channel, type: contact.type,
            referrer: Referrer(name: contact.referrerName, organisation: contact.referrerOrganisation, role: contact.referrerRole, email: contact.referrerEmail, phone: contact.referrerPhone),
            children: persons("child"), adults: persons("adult"), summary: contact.narrative,
            consent: .init(status: contact.consent, reason: contact.consentReason),
            openCaseAtReceipt: contact.openCaseAtReceipt, state: contact.state, rag: contact.rag,
            policeRisk: contact.policeRisk,
            assignedTo: contact.workerID.flatMap { users[$0] },
            caseSummary: caseSummary,
            decision: stage.decision.map { d in
                .init(outcome: d.outcome.rawValue, closure: d.closure?.rawValue, reason: d.reason, decidedAt: d.decidedAt, decidedBy: users[d.decidedBy])
            },
            clockStartedAt: calendar.clockStart(for: contact.receivedAt),
            decisionDueAt: clocks.decision.dueAt, workingMinutesRemaining: clocks.decision.remainingWorkingMinutes,
            breached: clocks.decision.breached, oneWorkingDayDueAt: clocks.oneWorkingDay.dueAt,
            oneWorkingDayBreached: clocks.oneWorkingDay.breached, version: contact.version, createdAt: contact.createdAt
        )
    }

    static func events(of contact: ContactModel, on db: any Database) async throws -> [ContactEventResponse] {
        let events = try await ContactEventModel.query(on: db).filter(\.$contactID == contact.requireID()).sort(\.$at).all()
        return try await history(events.map { ($0.at, $0.actorID, $0.action, $0.fromState, $0.toState, $0.detail) }, on: db)
    }

    /// A record's history as the API shows it, with the names of who did each step. Contacts and
    /// referrals keep their events in tables of the same shape.
    static func history(
        _ events: [(at: Date, actorID: UUID?, action: String, fromState: String?, toState: String, detail: String?)], on db: any Database
    ) async throws -> [ContactEventResponse] {
        let users = try await userRefs(Array(Set(events.compactMap(\.actorID))), on: db)
        return events.map { e in
            ContactEventResponse(
                at: e.at, action: e.action, fromState: e.fromState, toState: e.toState, by: e.actorID.flatMap { users[$0] },
                detail: e.detail.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
            )
        }
    }

    static func userRefs(_ ids: [UUID], on db: any Database) async throws -> [UUID: UserRef] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserModel.query(on: db).filter(\.$id ~~ ids).all()
        var result: [UUID: UserRef] = [:]
        for user in users { if let id = user.id { result[id] = UserRef(id: id, name: user.name) } }
        return result
    }
}
