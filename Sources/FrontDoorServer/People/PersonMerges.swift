import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// One merge of a duplicate person record into a survivor: who, when, why, and exactly which rows
/// moved or were set aside, so that an undo puts everything back as it was.
final class PersonMergeModel: Model, @unchecked Sendable {
    static let schema = "person_merges"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "survivor_id") var survivorID: UUID
    @Field(key: "merged_id") var mergedID: UUID
    @Field(key: "reason") var reason: String
    @OptionalField(key: "merged_by") var mergedBy: UUID?
    @Field(key: "merged_at") var mergedAt: Date
    /// JSON of `PersonMergeMoves`.
    @Field(key: "moved") var moved: String
    @OptionalField(key: "undone_at") var undoneAt: Date?
    @OptionalField(key: "undone_by") var undoneBy: UUID?
    @OptionalField(key: "undo_reason") var undoReason: String?

    init() {}
}

/// The rows a merge re-pointed (by id) and the rows it set aside (whole).
struct PersonMergeMoves: Codable, Equatable {
    struct ContactPersonRow: Codable, Equatable {
        var id: UUID
        var contactID: UUID
        var role: String
        var position: Int
    }

    struct LinkRow: Codable, Equatable {
        var id: UUID
        var laID: UUID
        var personID: UUID
        var otherID: UUID
        var relationship: String
        var createdAt: Date?
    }

    var contactPeople: [UUID] = []
    var referrals: [UUID] = []
    var episodes: [UUID] = []
    var linksAsPerson: [UUID] = []
    var linksAsOther: [UUID] = []
    var setAsideContactPeople: [ContactPersonRow] = []
    var setAsideLinks: [LinkRow] = []
}

struct DuplicateAlert: Content, Equatable {
    var field: String
    var personId: UUID
}

enum DuplicateAlerts {
    /// The other live records of the authority holding this person's NHS number or UPN.
    static func alerts(for person: PersonModel, on db: any Database) async throws -> [DuplicateAlert] {
        guard person.nhsNumber != nil || person.upn != nil, let id = person.id else { return [] }
        let others = try await PersonModel.query(on: db)
            .filter(\.$laID == person.laID).filter(\.$id != id).filter(\.$mergedInto == nil)
            .group(.or) { or in
                if let nhs = person.nhsNumber { or.filter(\.$nhsNumber == nhs) }
                if let upn = person.upn { or.filter(\.$upn == upn) }
            }
            .all()
        var alerts: [DuplicateAlert] = []
        for other in others {
            guard let otherID = other.id else { continue }
            if let nhs = person.nhsNumber, other.nhsNumber == nhs { alerts.append(DuplicateAlert(field: "nhsNumber", personId: otherID)) }
            if let upn = person.upn, other.upn == upn { alerts.append(DuplicateAlert(field: "upn", personId: otherID)) }
        }
        return alerts.sorted { ($0.field, $0.personId.uuidString) < ($1.field, $1.personId.uuidString) }
    }
}

/// Duplicate alerts, merges and their undo (issue #4, point 4).
struct PersonMergesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let people = routes.grouped("people")
        people.get("duplicates", use: duplicates).requires(.mergePeople)
        people.post(":personID", "merge", use: merge).requires(.mergePeople)
        people.get("merges", use: list).requires(.mergePeople)
        people.post("merges", ":mergeID", "undo", use: undo).requires(.mergePeople)
    }

    struct ClashResponse: Content {
        var field: String
        var people: [PersonResponse]
    }

    struct DuplicatesResponse: Content {
        var duplicates: [ClashResponse]
    }

    /// Every NHS number or UPN held by two or more live records of the authority.
    func duplicates(req: Request) async throws -> DuplicatesResponse {
        let actor = try req.actor(.mergePeople)
        let la = try await req.grantedAuthority(code: req.query[String.self, at: "la"])
        let laID = try la.requireID()
        let holders = try await PersonModel.query(on: req.db)
            .filter(\.$laID == laID).filter(\.$mergedInto == nil)
            .group(.or) { $0.filter(\.$nhsNumber != nil).filter(\.$upn != nil) }
            .field(\.$id).field(\.$nhsNumber).field(\.$upn)
            .all()
            .compactMap { p in p.id.map { IdentifierClash.Holder(id: $0, nhsNumber: p.nhsNumber, upn: p.upn) } }
        let clashes = IdentifierClash.find(in: holders)
        let ids = Array(Set(clashes.flatMap(\.people)))
        var people: [UUID: PersonModel] = [:]
        for chunk in ids.chunked(500) {
            for p in try await PersonModel.query(on: req.db).filter(\.$id ~~ Array(chunk)).all() { people[p.id!] = p }
        }
        let hidden = try await Restrictions.hidden(ids, from: actor, on: req.db)
        let today = req.frontDoor.today
        try await req.audit("search", "person", nil)
        return DuplicatesResponse(duplicates: clashes.map { clash in
            ClashResponse(field: clash.field.rawValue, people: clash.people.compactMap { id in
                if let ask = hidden[id] { return .restricted(id: id, laCode: la.code, ask: ask) }
                return people[id].map { PersonResponse($0, laCode: la.code, today: today) }
            })
        })
    }

    struct MergeRequest: Content {
        var duplicateId: String?
        var reason: String?
    }

    struct MergeResponse: Content {
        var id: UUID
        var la: String
        var survivorId: UUID
        var mergedId: UUID
        var reason: String
        @NullEncodable var mergedBy: UUID?
        var mergedAt: Date
        var moved: Counts
        @NullEncodable var undoneAt: Date?
        @NullEncodable var undoneBy: UUID?
        @NullEncodable var undoReason: String?

        struct Counts: Content {
            var contacts: Int
            var referrals: Int
            var caseEpisodes: Int
            var householdLinks: Int
            var setAside: Int
        }

        init(_ m: PersonMergeModel, la: String) {
            let moves = (try? JSONDecoder().decode(PersonMergeMoves.self, from: Data(m.moved.utf8))) ?? PersonMergeMoves()
            id = m.id ?? UUID()
            self.la = la
            survivorId = m.survivorID
            mergedId = m.mergedID
            reason = m.reason
            mergedBy = m.mergedBy
            mergedAt = m.mergedAt
            moved = Counts(
                contacts: moves.contactPeople.count, referrals: moves.referrals.count, caseEpisodes: moves.episodes.count,
                householdLinks: moves.linksAsPerson.count + moves.linksAsOther.count,
                setAside: moves.setAsideContactPeople.count + moves.setAsideLinks.count
            )
            undoneAt = m.undoneAt
            undoneBy = m.undoneBy
            undoReason = m.undoReason
        }
    }

    /// Merges the duplicate into the survivor (the path's person): everything that named the
    /// duplicate names the survivor; the duplicate stays, marked as merged, out of every search.
    func merge(req: Request) async throws -> Response {
        let actor = try req.actor(.mergePeople)
        let (survivor, la) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let body = try req.content.decode(MergeRequest.self)
        var check = InputChecker()
        let duplicateText = check.require(body.duplicateId, "duplicateId", maxLength: 40)
        let reason = check.require(body.reason, "reason", maxLength: 2000)
        try check.finish()
        let (duplicate, _) = try await PeopleQueries.find(duplicateText, actor: actor, on: req.db, field: "duplicateId")
        let survivorID = try survivor.requireID(), duplicateID = try duplicate.requireID()
        guard survivorID != duplicateID, survivor.laID == duplicate.laID else {
            throw ValidationFailure([FieldProblem("duplicateId", "must be another person of the same local authority")])
        }
        guard survivor.mergedInto == nil, duplicate.mergedInto == nil else {
            throw APIError.conflict("already-merged", "one of these records has already been merged into another")
        }
        let restricted = try await RestrictionModel.query(on: req.db).filter(\.$personID ~~ [survivorID, duplicateID]).count()
        guard restricted == 0 else {
            throw APIError.conflict("restricted", "a restricted record cannot be merged; lift the restriction first")
        }
        let merge = PersonMergeModel()
        merge.id = UUID()
        merge.laID = survivor.laID
        merge.survivorID = survivorID
        merge.mergedID = duplicateID
        merge.reason = reason ?? ""
        merge.mergedBy = actor.userID
        merge.mergedAt = req.now
        try await req.db.transaction { db in
            try await req.audit("merge", "person", survivorID, changes: ["merged": [nil, duplicateID.uuidString]], on: db)
            try await req.audit("merge", "person", duplicateID, changes: ["mergedInto": [nil, survivorID.uuidString]], on: db)
            var moves = PersonMergeMoves()
            // Contacts naming the duplicate.
            let named = try await ContactPersonModel.query(on: db).filter(\.$personID ~~ [survivorID, duplicateID]).all()
            let namings = MergePlan.namings(survivor: survivorID, duplicate: duplicateID,
                                            rows: named.compactMap { r in r.id.map { MergePlan.Naming(id: $0, owner: r.contactID, person: r.personID) } })
            moves.contactPeople = namings.moved
            moves.setAsideContactPeople = named.filter { namings.setAside.contains($0.id ?? UUID()) }
                .map { .init(id: $0.id!, contactID: $0.contactID, role: $0.role, position: $0.position) }
            // Household links.
            let links = try await HouseholdLinkModel.query(on: db)
                .group(.or) { $0.filter(\.$personID ~~ [survivorID, duplicateID]).filter(\.$otherID ~~ [survivorID, duplicateID]) }
                .all()
            let linkPlan = MergePlan.links(survivor: survivorID, duplicate: duplicateID,
                                           rows: links.compactMap { l in l.id.map { MergePlan.Link(id: $0, person: l.personID, other: l.otherID) } })
            for link in links where linkPlan.moved.contains(link.id ?? UUID()) {
                if link.personID == duplicateID { moves.linksAsPerson.append(link.id!) } else { moves.linksAsOther.append(link.id!) }
            }
            moves.setAsideLinks = links.filter { linkPlan.setAside.contains($0.id ?? UUID()) }
                .map { .init(id: $0.id!, laID: $0.laID, personID: $0.personID, otherID: $0.otherID, relationship: $0.relationship, createdAt: $0.createdAt) }
            moves.referrals = try await ReferralModel.query(on: db).filter(\.$childID == duplicateID).all().compactMap(\.id)
            moves.episodes = try await CaseEpisodeModel.query(on: db).filter(\.$personID == duplicateID).all().compactMap(\.id)

            // Apply: set aside first (the unique rules), then re-point.
            try await Self.delete(ContactPersonModel.self, moves.setAsideContactPeople.map(\.id), on: db)
            try await ContactChildren.recount(moves.setAsideContactPeople.map(\.contactID), on: db)
            try await Self.delete(HouseholdLinkModel.self, moves.setAsideLinks.map(\.id), on: db)
            try await Self.repoint(moves, to: survivorID, on: db)
            duplicate.mergedInto = survivorID
            try await duplicate.save(on: db)
            try await PersonKeys.remove([duplicateID], on: db)
            merge.moved = String(decoding: try JSONEncoder().encode(moves), as: UTF8.self)
            try await merge.create(on: db)
        }
        return try jsonResponse(MergeResponse(merge, la: la.code), status: .created)
    }

    struct ListResponse: Content {
        var merges: [MergeResponse]
    }

    func list(req: Request) async throws -> ListResponse {
        _ = try req.actor(.mergePeople)
        let la = try await req.grantedAuthority(code: req.query[String.self, at: "la"])
        let merges = try await PersonMergeModel.query(on: req.db).filter(\.$laID == la.requireID())
            .sort(\.$mergedAt, .descending).limit(500).all()
        try await req.audit("read", "person-merge", nil)
        return ListResponse(merges: merges.map { MergeResponse($0, la: la.code) })
    }

    struct UndoRequest: Content {
        var reason: String?
    }

    /// Puts back exactly what the merge moved: the rows it re-pointed name the duplicate again,
    /// the rows it set aside return, and the duplicate is searchable again.
    func undo(req: Request) async throws -> MergeResponse {
        let actor = try req.actor(.mergePeople)
        guard let idText = req.parameters.get("mergeID"), let mergeID = UUID(uuidString: idText),
              let merge = try await PersonMergeModel.query(on: req.db).filter(\.$id == mergeID).filter(\.$laID ~~ actor.authorityIDs).first(),
              let la = try await LocalAuthorityModel.find(merge.laID, on: req.db)
        else { throw APIError.notFound("the merge") }
        let body = try req.content.decode(UndoRequest.self)
        var check = InputChecker()
        let reason = check.require(body.reason, "reason", maxLength: 2000)
        try check.finish()
        guard merge.undoneAt == nil else { throw APIError.conflict("already-undone", "this merge has already been undone") }
        guard let survivor = try await PersonModel.find(merge.survivorID, on: req.db),
              let duplicate = try await PersonModel.find(merge.mergedID, on: req.db)
        else { throw APIError.notFound("the merged people") }
        guard survivor.mergedInto == nil else {
            throw APIError.conflict("later-merge", "the surviving record has since been merged into another; undo that merge first")
        }
        let moves = try JSONDecoder().decode(PersonMergeMoves.self, from: Data(merge.moved.utf8))
        try await req.db.transaction { db in
            try await req.audit("unmerge", "person", merge.survivorID, changes: ["merged": [merge.mergedID.uuidString, nil]], on: db)
            try await req.audit("unmerge", "person", merge.mergedID, changes: ["mergedInto": [merge.survivorID.uuidString, nil]], on: db)
            try await Self.repoint(moves, to: merge.mergedID, on: db)
            for row in moves.setAsideContactPeople {
                let model = ContactPersonModel(contactID: row.contactID, personID: merge.mergedID, role: row.role, position: row.position)
                model.id = row.id
                try await model.create(on: db)
            }
            try await ContactChildren.recount(moves.setAsideContactPeople.map(\.contactID), on: db)
            for row in moves.setAsideLinks {
                let model = HouseholdLinkModel(laID: row.laID, personID: row.personID, otherID: row.otherID, relationship: row.relationship)
                model.id = row.id
                try await model.create(on: db)
                if let created = row.createdAt, let sql = db as? any SQLDatabase {
                    try await sql.update(HouseholdLinkModel.schema).set("created_at", to: SQLBind(created)).where("id", .equal, SQLBind(row.id)).run()
                }
            }
            duplicate.mergedInto = nil
            try await duplicate.save(on: db)
            try await PersonKeys.index([duplicate], on: db)
            merge.undoneAt = req.now
            merge.undoneBy = actor.userID
            merge.undoReason = reason
            try await merge.save(on: db)
        }
        return MergeResponse(merge, la: la.code)
    }

    private static func delete<M: Model>(_ type: M.Type, _ ids: [UUID], on db: any Database) async throws where M.IDValue == UUID {
        guard !ids.isEmpty else { return }
        try await M.query(on: db).filter(\._$id ~~ ids).delete()
    }

    /// Points every row the merge moved at `person`: the survivor on merging, the duplicate on undoing.
    private static func repoint(_ moves: PersonMergeMoves, to person: UUID, on db: any Database) async throws {
        try await set(ContactPersonModel.self, moves.contactPeople, \.$personID, to: person, on: db)
        try await set(ReferralModel.self, moves.referrals, \.$childID, to: person, on: db)
        try await set(CaseEpisodeModel.self, moves.episodes, \.$personID, to: person, on: db)
        try await set(HouseholdLinkModel.self, moves.linksAsPerson, \.$personID, to: person, on: db)
        try await set(HouseholdLinkModel.self, moves.linksAsOther, \.$otherID, to: person, on: db)
    }

    private static func set<M: Model>(_ type: M.Type, _ ids: [UUID], _ field: KeyPath<M, FieldProperty<M, UUID>>, to value: UUID, on db: any Database) async throws where M.IDValue == UUID {
        for chunk in ids.chunked(500) {
            try await M.query(on: db).filter(\._$id ~~ Array(chunk)).set(field, to: value).update()
        }
    }
}

/// Search before create: a new person may not be recorded while a likely or certain match exists,
/// unless the user confirms, match by match, that it is a different child (issue #4, point 1).
enum DuplicateGuard {
    struct Match: Sendable {
        var id: UUID
        var band: MatchBand
        var reasons: [String]
    }

    /// The likely and certain matches of these details among the authority's people, best first.
    static func matches(for details: PersonDetails, la: UUID, on db: any Database) async throws -> [Match] {
        let query = MatchQuery(details).personQuery
        guard !query.isEmpty else { return [] }
        return try await PeopleQueries.scored(MatchQuery(details), candidatesFor: query, la: la, on: db).compactMap { id, result -> Match? in
            let match = result.personMatch
            return match.band >= .likely ? Match(id: id, band: match.band, reasons: match.reasons) : nil
        }
    }

    /// 409 `possible-duplicate`, naming each unconfirmed match, unless every likely or certain match
    /// is in `confirmed`.
    static func require(_ details: PersonDetails, la: UUID, confirmed: [UUID], field: String, on db: any Database) async throws {
        let open = try await matches(for: details, la: la, on: db).filter { !confirmed.contains($0.id) }
        guard !open.isEmpty else { return }
        throw PossibleDuplicate(field: field, matches: open)
    }

    struct PossibleDuplicate: Error {
        var field: String
        var matches: [Match]

        var problems: [FieldProblem] {
            matches.map { FieldProblem(field, "\($0.band.rawValue) match with person \($0.id.uuidString) (\($0.reasons.joined(separator: "; "))); if this is a different child, list the id in notDuplicateOf") }
        }
    }
}
