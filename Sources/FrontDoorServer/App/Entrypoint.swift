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
            bootstrapLogging(&env)
            let app = try await Application.make(env)
            do {
                let settings = try Settings.fromEnvironment()
                try await configure(app, settings: settings)
                if arguments.dropFirst().first == "serve" {
                    app.lifecycle.use(OutboxWorker())
                    if let years = RetentionSchedule.configuredYears() { app.lifecycle.use(RetentionSchedule(years: years)) }
                }
                if demo {
                    let loaded = try await DemoLoader(app: app).loadIfAbsent()
                    print(loaded.signInInstructions)
                }
                try await app.startup()
                try await app.running?.onStop.get()
            } catch {
                try? await app.asyncShutdown()
                fail(error)
            }
            try await app.asyncShutdown()
        } catch {
            fail(error)
        }
    }

    /// Logs go to standard error, so that a command's own output (a token, an export) is all that
    /// reaches standard output.
    private static func bootstrapLogging(_ env: inout Environment) {
        let level = (try? Logger.Level.detect(from: &env)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// One line on standard error and a non-zero exit status.
    private static func fail(_ error: any Error) -> Never {
        let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "failed"
        FileHandle.standardError.write(Data("frontdoor: \(reason)\n".utf8))
        exit(1)
    }
}
