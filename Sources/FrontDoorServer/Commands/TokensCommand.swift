import Fluent
import Vapor

/// `frontdoor tokens create --email E [--days N] [--label L]`: prints a new API bearer token.
struct TokensCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "the user the token acts as")
        var email: String?
        @Option(name: "days", help: "days until it expires (default 30, at most 365)")
        var days: Int?
        @Option(name: "label", help: "what the token is for")
        var label: String?
    }

    var help: String { "Issues API bearer tokens" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure("unknown action '\(signature.action)': use create") }
        let app = context.application
        guard let email = signature.email?.lowercased(),
              let user = try await UserModel.query(on: app.db).filter(\.$email == email).first()
        else { throw CommandFailure("no user with email \(signature.email ?? "(missing --email)")") }
        let days = signature.days ?? 30
        guard (1...365).contains(days) else { throw CommandFailure("--days must be from 1 to 365") }
        let token = try await APITokens.issue(
            for: try user.requireID(), label: signature.label ?? "command line", validFor: days, now: app.frontDoor.now(), on: app.db
        )
        context.console.print(token)
    }
}
