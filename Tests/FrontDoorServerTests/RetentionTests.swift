import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Retention")
struct RetentionTests {
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    @Test("old no-further-action contacts are anonymised, with the people named only in them; a dry run changes nothing", arguments: TestDatabase.all)
    func retention(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            // Decided seven years ago: NFA (due), and a referral (kept).
            f.clock.set(Self.at("2019-06-03T12:00:00+01:00"))
            let oldNFA = try await createContact(app, f, receivedAt: "2019-06-03T10:00:00+01:00")
            try await step(app, f, .teamManager, oldNFA, "decision", ["outcome": "closed", "reason": "No further action."], expect: .ok)
            var oldReferral = ""
            var body = minimalContact(receivedAt: "2019-06-03T10:30:00+01:00", given: "Kept", family: "Referred")
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in oldReferral = res.json["id"] as? String ?? "" })
            try await step(app, f, .teamManager, oldReferral, "decision", ["outcome": "referral", "reason": "Threshold met."], expect: .ok)
            // Decided recently: NFA but not old enough.
            f.clock.set(wednesdayMorning)
            body = minimalContact(given: "Recent", family: "Closed")
            var recent = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in recent = res.json["id"] as? String ?? "" })
            try await step(app, f, .teamManager, recent, "decision", ["outcome": "closed", "reason": "NFA."], expect: .ok)

            let job = RetentionJob(policy: RetentionPolicy(nfaContactYears: 6))
            let dry = try await job.run(dryRun: true, now: f.clock.now, on: app.db)
            #expect(dry.contacts == 1)
            #expect(dry.people == 1)
            #expect(try await ContactModel.query(on: app.db).filter(\.$anonymisedAt != nil).count() == 0)

            let real = try await job.run(dryRun: false, now: f.clock.now, on: app.db)
            #expect(real.contacts == 1 && real.people == 1)
            let anonymised = try #require(try await ContactModel.find(UUID(uuidString: oldNFA), on: app.db))
            #expect(anonymised.narrative == nil)
            #expect(anonymised.referrerName == nil)
            #expect(anonymised.outcome == "closed")
            #expect(anonymised.source == "6")
            let kept = try #require(try await ContactModel.find(UUID(uuidString: oldReferral), on: app.db))
            #expect(kept.narrative != nil)
            #expect(try await PersonModel.query(on: app.db).filter(\.$familyName == "Testchild").count() == 0)
            #expect(try await PersonModel.query(on: app.db).filter(\.$familyName == "Referred").count() == 1)
            #expect(try await PersonModel.query(on: app.db).filter(\.$familyName == "Closed").count() == 1)
            // Running again finds nothing more, and the audit chain holds.
            let again = try await job.run(dryRun: false, now: f.clock.now, on: app.db)
            #expect(again.contacts == 0 && again.people == 0)
            guard case .intact = try await AuditLog.verify(on: app.db) else { Issue.record("audit chain broken"); return }
        }
    }
}
