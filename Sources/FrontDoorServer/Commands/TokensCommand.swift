import Fluent
import Vapor

/// `frontdoor tokens create --email E [--days N] [--scope contacts:create] [--label L]` prints a
/// new API bearer token; `tokens list --email E` lists a user's tokens; `tokens revoke --id ID`
/// revokes one at once.
struct TokensCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create, list or revoke")
        var action: String
        @Option(name: "email", help: "the user the token acts as")
        var email: String?
        @Option(name: "days", help: "days until it expires (default 30, at most 365)")
        var days: Int?
        @Option(name: "label", help: "what the token is for")
        var label: String?
        @Option(name: "scope", help: "user (the user's role, the default) or contacts:create (a partner system that may only send contacts)")
        var scope: String?
        @Option(name: "id", help: "the token id to revoke (from tokens list)")
        var id: String?
    }

    var help: String { "Issues, lists and revokes API bearer tokens" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "create":
            let user = try await user(signature.email, on: app.db)
            let days = signature.days ?? 30
            guard (1...365).contains(days) else { throw CommandFailure("--days must be from 1 to 365") }
            guard let scope = TokenScope(rawValue: signature.scope ?? "user") else {
                throw CommandFailure("--scope must be one of: \(TokenScope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let token = try await APITokens.issue(
                for: try user.requireID(), label: signature.label ?? "command line", scope: scope, validFor: days,
                now: app.frontDoor.now(), on: app.db
            )
            context.console.print(token)
        case "list":
            let user = try await user(signature.email, on: app.db)
            let tokens = try await APITokenModel.query(on: app.db).filter(\.$userID == user.requireID()).sort(\.$createdAt).all()
            for token in tokens {
                let state = token.revokedAt != nil ? "revoked" : (token.expiresAt < app.frontDoor.now() ? "expired" : "active")
                context.console.print("\(token.id?.uuidString ?? "")\t\(token.scope)\t\(state)\texpires \(token.expiresAt)\t\(token.label)")
            }
        case "revoke":
            guard let text = signature.id, let id = UUID(uuidString: text),
                  let token = try await APITokenModel.find(id, on: app.db)
            else { throw CommandFailure("--id must name a token (see frontdoor tokens list --email E)") }
            if token.revokedAt == nil {
                token.revokedAt = app.frontDoor.now()
                try await token.save(on: app.db)
            }
            context.console.print("revoked token \(text)")
        default:
            throw CommandFailure("unknown action '\(signature.action)': use create, list or revoke")
        }
    }

    private func user(_ email: String?, on db: any Database) async throws -> UserModel {
        guard let email = email?.lowercased(), let user = try await UserModel.query(on: db).filter(\.$email == email).first() else {
            throw CommandFailure("no user with email \(email ?? "(missing --email)")")
        }
        return user
    }
}
