import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("The research view page, duplicate alerts and merges in the web app")
struct PersonPagesTests {
    @Test("a child's page shows status, history, household and chronology; a manager merges a duplicate and undoes it from the pages", arguments: TestDatabase.all)
    func page(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referrals = try await ReferralAPITests.referContact(app, f, childProtection: true)
            try await ReferralAPITests.referralStep(app, f, .teamManager, referrals[0], "decision", ["outcome": "strategy-discussion", "reason": "Injury."], expect: .ok)
            let child = try #require(try await ReferralModel.find(UUID(uuidString: referrals[0]), on: app.db)).childID
            let person = try #require(try await PersonModel.find(child, on: app.db))
            person.nhsNumber = "9434765919"
            try await person.save(on: app.db)
            try await PersonKeys.index([person], on: app.db)
            let duplicate = try await PeopleResearchTests.createPerson(app, f, ["givenName": "Ava", "familyName": "Referred", "dateOfBirth": "2018-03-05", "nhsNumber": "9434765919"], confirming: [child])

            let worker = try await signIn(app, f, as: .triageWorker)
            try await worker.get("/people/\(child)") { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("Child in need: open case"))
                #expect(html.contains("Referral decided: strategy-discussion"))
                #expect(html.contains("Possible duplicate records"))
                #expect(!html.contains("Merge into this record"))
            }
            try await worker.post("/people/\(child)/merge", form: ["duplicateId": duplicate, "reason": "same"]) { res in #expect(res.status == .forbidden) }

            let manager = try await signIn(app, f, as: .teamManager)
            try await manager.post("/people/\(child)/merge", form: ["duplicateId": duplicate]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Enter why these are the same child"))
            }
            try await manager.post("/people/\(child)/merge", form: ["duplicateId": duplicate, "reason": "Same child, same NHS number."]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await PersonModel.find(UUID(uuidString: duplicate), on: app.db)?.mergedInto == child)
            var mergeID = ""
            try await manager.get("/people/merges?la=850") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Same child, same NHS number."))
            }
            mergeID = try #require(try await PersonMergeModel.query(on: app.db).first()?.id?.uuidString)
            try await manager.post("/people/merges/\(mergeID)/undo", form: ["reason": "Twins."]) { res in #expect(res.status == .seeOther) }
            #expect(try await PersonModel.find(UUID(uuidString: duplicate), on: app.db)?.mergedInto == nil)
            // Roles without people access are refused the page.
            let analyst = try await signIn(app, f, as: .analyst)
            try await analyst.get("/people/\(child)") { res in #expect(res.status == .forbidden) }
        }
    }
}
