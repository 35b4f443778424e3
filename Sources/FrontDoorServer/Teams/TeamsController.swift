import Fluent
import FrontDoorDomain
import Vapor

/// `GET /api/v1/teams?la=`: the teams of the authorities you are granted, with their members, so
/// that a queue can be filtered by team and a manager can allocate to a team member.
struct TeamsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("teams", use: list).requires(.viewContacts)
    }

    struct Member: Content {
        var id: UUID
        var name: String
        var role: String
    }

    struct TeamResponse: Content {
        var id: UUID
        var la: String
        var name: String
        var kind: String
        /// Which unallocated work waits for this team: contact, referral, or null.
        @NullEncodable var intake: String?
        var members: [Member]
    }

    struct TeamList: Content {
        var teams: [TeamResponse]
    }

    func list(req: Request) async throws -> TeamList {
        let actor = try req.actor(.viewContacts)
        var las = actor.authorityIDs
        if let code = req.query[String.self, at: "la"] { las = [try await req.grantedAuthority(code: code).requireID()] }
        let loaded = try await Teams.load(las: las, on: req.db)
        let memberIDs = loaded.models.keys.flatMap { loaded.directory.members(of: $0) }
        let users = try await UserModel.query(on: req.db).filter(\.$id ~~ Set(memberIDs).map { $0 }).filter(\.$disabledAt == nil).all()
        let byID = Dictionary(users.compactMap { u in u.id.map { ($0, u) } }, uniquingKeysWith: { a, _ in a })
        let teams = loaded.models.values.compactMap { team -> TeamResponse? in
            guard let id = team.id, let code = actor.authorities[team.laID] else { return nil }
            let members = loaded.directory.members(of: id).compactMap { byID[$0] }
                .compactMap { u in u.id.map { Member(id: $0, name: u.name, role: u.role) } }
                .sorted { $0.name < $1.name }
            return TeamResponse(id: id, la: code, name: team.name, kind: team.kind, intake: team.kindValue.intake?.rawValue, members: members)
        }
        return TeamList(teams: teams.sorted { ($0.la, $0.name) < ($1.la, $1.name) })
    }
}
