import Fluent
import FrontDoorDomain
import Vapor

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    /// For a partner agency officer: the agency whose information requests they answer.
    @OptionalField(key: "agency") var agency: String?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    @Field(key: "failed_sign_ins") var failedSignIns: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(email: String, name: String, role: Role, passwordHash: String) {
        self.email = email
        self.name = name
        self.role = role.rawValue
        self.passwordHash = passwordHash
        mustChangePassword = true
        failedSignIns = 0
    }
}

/// Which local authorities a user may see records of.
final class UserAuthorityModel: Model, @unchecked Sendable {
    static let schema = "user_authorities"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "la_id") var laID: UUID

    init() {}

    init(userID: UUID, laID: UUID) {
        self.userID = userID
        self.laID = laID
    }
}

/// An API bearer token. Only its SHA-256 hash is kept, so a copy of the database gives no working token.
final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "label") var label: String
    @Field(key: "scope") var scope: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, tokenHash: String, label: String, scope: TokenScope, expiresAt: Date) {
        self.userID = userID
        self.tokenHash = tokenHash
        self.label = label
        self.scope = scope.rawValue
        self.expiresAt = expiresAt
    }
}
