import Logging
import Vapor

/// Runs the `frontdoor` command line: `serve` (Vapor's, with `--demo`), `migrate`, `la`, `users`,
/// `tokens`, `demo`.
public enum FrontDoorMain {
    public static func run() async {
        var arguments = CommandLine.arguments
        // `frontdoor serve --demo` loads the demo hub before serving; Vapor's own serve command
        // does not know the flag, so it is taken out here.
        let demo = arguments.contains("--demo") && arguments.dropFirst().first == "serve"
        arguments.removeAll { $0 == "--demo" && demo }
        do {
            var env = try Environment.detect(arguments: arguments)
            try LoggingSystem.bootstrap(from: &env)
            let app = try await Application.make(env)
            do {
                let settings = try Settings.fromEnvironment()
                try await configure(app, settings: settings)
                if demo {
                    let loaded = try await DemoLoader(app: app).loadIfAbsent()
                    print(loaded.signInInstructions)
                }
                try await app.execute()
            } catch {
                app.logger.report(error: error)
                FileHandle.standardError.write(Data("frontdoor: \(error)\n".utf8))
                try? await app.asyncShutdown()
                exit(1)
            }
            try await app.asyncShutdown()
        } catch {
            FileHandle.standardError.write(Data("frontdoor: \(error)\n".utf8))
            exit(1)
        }
    }
}
