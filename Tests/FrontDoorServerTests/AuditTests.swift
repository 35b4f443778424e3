import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import SQLKit
import Testing
import VaporTesting

@Suite("The audit trail")
struct AuditTests {
    @Test("every write and read chains onto the trail, and verify says it is intact", arguments: TestDatabase.all)
    func intact(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            try await step(app, f, .triageWorker, id, "rag", ["rag": "red"], expect: .ok)
            try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(.mashSocialWorker)) { _ in }
            let verdict = try await AuditLog.verify(on: app.db)
            #expect(verdict == .intact(rows: 3))
            let rows = try await AuditEventModel.query(on: app.db).sort(\.$seq).all()
            #expect(rows.map(\.seq) == [1, 2, 3])
            #expect(rows[1].changes?.contains("\"rag\":[null,\"red\"]") == true)
        }
    }

    @Test("contacts recorded at the same moment by many people still make one unbroken chain", arguments: TestDatabase.all)
    func concurrentWriters(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<12 {
                    group.addTask {
                        try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                            req.headers = f.auth(i.isMultiple(of: 2) ? .triageWorker : .mashSocialWorker)
                            try req.json(minimalContact(given: "Child\(i)"))
                        }, afterResponse: { res in
                            #expect(res.status == .created)
                        })
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: 12))
            #expect(try await ContactModel.query(on: app.db).count() == 12)
        }
    }

    @Test("reads at the same moment are each on record when answered, written in batches on one unbroken chain", arguments: TestDatabase.all)
    func concurrentReaders(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            let readers = 30
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<readers {
                    group.addTask {
                        let role: Role = i.isMultiple(of: 2) ? .triageWorker : .mashSocialWorker
                        try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(role)) { res in
                            #expect(res.status == .ok)
                        }
                        // Answered only once this reader's row is committed.
                        let reads = try await AuditEventModel.query(on: app.db).filter(\.$action == "read")
                            .filter(\.$actorID == f.userIDs[role]).count()
                        #expect(reads >= 1)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: readers + 1))
            let reads = try await AuditEventModel.query(on: app.db).filter(\.$action == "read").all()
            #expect(reads.count == readers)
            #expect(Set(reads.compactMap { $0.recordID?.uuidString.lowercased() }) == [id.lowercased()])
        }
    }

    @Test("a batch that cannot be written fails its own requests, and the next batch is written", arguments: TestDatabase.all)
    func failedBatch(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let sql = try #require(app.db as? any SQLDatabase)
            let batches = try #require(app.auditBatches)
            let entry = AuditEntry(at: f.clock.now, actorID: nil, action: "read", recordType: "contact", recordID: nil, route: "GET /test")
            // Without the chain's head row nothing can be appended.
            try await sql.delete(from: AuditHeadModel.schema).run()
            await #expect(throws: (any Error).self) { try await batches.append(entry) }
            try await AuditHeadModel(seq: 0, hash: AuditLog.genesis).create(on: app.db)
            try await batches.append(entry)
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: 1))
        }
    }

    @Test("a changed row, a removed row and a removed last row are each named by verify", arguments: TestDatabase.all)
    func tamper(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            for _ in 0..<4 { _ = try await createContact(app, f) }
            let sql = try #require(app.db as? any SQLDatabase)
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: 4))
            // Someone edits row 2 to hide who did it.
            try await sql.update("audit_events").set("action", to: "read").where("seq", .equal, 2).run()
            guard case .broken(let seq, let reason) = try await AuditLog.verify(on: app.db) else {
                Issue.record("tampering went unnoticed"); return
            }
            #expect(seq == 2)
            #expect(reason.contains("changed"))
            try await sql.update("audit_events").set("action", to: "create").where("seq", .equal, 2).run()
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: 4))
            // Someone removes row 3.
            try await sql.delete(from: "audit_events").where("seq", .equal, 3).run()
            #expect(try await AuditLog.verify(on: app.db) == .broken(seq: 3, reason: "row 3 is missing (the next row is 4)"))
        }
    }

    @Test("removing the newest rows is noticed through the chain's head", arguments: TestDatabase.all)
    func truncation(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            for _ in 0..<3 { _ = try await createContact(app, f) }
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.delete(from: "audit_events").where("seq", .equal, 3).run()
            guard case .broken(let seq, _) = try await AuditLog.verify(on: app.db) else {
                Issue.record("truncation went unnoticed"); return
            }
            #expect(seq == 3)
        }
    }

    @Test("a manager sees who looked at a child's record; a triage worker may not", arguments: TestDatabase.all)
    func accessLog(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(.mashSocialWorker)) { _ in }
            var childID = ""
            try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(.teamManager)) { res in
                childID = (res.json["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            }
            try await app.testing().test(.GET, "api/v1/people/\(childID)", headers: f.auth(.triageWorker)) { _ in }
            try await app.testing().test(.GET, "api/v1/people/\(childID)/access-log?since=2026-11-02", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .ok)
                let entries = res.json["entries"] as? [[String: Any]] ?? []
                let who = entries.compactMap { ($0["by"] as? [String: Any])?["name"] as? String }
                #expect(who == ["Test Triage worker", "Test Team manager", "Test MASH social worker", "Test Triage worker"])
                #expect(entries.map { $0["action"] as? String } == ["read", "read", "read", "create"])
            }
            try await app.testing().test(.GET, "api/v1/people/\(childID)/access-log?since=2026-11-05", headers: f.auth(.teamManager)) { res in
                #expect((res.json["entries"] as? [[String: Any]] ?? []).isEmpty)
            }
            try await app.testing().test(.GET, "api/v1/contacts/\(id)/access-log", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .forbidden)
            }
        }
    }
}
