import Fluent
import Vapor

/// Which records are closed to which users, checked wherever a person or a contact is shown.
enum Restrictions {
    /// Of these people, those restricted and not open to the actor, each with whom to ask.
    static func hidden(_ people: [UUID], from actor: Actor, on db: any Database) async throws -> [UUID: String] {
        guard !people.isEmpty else { return [:] }
        return try await closed(RestrictionModel.query(on: db).filter(\.$personID ~~ people).all(), to: actor, on: db)
    }

    /// Every person restricted and not open to the actor, each with whom to ask: for lists too long
    /// to ask about person by person (the records behind a report's figure). Restrictions are few.
    static func allHidden(from actor: Actor, on db: any Database) async throws -> [UUID: String] {
        try await closed(RestrictionModel.query(on: db).all(), to: actor, on: db)
    }

    private static func closed(_ restrictions: [RestrictionModel], to actor: Actor, on db: any Database) async throws -> [UUID: String] {
        guard !restrictions.isEmpty else { return [:] }
        let allowed = try await RestrictionAccessModel.query(on: db)
            .filter(\.$personID ~~ restrictions.map(\.personID)).filter(\.$userID == actor.userID).all()
        let open = Set(allowed.map(\.personID))
        let closed = restrictions.filter { !open.contains($0.personID) }
        let askIDs = Array(Set(closed.map(\.contactUserID)))
        let names = try await UserModel.query(on: db).filter(\.$id ~~ askIDs).all()
        let nameByID = Dictionary(names.compactMap { u in u.id.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
        var result: [UUID: String] = [:]
        for r in closed { result[r.personID] = nameByID[r.contactUserID] ?? "a team manager" }
        return result
    }

    static func refusal(ask: String) -> APIError {
        APIError(status: .forbidden, code: "restricted", message: "this record is restricted; ask \(ask) for access")
    }

    /// 403 `restricted` if the person is closed to the actor.
    static func requireOpen(person: UUID, to actor: Actor, on db: any Database) async throws {
        if let ask = try await hidden([person], from: actor, on: db)[person] { throw refusal(ask: ask) }
    }

    /// 403 `restricted` if any person the contact names is closed to the actor.
    static func requireOpen(contact: UUID, to actor: Actor, on db: any Database) async throws {
        let people = try await ContactPersonModel.query(on: db).filter(\.$contactID == contact).all().map(\.personID)
        if let ask = try await hidden(people, from: actor, on: db).values.first { throw refusal(ask: ask) }
    }
}
