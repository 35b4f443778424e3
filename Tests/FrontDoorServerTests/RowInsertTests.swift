import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

/// Collects the keys Fluent writes for a model on create.
private final class KeyCollector: DatabaseInput {
    var keys: [String] = []
    var wantsUnmodifiedKeys: Bool { true }
    func set(_ value: DatabaseQuery.Value, at key: FieldKey) { keys.append(key.description) }
}

/// A row's values as text, to compare rows of any shape.
private func text(_ values: [any Encodable & Sendable]) throws -> [String] {
    struct Box: Encodable {
        var value: any Encodable
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }
    return try values.map { String(decoding: try JSONEncoder().encode(Box(value: $0)), as: UTF8.self) }
}

@Suite("Writing rows without Fluent's reflection")
struct RowInsertTests {
    /// Writes `make()` twice, through `RowInsert` and through Fluent, reads both back and compares
    /// every column; and compares the columns with the fields Fluent writes.
    func check<M: InsertableRow>(_ make: () -> M, app: Application) async throws where M.IDValue == UUID {
        let collector = KeyCollector()
        make().input(to: collector)
        #expect(Set(collector.keys) == Set(M.insertColumns), "\(M.self): the columns written are the fields Fluent writes")
        #expect(M.insertColumns.count == Set(M.insertColumns).count && M.insertColumns.first == "id")

        let now = Date(timeIntervalSince1970: 1_790_000_000.25)
        let fast = make(), fluent = make()
        fast.id = UUID()
        fluent.id = UUID()
        try await RowInsert.create([fast], now: now, on: app.db)
        try await fluent.create(on: app.db)
        #expect(fast._$idExists)
        let fastRow = try #require(try await M.find(fast.id, on: app.db))
        let fluentRow = try #require(try await M.find(fluent.id, on: app.db))
        // Every value read back is the value set, through either path: no column lands in
        // another's place, and each is stored as Fluent stores it. (The create timestamps are
        // `now` on both sides here; Fluent takes them from its own clock.)
        #expect(try text(fastRow.insertValues(now: now)) == text(fast.insertValues(now: now)), "\(M.self) through RowInsert")
        #expect(try text(fluentRow.insertValues(now: now)) == text(fluent.insertValues(now: now)), "\(M.self) through Fluent")
    }

    @Test("each kind of row is written with every column Fluent writes, each value as Fluent stores it", arguments: TestDatabase.all)
    func rowsAsFluentWritesThem(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let la = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first()).requireID()
            let manager = try #require(f.userIDs[.teamManager]), worker = try #require(f.userIDs[.triageWorker])
            let at = Date(timeIntervalSince1970: 1_780_000_000.5)

            let person = { () -> PersonModel in
                let p = PersonModel()
                p.laID = la
                p.ref = "P-\(UUID().uuidString.prefix(8))"
                p.givenName = "Ada"
                p.familyName = "Example"
                p.otherNames = ["Addy", "A. E."]
                p.dateOfBirth = "2015-03-04"
                p.expectedDateOfBirth = "2026-12-01"
                p.sex = "F"
                p.ethnicity = "WBRI"
                p.nhsNumber = "9990001112"
                p.upn = "A123456789012"
                p.address = "1 Synthetic Road"
                p.postcode = "ZZ1 1ZZ"
                p.disabilities = ["LD", "HEAR"]
                p.anonymisedAt = at
                p.deathDate = "2026-01-02"
                p.formerUPN = "B123456789012"
                p.upnUnknown = "UN1"
                return p
            }
            try await check(person, app: app)
            // Both people stored: a link between them and a contact naming one.
            let children = [person(), person()], adult = person()
            try await RowInsert.create(children + [adult], on: app.db)
            let child = children[0]
            var next = 0
            func nextChild() -> PersonModel {
                defer { next = (next + 1) % children.count }
                return children[next]
            }
            try await check({ HouseholdLinkModel(laID: la, personID: nextChild().id!, otherID: adult.id!, relationship: "household adult") }, app: app)

            let contact = { () -> ContactModel in
                let c = ContactModel()
                c.laID = la
                c.ref = "C-\(UUID().uuidString.prefix(8))"
                c.receivedAt = at
                c.source = "1A"
                c.channel = "email"
                c.type = "contact"
                c.referrerName = "A Referrer"
                c.referrerOrganisation = "A School"
                c.referrerRole = "Teacher"
                c.referrerEmail = "referrer@school.example"
                c.referrerPhone = "01234 567890"
                c.narrative = "A synthetic worry."
                c.consent = "given"
                c.consentReason = "asked"
                c.openCaseAtReceipt = true
                c.childrenNamed = 2
                c.rag = "amber"
                c.policeRisk = "standard"
                c.state = "decided"
                c.workerID = worker
                c.strengths = "strengths"
                c.risks = "risks"
                c.proposedOutcome = "early-help"
                c.outcome = "early-help"
                c.closure = "nfa"
                c.decisionReason = "reason"
                c.decidedAt = at.addingTimeInterval(3_600)
                c.decidedBy = manager
                c.createdBy = worker
                c.version = 3
                c.anonymisedAt = at.addingTimeInterval(7_200)
                return c
            }
            try await check(contact, app: app)
            let stored = contact()
            try await RowInsert.create([stored], on: app.db)
            try await check({ ContactPersonModel(contactID: stored.id!, personID: nextChild().id!, role: "child", position: 2) }, app: app)
            try await check({
                ContactEventModel(contactID: stored.id!, at: at, actorID: manager, action: "decide", fromState: "awaiting-decision", toState: "decided", detail: "{\"a\":\"b\"}")
            }, app: app)
            try await check({
                let e = AuditEventModel()
                e.seq = Int.random(in: 1_000_000...9_000_000)
                e.at = at
                e.atMilliseconds = 1_780_000_000_500
                e.actorID = manager
                e.action = "read"
                e.recordType = "contact"
                e.recordID = stored.id
                e.route = "GET /api/v1/contacts/:contactID"
                e.remoteAddress = "127.0.0.1"
                e.changes = "{}"
                e.previousHash = "00"
                e.hash = "11"
                return e
            }, app: app)
            // A batch larger than one statement holds.
            let many = (0..<250).map { _ in person() }
            try await RowInsert.create(many, on: app.db)
            #expect(try await PersonModel.query(on: app.db).filter(\.$id ~~ many.compactMap(\.id)).count() == 250)
            // The create timestamps are written, and set on the model, as Fluent sets them.
            let read = try #require(try await PersonModel.find(many[0].id, on: app.db))
            let written = try #require(read.createdAt), set = try #require(many[0].createdAt)
            #expect(abs(written.timeIntervalSince(set)) < 0.001 && read.updatedAt == written)
        }
    }
}
