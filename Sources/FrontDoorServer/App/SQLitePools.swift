import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Synchronization
import Vapor

/// SQLite through several connection pools, taken in turn.
///
/// Fluent's SQLite driver keeps one connection per event loop (one loop per core): every request
/// of a loop queued for that one connection, so a 100 ms report, or a write waiting for the
/// database's single write lock, held up every other request of its loop. And SQLiteNIO's busy
/// handler retries at once, without sleeping: a connection waiting for the write lock spun on a
/// core (of two) while the writer it waited for needed that core to finish. Under the load test's
/// mix every page's tail was over a second although each alone took tens of milliseconds.
///
/// Here an application's SQLite database is `pools` of those drivers, each request's database
/// handle taken from the next in turn, so a loop has `pools` connections; reads never wait for
/// the writer (WAL). The first time a pool is used on a loop, its connection is told to wait for
/// the write lock by sleeping (`PRAGMA busy_timeout`, which replaces the spinning handler with
/// SQLite's own, sleeping 1, 2, 5, 10 … 100 ms between tries) for up to `busyTimeoutMilliseconds`.
struct SQLitePools: DatabaseConfiguration {
    var pools: [any DatabaseConfiguration]
    var busyTimeoutMilliseconds: Int
    /// Further settings for each connection (`PRAGMA …`), run after the busy timeout.
    var pragmas: [String] = []
    var middleware: [any AnyModelMiddleware] = []

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(drivers: pools.map { $0.makeDriver(for: databases) }, setup: ["PRAGMA busy_timeout = \(busyTimeoutMilliseconds)"] + pragmas)
    }

    final class Driver: DatabaseDriver {
        let drivers: [any DatabaseDriver]
        /// Run on each connection before its first query.
        let setup: [String]
        private let turn = Atomic<Int>(0)
        /// The pools already told to sleep, by pool and event loop.
        private let prepared = NIOLockedValueBox<Set<Prepared>>([])

        private struct Prepared: Hashable {
            var pool: Int
            var loop: ObjectIdentifier
        }

        init(drivers: [any DatabaseDriver], setup: [String]) {
            self.drivers = drivers
            self.setup = setup
        }

        func makeDatabase(with context: DatabaseContext) -> any Database {
            let pool = (turn.wrappingAdd(1, ordering: .relaxed).oldValue & Int.max) % drivers.count
            let database = drivers[pool].makeDatabase(with: context)
            let first = prepared.withLockedValue { $0.insert(Prepared(pool: pool, loop: ObjectIdentifier(context.eventLoop))).inserted }
            if first, let sql = database as? any SQLDatabase {
                // Queued on the pool's one connection for this loop ahead of the caller's queries.
                for pragma in setup {
                    sql.raw(SQLQueryString(pragma)).run().whenFailure { error in
                        context.logger.warning("SQLite connection setting not made (\(pragma)): \(String(describing: error))")
                    }
                }
            }
            return database
        }

        func shutdown() {
            for driver in drivers { driver.shutdown() }
        }

        func shutdownAsync() async {
            for driver in drivers { await driver.shutdownAsync() }
        }
    }
}

/// Checkpoints a SQLite file's write-ahead log beside the contact writer. SQLite checkpoints the log
/// inside the commit that takes it past 1,000 pages, so the one contact writer (`ContactIntake`)
/// did that work in turn with its batches: 6% of the samples of a county-scale intake, all of it
/// on the writer's path. The writer's connections have automatic checkpoints off
/// (`PRAGMA wal_autocheckpoint = 0`), and this checkpoints the log every `interval` on another
/// connection (`PASSIVE`: it never waits for, or holds up, the writer or a reader). Other
/// connections keep their automatic checkpoints.
final class WALCheckpointer: LifecycleHandler, Sendable {
    let interval: Duration
    private let running = Mutex<Task<Void, Never>?>(nil)

    /// What the last checkpoint found: frames in the log, and frames checkpointed.
    struct Outcome: Sendable, Equatable {
        var log: Int
        var checkpointed: Int
    }

    private let outcomes = Mutex<(runs: Int, last: Outcome?)>((0, nil))

    /// How many checkpoints have run, and what the last one found.
    var done: (runs: Int, last: Outcome?) { outcomes.withLock { $0 } }

    init(interval: Duration = .seconds(1)) {
        self.interval = interval
    }

    func didBoot(_ application: Application) throws {
        let interval = interval
        let task = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                guard let sql = application.db as? any SQLDatabase else { continue }
                do {
                    let row = try await sql.raw("PRAGMA wal_checkpoint(PASSIVE)").first()
                    let outcome = try row.map { Outcome(log: try $0.decode(column: "log", as: Int.self), checkpointed: try $0.decode(column: "checkpointed", as: Int.self)) }
                    self.outcomes.withLock { $0 = ($0.runs + 1, outcome) }
                } catch {
                    application.logger.warning("SQLite WAL checkpoint failed: \(String(describing: error))")
                }
            }
        }
        running.withLock { $0 = task }
    }

    func shutdownAsync(_ application: Application) async {
        let task = running.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }
}

extension Application {
    private struct WALCheckpointerKey: StorageKey {
        typealias Value = WALCheckpointer
    }

    /// A SQLite file's checkpointer, made in `configure` (nil on PostgreSQL and in memory).
    var walCheckpointer: WALCheckpointer? {
        get { storage[WALCheckpointerKey.self] }
        set { storage[WALCheckpointerKey.self] = newValue }
    }
}
