import Vapor

/// `frontdoor audit verify`: checks the audit trail's hash chain and names the first broken link.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the audit trail's hash chain" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure("unknown action '\(signature.action)': use verify") }
        switch try await AuditLog.verify(on: context.application.db) {
        case .intact(let rows):
            context.console.print("audit trail intact: \(rows) rows, every link verified")
        case .broken(let seq, let reason):
            throw CommandFailure("audit trail broken at row \(seq): \(reason)")
        }
    }
}
