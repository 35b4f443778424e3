import Fluent
import FrontDoorDomain
import Vapor

/// Managers restrict a person's record to named users, and lift the restriction.
struct RestrictionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.put("people", ":personID", "restriction", use: restrict).requires(.restrictRecords)
        routes.delete("people", ":personID", "restriction", use: lift).requires(.restrictRecords)
    }

    struct RestrictRequest: Content {
        var reason: String?
        var allowedUserIds: [String]?
    }

    struct RestrictionResponse: Content {
        var personId: UUID
        var reason: String
        var ask: UserRef
        var allowed: [UserRef]
    }

    /// Restricts the record (or replaces who may see it). The manager doing it is always allowed
    /// and is the one others are told to ask.
    func restrict(req: Request) async throws -> RestrictionResponse {
        let actor = try req.actor(.restrictRecords)
        let (person, _) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let personID = try person.requireID()
        try await Restrictions.requireOpen(person: personID, to: actor, on: req.db)
        let body = try req.content.decode(RestrictRequest.self)
        var check = InputChecker()
        let reason = check.require(body.reason, "reason", maxLength: 500)
        var allowed: [UUID] = [actor.userID]
        for (index, text) in (body.allowedUserIds ?? []).enumerated() {
            guard let id = UUID(uuidString: text) else { check.add("allowedUserIds[\(index)]", "is not a user id"); continue }
            guard let user = try await ActorLoader.load(userID: id, on: req.db), user.mayAccess(la: person.laID) else {
                check.add("allowedUserIds[\(index)]", "is not a user of this record's local authority"); continue
            }
            if !allowed.contains(id) { allowed.append(id) }
        }
        try check.finish()
        guard let reason else { throw APIError.badRequest("could not read the restriction") }
        let allowedUsers = allowed
        try await req.db.transaction { db in
            try await req.audit("restrict", "person", personID, changes: ["allowed": [nil, allowedUsers.map(\.uuidString).joined(separator: ",")]], on: db)
            try await RestrictionAccessModel.query(on: db).filter(\.$personID == personID).delete()
            try await RestrictionModel.query(on: db).filter(\.$personID == personID).delete()
            try await RestrictionModel(laID: person.laID, personID: personID, reason: reason, contactUserID: actor.userID).create(on: db)
            for user in allowedUsers { try await RestrictionAccessModel(personID: personID, userID: user).create(on: db) }
        }
        let refs = try await ContactStore.userRefs(allowed, on: req.db)
        return RestrictionResponse(
            personId: personID, reason: reason, ask: refs[actor.userID] ?? UserRef(id: actor.userID, name: actor.name),
            allowed: allowed.compactMap { refs[$0] }
        )
    }

    func lift(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor(.restrictRecords)
        let (person, _) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let personID = try person.requireID()
        try await Restrictions.requireOpen(person: personID, to: actor, on: req.db)
        try await req.db.transaction { db in
            try await req.audit("unrestrict", "person", personID, on: db)
            try await RestrictionAccessModel.query(on: db).filter(\.$personID == personID).delete()
            try await RestrictionModel.query(on: db).filter(\.$personID == personID).delete()
        }
        return .noContent
    }
}
