import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import SQLKit
import Testing
import VaporTesting

@Suite("Contact intake: contacts that arrive together are written together")
struct ContactIntakeTests {
    @Test("many contacts posted at once are all acknowledged, all there with their people, keys and events, and the audit chain is unbroken",
          arguments: TestDatabase.all)
    func manyAtOnce(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let count = 48
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for i in 0..<count {
                    group.addTask {
                        var id: String?
                        var body = minimalContact(given: "Child\(i)", family: "Intake\(i)")
                        if i.isMultiple(of: 3) {
                            // A sibling and a parent: two children, an adult, and household links.
                            body["children"] = [["givenName": "Child\(i)", "familyName": "Intake\(i)", "dateOfBirth": "2018-03-05"],
                                                ["givenName": "Sibling\(i)", "familyName": "Intake\(i)", "dateOfBirth": "2020-06-01"]]
                            body["adults"] = [["givenName": "Parent\(i)", "familyName": "Intake\(i)"]]
                        }
                        body["ref"] = "INTAKE-\(i)"
                        try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                            req.headers = f.auth(i.isMultiple(of: 2) ? .triageWorker : .partnerAgencyOfficer)
                            try req.json(body)
                        }, afterResponse: { res in
                            #expect(res.status == .created)
                            id = res.json["id"] as? String
                            #expect(res.json["ref"] as? String == "INTAKE-\(i)")
                            let children = res.json["children"] as? [[String: Any]] ?? []
                            #expect(children.count == (i.isMultiple(of: 3) ? 2 : 1))
                        })
                        return id
                    }
                }
                var ids: [String] = []
                for try await id in group { if let id { ids.append(id) } }
                return ids
            }
            #expect(ids.count == count)
            #expect(Set(ids).count == count)
            // Every acknowledged contact reads back whole.
            for id in ids {
                try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(.mashSocialWorker)) { res in
                    #expect(res.status == .ok)
                    #expect(res.json["state"] as? String == "received")
                }
            }
            let contactIDs = ids.compactMap(UUID.init(uuidString:))
            #expect(try await ContactEventModel.query(on: app.db).filter(\.$contactID ~~ contactIDs).count() == count)
            let links = try await ContactPersonModel.query(on: app.db).filter(\.$contactID ~~ contactIDs).all()
            let withFamily = (0..<count).filter { $0.isMultiple(of: 3) }.count
            #expect(links.count == count + withFamily * 2)
            #expect(try await HouseholdLinkModel.query(on: app.db).count() == withFamily * 2)
            for personID in Set(links.map(\.personID)) {
                #expect(try await !PersonKeys.keys(of: personID, on: app.db).isEmpty)
            }
            // One creation row each (the reads above added theirs), in one unbroken chain.
            let creations = try await AuditEventModel.query(on: app.db).filter(\.$action == "create").filter(\.$recordType == "contact").all()
            #expect(Set(creations.compactMap(\.recordID)) == Set(contactIDs))
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: count * 2))
        }
    }

    @Test("a contact that fails inside a batch fails alone: the others in its transaction are written", arguments: TestDatabase.all)
    func oneBadContactInABatch(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            // A contact with ref TAKEN exists already.
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                var body = minimalContact()
                body["ref"] = "TAKEN"
                try req.json(body)
            }, afterResponse: { res in #expect(res.status == .created) })
            guard let la = try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first(),
                  let actorID = f.userIDs[.triageWorker] else { Issue.record("no fixture"); return }
            let now = f.clock.now
            // Three contacts checked before the first was written, so that the middle one's ref
            // was free when it was checked: written as one batch, it spoils the transaction.
            let prepared = try ["FIRST", "TAKEN", "THIRD"].map { ref in
                let new = try ContactInput(
                    receivedAt: "2026-11-04T09:30:00Z", source: "6",
                    children: [.init(details: PersonInput(givenName: "Batch", familyName: ref.capitalized, dateOfBirth: "2017-01-02"))],
                    narrative: "A synthetic worry."
                ).validated(now: now, today: LocalDate(year: 2026, month: 11, day: 4)!)
                return try ContactStore.prepare(new, ref: ref, policeRisk: nil, laID: la.requireID(), actorID: actorID, now: now) { id in
                    AuditEntry(at: now, actorID: actorID, action: "create", recordType: "contact", recordID: id, route: "POST /api/v1/contacts", remoteAddress: nil)
                }
            }
            let results = await ContactIntake.commit(prepared, on: app.db)
            #expect(results.count == 3)
            if case .failure(let error) = results[1] {
                #expect((error as? ValidationFailure)?.problems.map(\.field) == ["ref"])
            } else {
                Issue.record("the contact with a taken ref was written")
            }
            for i in [0, 2] {
                if case .failure(let error) = results[i] { Issue.record("contact \(i) failed with its batch: \(error)") }
            }
            let refs = try await ContactModel.query(on: app.db).all().compactMap(\.ref).sorted()
            #expect(refs == ["FIRST", "TAKEN", "THIRD"])
            // The failed contact left nothing behind: not its new child, not its audit row.
            #expect(try await PersonModel.query(on: app.db).filter(\.$familyName == "Taken").count() == 0)
            #expect(try await PersonModel.query(on: app.db).filter(\.$familyName ~~ ["First", "Third"]).count() == 2)
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: 3))
        }
    }

    @Test("the same ref posted many times at once is written once; every other post is told why", arguments: TestDatabase.all)
    func sameRefAtOnce(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let statuses = try await withThrowingTaskGroup(of: (HTTPStatus, [String]).self) { group in
                for i in 0..<10 {
                    group.addTask {
                        var result: (HTTPStatus, [String]) = (.internalServerError, [])
                        var body = minimalContact(given: "Same\(i)")
                        body["ref"] = i < 6 ? "SAME" : "OTHER-\(i)"
                        try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                            req.headers = f.auth(.triageWorker)
                            try req.json(body)
                        }, afterResponse: { res in result = (res.status, res.problemFields) })
                        return result
                    }
                }
                var all: [(HTTPStatus, [String])] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.filter { $0.0 == .created }.count == 5)
            let refused = statuses.filter { $0.0 != .created }
            #expect(refused.count == 5)
            #expect(refused.allSatisfy { $0.0 == .unprocessableEntity && $0.1 == ["ref"] })
            #expect(try await ContactModel.query(on: app.db).filter(\.$ref == "SAME").count() == 1)
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: 5))
        }
    }
}
