import Fluent
import FrontDoorDomain
import Vapor

/// The signed-in user of one request: who they are, their role, and the local authorities whose
/// records they may see. Every route asks it before doing anything.
struct Actor: Authenticatable, Sendable {
    let userID: UUID
    let name: String
    let role: Role
    /// Local authority id → code, for the authorities this user is granted.
    let authorities: [UUID: String]
    /// What the credential in use allows, on top of the role.
    var scope: TokenScope = .user
    /// A partner agency officer's agency (a standard agency code or one of an authority's own).
    var agency: String?

    func can(_ permission: Permission) -> Bool {
        PermissionMatrix.allows(role, permission) && (scope.permissions?.contains(permission) ?? true)
    }

    func require(_ permission: Permission) throws {
        guard PermissionMatrix.allows(role, permission) else {
            throw APIError.forbidden("your role (\(role.label)) does not allow this (\(permission.rawValue))")
        }
        guard can(permission) else {
            throw APIError.forbidden("this token is limited to \(scope.rawValue) and does not allow \(permission.rawValue)")
        }
    }

    var authorityIDs: [UUID] { Array(authorities.keys) }

    func mayAccess(la id: UUID) -> Bool { authorities[id] != nil }
}

extension Request {
    /// The signed-in user, or 401.
    func actor() throws -> Actor {
        guard let actor = auth.get(Actor.self) else {
            throw APIError(status: .unauthorized, code: "unauthenticated", message: "sign in: send Authorization: Bearer TOKEN (frontdoor tokens create --email E prints one)")
        }
        return actor
    }

    /// The signed-in user, who must hold `permission`, or 401/403.
    func actor(_ permission: Permission) throws -> Actor {
        let actor = try actor()
        try actor.require(permission)
        return actor
    }
}

enum ActorLoader {
    static func load(userID: UUID, on db: any Database, scope: TokenScope = .user) async throws -> Actor? {
        guard let user = try await UserModel.find(userID, on: db), user.disabledAt == nil,
              let role = Role(rawValue: user.role) else { return nil }
        let grants = try await UserAuthorityModel.query(on: db).filter(\.$userID == userID).all()
        let las = try await LocalAuthorityModel.query(on: db).filter(\.$id ~~ grants.map(\.laID)).all()
        var authorities: [UUID: String] = [:]
        for la in las { if let id = la.id { authorities[id] = la.code } }
        return Actor(userID: userID, name: user.name, role: role, authorities: authorities, scope: scope, agency: user.agency)
    }
}
