import Fluent
import Foundation
@testable import FrontDoorServer
import Testing
import VaporTesting

@Suite("Reading a queue's rows")
struct QueueReadingTests {
    @Test("the queue's columns read on the connection are those Fluent reads: filters, lists, order, limits, nulls and values", arguments: TestDatabase.all)
    func directEqualsFluent(_ database: TestDatabase) async throws {
        try await withTestApp(database) { app, f in
            var ids: [String] = []
            for i in 0..<7 {
                var body = minimalContact(receivedAt: "2026-10-0\(i + 1)T0\(i):15:00Z", given: "Queue\(i)")
                if i % 2 == 0 { body["rag"] = ["red", "amber", "green"][i % 3] }
                if i == 3 {
                    body["children"] = [["givenName": "Unborn", "familyName": "Queuechild", "expectedDateOfBirth": "2027-01-10"],
                                        ["givenName": "Second", "familyName": "Queuechild", "dateOfBirth": "2019-07-01"]]
                }
                try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                    req.headers = f.auth(.triageWorker)
                    try req.json(body)
                }) { res in
                    #expect(res.status == .created, "\(res.body.string)")
                    if let id = res.json["id"] as? String { ids.append(id) }
                }
            }
            #expect(ids.count == 7)
            // One contact allocated and decided, so that the nullable columns hold values too.
            let first = try #require(try await ContactModel.find(UUID(uuidString: ids[1]), on: app.db))
            first.workerID = try #require(f.userIDs[.triageWorker])
            first.decidedAt = Date(timeIntervalSince1970: 1_793_000_000.25)
            try await first.save(on: app.db)

            func entries(_ throughFluent: Bool) async throws -> [ContactQueue.Entry] {
                try await ContactModel.query(on: app.db).filter(\.$state ~~ ["received", "decided", "in-research"])
                    .sort(\.$receivedAt, .descending).limit(6)
                    .read(ContactQueue.Entry.keys, throughFluent: throughFluent, as: ContactQueue.Entry.init)
            }
            let direct = try await entries(false), fluent = try await entries(true)
            #expect(direct.count == 6)
            #expect(direct == fluent)
            #expect(direct.contains { $0.workerID != nil && $0.decidedAt != nil && $0.rag == nil })

            let contactIDs = ids.compactMap(UUID.init(uuidString:))
            func people(_ throughFluent: Bool) async throws -> [String] {
                let links = try await ContactPersonModel.query(on: app.db).filter(\.$contactID ~~ contactIDs).filter(\.$role == "child").sort(\.$contactID).sort(\.$position)
                    .read(["contact_id", "person_id", "position"], throughFluent: throughFluent) { row in
                        "\(try row.decode("contact_id", as: UUID.self)) \(try row.decode("person_id", as: UUID.self)) \(try row.decode("position", as: Int.self))"
                    }
                let persons = try await PersonModel.query(on: app.db).filter(\.$familyName == "Queuechild").sort(\.$givenName)
                    .read([.id, "given_name", "date_of_birth", "expected_date_of_birth"], throughFluent: throughFluent) { row in
                        "\(try row.decode(.id, as: UUID.self)) \(try row.decode("given_name", as: String.self)) \(String(describing: try row.optional("date_of_birth", as: String.self))) \(String(describing: try row.optional("expected_date_of_birth", as: String.self)))"
                    }
                return links + persons
            }
            let directPeople = try await people(false)
            #expect(directPeople.count == 8 + 2)
            #expect(directPeople == (try await people(true)))
        }
    }
}
