import Fluent
import Foundation
@testable import FrontDoorServer
import SQLKit
import Testing
import VaporTesting

@Suite("SQLite in a file: several connections per event loop, waiting for the write lock by sleeping")
struct SQLitePoolsTests {
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
}
