import Vapor

/// `frontdoor demo`: loads the synthetic demo hub if it is not there yet, prints how to sign in, and exits.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Loads the synthetic demo hub (local authorities 850 and 921)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let loaded = try await DemoLoader(app: context.application).loadIfAbsent()
        context.console.print(loaded.signInInstructions)
    }
}
