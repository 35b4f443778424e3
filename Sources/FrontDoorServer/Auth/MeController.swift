import Fluent
import FrontDoorDomain
import Vapor

struct MeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", use: me).requiresSignIn()
    }

    struct MeResponse: Content {
        var id: UUID
        var name: String
        var role: String
        var localAuthorities: [String]
        var permissions: [String]
    }

    func me(req: Request) async throws -> MeResponse {
        let actor = try req.actor()
        return MeResponse(
            id: actor.userID, name: actor.name, role: actor.role.rawValue,
            localAuthorities: actor.authorities.values.sorted(),
            permissions: Permission.allCases.filter(actor.can).map(\.rawValue).sorted()
        )
    }
}
