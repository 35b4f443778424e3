import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Importing and exporting history")
struct InterchangeTests {
    static let file = """
    {"kind":"localAuthority","code":"850","name":"Hampshire","childPopulation":283000}
    {"kind":"person","ref":"P1","la":"850","givenName":"Ava","familyName":"Historic","dateOfBirth":"2015-04-02","sex":"F","nhsNumber":"9434765919"}
    {"kind":"person","ref":"P2","la":"850","givenName":"Claire","familyName":"Historic"}

    {"kind":"contact","ref":"C1","la":"850","receivedAt":"2025-05-06T10:15:00+01:00","source":"2A","children":["P1"],"adults":["P2"],"rag":"amber","summary":"Synthetic history","decision":{"outcome":"referral","decidedAt":"2025-05-06T15:00:00+01:00"}}
    {"kind":"referral","ref":"R1","la":"850","child":"P1","contact":"C1","referredAt":"2025-05-06T15:00:00+01:00","source":"2A","completedAt":"2025-05-08T11:00:00+01:00","outcome":"assessment","assessmentStartedAt":"2025-05-08","assessmentAuthorisedAt":"2025-06-20","primaryNeed":"N1"}
    {"kind":"contact","ref":"C2","la":"850","receivedAt":"2025-09-01T09:00:00+01:00","source":"6","children":["P1"]}
    """

    static func post(_ app: Application, _ f: Fixture, _ body: String, _ check: (TestingHTTPResponse) -> Void) async throws {
        try await app.testing().test(.POST, "api/v1/import", beforeRequest: { req in
            req.headers = f.auth(.administrator)
            req.body = ByteBuffer(string: body)
        }, afterResponse: { res in check(res) })
    }

    @Test("a good file is imported once, whatever the number of times it is sent; open cases are derived", arguments: TestDatabase.all)
    func importFile(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            for _ in 0..<2 {
                try await Self.post(app, f, Self.file) { res in
                    #expect(res.status == .ok, "\(res.body.string)")
                    #expect(res.json["people"] as? Int == 2)
                    #expect(res.json["contacts"] as? Int == 2)
                    #expect(res.json["referrals"] as? Int == 1)
                }
            }
            #expect(try await PersonModel.query(on: app.db).count() == 2)
            #expect(try await ContactModel.query(on: app.db).count() == 2)
            #expect(try await ReferralModel.query(on: app.db).count() == 1)
            let later = try #require(try await ContactModel.query(on: app.db).filter(\.$ref == "C2").first())
            // The assessment from May is still open in September.
            #expect(later.openCaseAtReceipt)
            let first = try #require(try await ContactModel.query(on: app.db).filter(\.$ref == "C1").first())
            #expect(!first.openCaseAtReceipt)
            #expect(first.state == "decided" && first.outcome == "referral")
            guard case .intact = try await AuditLog.verify(on: app.db) else { Issue.record("audit chain broken"); return }
        }
    }

    @Test("a file with bad lines is refused whole, every bad line named", arguments: TestDatabase.all)
    func refused(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let bad = Self.file
                .replacingOccurrences(of: "\"nhsNumber\":\"9434765919\"", with: "\"nhsNumber\":\"9434765918\"")
                .replacingOccurrences(of: "\"source\":\"6\"", with: "\"source\":\"66\",\"colour\":\"blue\"")
            try await Self.post(app, f, bad) { res in
                #expect(res.status == .unprocessableEntity)
                let fields = ((res.json["error"] as? [String: Any])?["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields.contains("line 2: nhsNumber"))
                #expect(fields.contains { $0.hasPrefix("line 7: ") })
            }
            #expect(try await PersonModel.query(on: app.db).count() == 0)
            #expect(try await ContactModel.query(on: app.db).count() == 0)
            try await Self.post(app, f, Self.file) { res in #expect(res.status == .ok) }
            try await app.testing().test(.POST, "api/v1/import", beforeRequest: { req in
                req.headers = f.auth(.analyst)
                req.body = ByteBuffer(string: Self.file)
            }, afterResponse: { res in #expect(res.status == .forbidden) })
        }
    }

    @Test("import, export and import again round-trip without loss", arguments: TestDatabase.all)
    func roundTrip(db: TestDatabase) async throws {
        var exported = ""
        try await withTestApp(db) { app, f in
            try await Self.post(app, f, Self.file) { res in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "api/v1/export/interchange?la=850", headers: f.auth(.administrator)) { res in
                #expect(res.status == .ok)
                exported = res.body.string
            }
        }
        let original = InterchangeValidator.validate(data: Data(Self.file.utf8)).records
        let first = InterchangeValidator.validate(data: Data(exported.utf8))
        #expect(first.isValid)
        // Everything in the original comes back (the export also states openCaseAtReceipt explicitly).
        for record in original {
            guard case .contact(var contact) = record else {
                #expect(first.records.contains(record), "\(record.key)")
                continue
            }
            contact.openCaseAtReceipt = contact.ref == "C2"
            #expect(first.records.contains(.contact(contact)), "\(record.key)")
        }
        try await withTestApp(db) { app, f in
            try await Self.post(app, f, exported) { res in #expect(res.status == .ok) }
            var again = ""
            try await app.testing().test(.GET, "api/v1/export/interchange?la=850", headers: f.auth(.administrator)) { res in
                again = res.body.string
            }
            // The same lines (records of one kind come in id order, and ids differ between databases).
            #expect(again.split(separator: "\n").sorted() == exported.split(separator: "\n").sorted())
            #expect(again.split(separator: "\n").count == 6)
        }
    }
}
