import Fluent
import Foundation
@testable import FrontDoorServer
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@Suite("SQLite in a file: several connections per event loop, waiting for the write lock by sleeping")
struct SQLitePoolsTests {
    @Test("the contact writer leaves the log's checkpoints to the checkpointer beside it, which checkpoints what the writer wrote")
    func writerCheckpoints() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontdoor-wal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = Settings(database: .sqliteFile(path: folder.appendingPathComponent("frontdoor.sqlite").path))
        try await withTestApp(settings: settings) { app, f in
            // The writer's connections checkpoint nothing themselves; the others as SQLite does.
            func autocheckpoint(_ db: any Database) async throws -> Int? {
                try await (db as? any SQLDatabase)?.raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self)
            }
            #expect(try await autocheckpoint(app.db(.intake)) == 0)
            #expect(try await autocheckpoint(app.db) == 1_000)
            let checkpointer = try #require(app.walCheckpointer)
            for i in 0..<12 {
                try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                    req.headers = f.auth(.triageWorker)
                    try req.json(minimalContact(receivedAt: "2026-11-04T09:\(String(format: "%02d", i)):00Z", given: "Wal\(i)"))
                }) { res in #expect(res.status == .created) }
            }
            // A checkpoint that starts after the contacts were written finds them in the log and
            // checkpoints all of it.
            let before = checkpointer.done.runs
            let deadline = ContinuousClock.now + .seconds(10)
            while checkpointer.done.runs < before + 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let last = try #require(checkpointer.done.last)
            #expect(checkpointer.done.runs >= before + 2)
            #expect(last.log > 0 && last.checkpointed == last.log)
        }
    }

    @Test("every connection waits for the write lock by sleeping, and many writers and readers at once all succeed")
    func concurrentWritersAndReaders() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontdoor-pools-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = Settings(database: .sqliteFile(path: folder.appendingPathComponent("frontdoor.sqlite").path))
        settings.connectionWaitSeconds = 30
        try await withTestApp(settings: settings) { app, f in
            // Each handle comes from the next pool in turn; every connection reports the timeout
            // (SQLiteNIO's own handler, which spins, would leave it at 0).
            var timeouts: Set<Int> = []
            for _ in 0..<24 {
                let sql = try #require(app.db as? any SQLDatabase)
                for row in try await sql.raw("PRAGMA busy_timeout").all() {
                    timeouts.insert(try row.decode(column: "timeout", as: Int.self))
                }
            }
            #expect(timeouts == [30_000])
            let driver = try #require(app.databases.configuration(for: .sqlite) as? SQLitePools)
            #expect(driver.pools.count > 1)

            // Contacts posted, contacts read (each read audited, a write) and people searched, all at once.
            let posted = try await withThrowingTaskGroup(of: String?.self) { group in
                for i in 0..<24 {
                    group.addTask {
                        var id: String?
                        try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                            req.headers = f.auth(.triageWorker)
                            try req.json(minimalContact(receivedAt: "2026-11-04T09:\(String(format: "%02d", i)):00Z", given: "Pool\(i)"))
                        }, afterResponse: { res in
                            #expect(res.status == .created, "\(res.body.string)")
                            id = res.json["id"] as? String
                        })
                        return id
                    }
                    group.addTask {
                        try await app.testing().test(.GET, "api/v1/contacts?la=850", headers: f.auth(.triageWorker)) { res in
                            #expect(res.status == .ok)
                        }
                        return nil
                    }
                }
                var ids: [String] = []
                for try await id in group { if let id { ids.append(id) } }
                return ids
            }
            #expect(Set(posted).count == 24)
            #expect(try await ContactModel.query(on: app.db).count() == 24)
            #expect(try await AuditEventModel.query(on: app.db).filter(\.$action == "list").count() == 24)
        }
    }

    @Test("a report's long query holds none of the connections that staff's requests use")
    func reportsReadApart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontdoor-reports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = Settings(database: .sqliteFile(path: folder.appendingPathComponent("frontdoor.sqlite").path))
        settings.connectionWaitSeconds = 60
        try await withTestApp(settings: settings) { app, _ in
            #expect(app.databases.ids().contains(.reports))
            let loops = Array(app.eventLoopGroup.makeIterator())
            let pools = try #require(app.databases.configuration(for: .sqlite) as? SQLitePools).pools.count
            // A statement waiting for the write lock keeps its connection busy for as long as the
            // lock is held: here, a stand-in for a long report query on each loop's reports handle.
            // The lock is let go when the staff's queries are done, or after 10 s at the latest.
            let release = NIOLockedValueBox(false)
            let holder = try #require(app.databases.database(.intake, logger: app.logger, on: loops[0]))
            let locked = NIOLockedValueBox(false)
            let holding = Task {
                try await holder.transaction { tx in
                    try await (tx as! any SQLDatabase).raw("CREATE TABLE test_lock_holder (x INTEGER)").run()
                    locked.withLockedValue { $0 = true }
                    let deadline = ContinuousClock.now + .seconds(10)
                    while !release.withLockedValue({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                    release.withLockedValue { $0 = true }
                }
            }
            while !locked.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            let reports = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, loop) in loops.enumerated() {
                        group.addTask {
                            let reports = try #require(app.databases.database(.reports, logger: app.logger, on: loop) as? any SQLDatabase)
                            try await reports.raw("CREATE TABLE \(ident: "test_report_\(index)") (x INTEGER)").run()
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            // Meanwhile every staff connection of every loop answers (twice round each loop's
            // pools): none of them is one the reports are using.
            for loop in loops {
                for _ in 0..<(2 * pools) {
                    let db = try #require(app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase)
                    let one = try await db.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self)
                    #expect(one == 1)
                }
            }
            let answeredFirst = release.withLockedValue { released in
                defer { released = true }
                return !released
            }
            #expect(answeredFirst, "a staff query waited for a connection the reports were using")
            try await holding.value
            try await reports.value
        }
    }
}
