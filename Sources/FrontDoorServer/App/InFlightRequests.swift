import Foundation
import Synchronization
import Vapor

/// The requests being handled, so that shutting down waits for them before the databases close.
///
/// When the server stops (SIGTERM, say), Vapor closes the connections that are idle, but a request
/// whose client has already gone is still being handled: a contact being written, its answer being
/// built. Vapor then shuts the databases down, and that request's next use of its database ended
/// the process (Fluent's `req.db` finds no database after shutdown). Seen at county scale when a
/// load test's clients disconnected as the server was stopped. The contact was written: the crash
/// came after, but a server that crashes on stopping is one nobody can trust to stop.
final class InFlightRequests: AsyncMiddleware, LifecycleHandler, Sendable {
    private let count = Atomic<Int>(0)
    /// How long shutting down waits for the requests still being handled.
    let patience: Duration

    init(patience: Duration = .seconds(15)) {
        self.patience = patience
    }

    var current: Int { count.load(ordering: .relaxed) }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        count.add(1, ordering: .relaxed)
        defer { count.subtract(1, ordering: .relaxed) }
        return try await next.respond(to: request)
    }

    /// Runs before the databases are shut down (Vapor shuts down lifecycle handlers first).
    func shutdownAsync(_ application: Application) async {
        let deadline = ContinuousClock.now + patience
        while current > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if current > 0 {
            application.logger.warning("shutting down with \(current) requests still being handled")
        }
    }
}

extension Application {
    private struct InFlightKey: StorageKey {
        typealias Value = InFlightRequests
    }

    /// The application's count of requests being handled, made in `configure`.
    var inFlightRequests: InFlightRequests? {
        get { storage[InFlightKey.self] }
        set { storage[InFlightKey.self] = newValue }
    }
}
