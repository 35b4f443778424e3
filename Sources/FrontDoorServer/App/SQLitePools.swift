import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Synchronization

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
    var middleware: [any AnyModelMiddleware] = []

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(drivers: pools.map { $0.makeDriver(for: databases) }, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    final class Driver: DatabaseDriver {
        let drivers: [any DatabaseDriver]
        let busyTimeoutMilliseconds: Int
        private let turn = Atomic<Int>(0)
        /// The pools already told to sleep, by pool and event loop.
        private let prepared = NIOLockedValueBox<Set<Prepared>>([])

        private struct Prepared: Hashable {
            var pool: Int
            var loop: ObjectIdentifier
        }

        init(drivers: [any DatabaseDriver], busyTimeoutMilliseconds: Int) {
            self.drivers = drivers
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        }

        func makeDatabase(with context: DatabaseContext) -> any Database {
            let pool = (turn.wrappingAdd(1, ordering: .relaxed).oldValue & Int.max) % drivers.count
            let database = drivers[pool].makeDatabase(with: context)
            let first = prepared.withLockedValue { $0.insert(Prepared(pool: pool, loop: ObjectIdentifier(context.eventLoop))).inserted }
            if first, let sql = database as? any SQLDatabase {
                // Queued on the pool's one connection for this loop ahead of the caller's queries.
                sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run().whenFailure { error in
                    context.logger.warning("SQLite busy timeout not set on a connection: \(String(describing: error))")
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
