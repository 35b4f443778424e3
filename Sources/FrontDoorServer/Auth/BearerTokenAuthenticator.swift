import Fluent
import FrontDoorDomain
import Vapor

/// Authenticates `Authorization: Bearer TOKEN` against the stored token hashes. An unknown,
/// expired or revoked token authenticates nobody, so the route answers 401.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard let actor = try await ActorLoader.load(tokenHash: APITokens.hash(bearer.token), now: request.now, on: request.db) else { return }
        request.auth.login(actor)
    }
}

/// What a token may do. A person's token acts with their role; a partner system's token (a police
/// notification feed, a school portal) may only send contacts, whatever its user's role.
enum TokenScope: String, CaseIterable, Sendable {
    case user
    case contactsCreate = "contacts:create"
    /// Issued when a user signs in with a one-time password: it can only set a new password.
    case passwordChange = "password-change"

    var permissions: Set<Permission>? {
        switch self {
        case .user: nil
        case .contactsCreate: [.recordContact]
        case .passwordChange: []
        }
    }
}

enum APITokens {
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }

    /// A new random token: "fd_" and 43 characters of base64url (256 bits).
    static func generate() -> String {
        let bytes = [UInt8].random(count: 32)
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "fd_" + text
    }

    /// Issues a token for a user and returns it; only its hash is stored.
    static func issue(for userID: UUID, label: String, scope: TokenScope = .user, validFor days: Int, now: Date, on db: any Database) async throws -> String {
        try await issue(for: userID, label: label, scope: scope, expiresAt: now.addingTimeInterval(Double(days) * 86_400), on: db)
    }

    static func issue(for userID: UUID, label: String, scope: TokenScope, expiresAt: Date, on db: any Database) async throws -> String {
        let token = generate()
        let model = APITokenModel(userID: userID, tokenHash: hash(token), label: label, scope: scope, expiresAt: expiresAt)
        try await model.save(on: db)
        return token
    }
}

/// One-time passwords printed by `frontdoor users create`.
enum Passwords {
    static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
