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
    /// The user's actor: nil for no such user, a disabled one, or an unknown role.
    static func load(userID: UUID, on db: any Database, scope: TokenScope = .user) async throws -> Actor? {
        let rows = try await RawQuery.rows({ p in
            "SELECT \(userColumns) FROM \(UserModel.schema) u \(grantsJoin) WHERE u.id = \(p(1))"
        }, [.uuid(userID)], on: db) { cells in try UserRow(cells: &cells) }
        return actor(rows, scope: scope)
    }

    /// The actor of an API token: nil for no such token, a revoked or expired one, or a user who
    /// could not sign in (`load(userID:)`). One query, whatever the number of authorities granted.
    static func load(tokenHash: String, now: Date, on db: any Database) async throws -> Actor? {
        struct TokenRow {
            var scope: String
            var expiresAt: Date
            var revokedAt: Date?
            var user: UserRow
        }
        let rows = try await RawQuery.rows({ p in
            """
            SELECT t.scope, t.expires_at, t.revoked_at, \(userColumns) FROM \(APITokenModel.schema) t \
            JOIN \(UserModel.schema) u ON u.id = t.user_id \(grantsJoin) WHERE t.token_hash = \(p(1))
            """
        }, [.text(tokenHash)], on: db) { cells in
            TokenRow(scope: try cells.required(cells.text(), "scope"), expiresAt: try cells.required(cells.date(), "expires_at"),
                     revokedAt: try cells.date(), user: try UserRow(cells: &cells))
        }
        guard let token = rows.first, token.revokedAt == nil, token.expiresAt > now else { return nil }
        return actor(rows.map(\.user), scope: TokenScope(rawValue: token.scope) ?? .contactsCreate)
    }

    /// The user's columns and each authority granted: one row per grant (or one with no authority).
    private static let userColumns = "u.id, u.name, u.role, u.agency, u.disabled_at, la.id, la.code"
    private static let grantsJoin = """
        LEFT JOIN \(UserAuthorityModel.schema) g ON g.user_id = u.id LEFT JOIN \(LocalAuthorityModel.schema) la ON la.id = g.la_id
        """

    private struct UserRow {
        var id: UUID
        var name: String
        var role: String
        var agency: String?
        var disabledAt: Date?
        var laID: UUID?
        var laCode: String?

        init(cells: inout any RowCells) throws {
            id = try cells.required(cells.uuid(), "id")
            name = try cells.required(cells.text(), "name")
            role = try cells.required(cells.text(), "role")
            agency = try cells.text()
            disabledAt = try cells.date()
            laID = try cells.uuid()
            laCode = try cells.text()
        }
    }

    private static func actor(_ rows: [UserRow], scope: TokenScope) -> Actor? {
        guard let user = rows.first, user.disabledAt == nil, let role = Role(rawValue: user.role) else { return nil }
        var authorities: [UUID: String] = [:]
        for row in rows {
            if let id = row.laID, let code = row.laCode { authorities[id] = code }
        }
        return Actor(userID: user.id, name: user.name, role: role, authorities: authorities, scope: scope, agency: user.agency)
    }
}
