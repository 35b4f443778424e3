import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

/// Signs a fixture user of `role` in to the web application and returns their browser.
func signIn(_ app: Application, _ f: Fixture, as role: Role) async throws -> Browser {
    let user = try #require(try await UserModel.find(f.userIDs[role], on: app.db))
    user.passwordHash = try Bcrypt.hash("copper kettle morning rain", cost: 4)
    user.mustChangePassword = false
    try await user.save(on: app.db)
    let browser = Browser(app)
    try await browser.get("/sign-in")
    try await browser.post("/sign-in", form: ["email": user.email, "password": "copper kettle morning rain"]) { res in
        #expect(res.status == .seeOther)
    }
    // Signing in starts a new session: its form token comes with the next page.
    try await browser.get("/")
    return browser
}

/// The current version of a contact, through the API.
func contactVersion(_ app: Application, _ f: Fixture, _ id: String) async throws -> (version: Int, json: [String: Any]) {
    var result: (Int, [String: Any]) = (0, [:])
    try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(.teamManager)) { res in
        result = (res.json["version"] as? Int ?? 0, res.json)
    }
    return result
}

@Suite("Staff pages: queue, contact record, screening, decision")
struct StaffPagesTests {
    @Test("the work queue: soonest due first, RAG in words, time left, children with ages, filters; refused to other roles", arguments: TestDatabase.all)
    func queue(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let first = try await createContact(app, f, receivedAt: "2026-11-04T08:00:00Z")
            let second = try await createContact(app, f, receivedAt: "2026-11-04T09:00:00Z")
            try await step(app, f, .triageWorker, second, "rag", ["rag": "red"], expect: .ok)
            let browser = try await signIn(app, f, as: .triageWorker)
            try await browser.get("/work") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("Ava Testchild (8 years)"))
                #expect(body.contains(">Red<"))
                #expect(body.contains(">Not rated<"))
                #expect(body.contains("of working time left"))
                #expect(body.contains("Police (6)"))
                // The red contact is due first although it came in later.
                let red = body.range(of: "/contacts/\(second)")?.lowerBound
                let green = body.range(of: "/contacts/\(first)")?.lowerBound
                #expect(red != nil && green != nil && red! < green!)
                // A triage worker allocates nothing.
                #expect(!body.contains("Unallocated work"))
            }
            try await browser.get("/work?rag=red") { res in
                #expect(res.body.string.contains("/contacts/\(second)"))
                #expect(!res.body.string.contains("/contacts/\(first)"))
            }
            try await browser.get("/work?assigned=me") { res in
                #expect(res.body.string.contains("No contacts match these filters."))
            }
            // A day later the unrated contact is overdue, and the queue says by how long.
            f.clock.set(ISO8601DateFormatter().date(from: "2026-11-05T15:00:00Z")!)
            try await signIn(app, f, as: .triageWorker).get("/work") { res in
                #expect(res.body.string.contains("Overdue by"))
                #expect(res.body.string.contains("(2 contacts, 1 overdue)"))
            }
            for role in [Role.partnerAgencyOfficer, .analyst, .administrator] {
                let other = try await signIn(app, f, as: role)
                try await other.get("/work") { res in
                    #expect(res.status == .forbidden, "\(role)")
                    #expect(res.body.string.contains("You cannot use this page"))
                }
            }
            try await Browser(app).get("/work") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/sign-in")
            }
        }
    }

    @Test("a manager sees unallocated work and allocates it; the form token is required", arguments: TestDatabase.all)
    func allocate(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            let manager = try await signIn(app, f, as: .teamManager)
            let worker = try #require(f.userIDs[.triageWorker]).uuidString
            try await manager.get("/work") { res in
                #expect(res.body.string.contains("Unallocated work"))
                #expect(res.body.string.contains("value=\"\(worker)\""))
            }
            try await manager.post("/contacts/\(id)/allocate", form: ["workerId": worker, "version": "1"], withToken: false) { res in
                #expect(res.status == .forbidden)
            }
            try await manager.post("/contacts/\(id)/allocate", form: ["workerId": worker, "version": "1"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/work")
            }
            let (version, json) = try await contactVersion(app, f, id)
            #expect(version == 2)
            #expect(json["state"] as? String == "in-screening")
            #expect((json["assignedTo"] as? [String: Any])?["id"] as? String == worker)
            // A triage worker may not give work to someone else.
            let triage = try await signIn(app, f, as: .mashSocialWorker)
            try await triage.post("/contacts/\(id)/allocate", form: ["workerId": worker, "version": "2"]) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("screening and decision through the pages, with the same audit rows and clocks as the API", arguments: TestDatabase.all)
    func screenAndDecide(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            let triage = try await signIn(app, f, as: .triageWorker)
            try await triage.get("/contacts/\(id)") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("Ava Testchild"))
                #expect(body.contains("Police attended a domestic incident"))
                #expect(body.contains("Take this contact to screen"))
                #expect(body.contains("Decision clock"))
                #expect(body.contains("Contact received"))
                #expect(!body.contains("Record the decision"))
            }
            try await triage.post("/contacts/\(id)/take", form: ["version": "1"]) { res in
                #expect(res.status == .seeOther)
            }
            try await triage.get("/contacts/\(id)") { res in
                #expect(res.body.string.contains("Submit for a decision"))
                #expect(res.body.string.contains("Assigned for screening"))
            }
            // Missing risks: refused, the strengths kept, the message says how to fix it.
            try await triage.post("/contacts/\(id)/screening", form: ["version": "2", "strengths": "Mother sought help quickly.", "risks": "", "proposedOutcome": "referral", "rag": "amber"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("There is a problem"))
                #expect(res.body.string.contains("href=\"#risks\""))
                #expect(res.body.string.contains("Enter the risks and worries for the child"))
                #expect(res.body.string.contains("Mother sought help quickly."))
            }
            // Someone else rated it meanwhile: the stale save is refused, nothing typed is lost,
            // and the page says what changed.
            try await step(app, f, .teamManager, id, "rag", ["rag": "red", "version": 2], expect: .ok)
            try await triage.post("/contacts/\(id)/screening", form: ["version": "2", "strengths": "Mother sought help quickly.", "risks": "Repeat incidents.", "proposedOutcome": "referral", "rag": "amber"]) { res in
                #expect(res.status == .conflict)
                let body = res.body.string
                #expect(body.contains("Someone else changed this contact"))
                #expect(body.contains("What changed while you were working"))
                #expect(body.contains("Test Team manager — Rated red"))
                #expect(body.contains("Repeat incidents."))
                #expect(body.contains("name=\"version\" value=\"3\""))
            }
            #expect(try await contactVersion(app, f, id).version == 3)
            try await triage.post("/contacts/\(id)/screening", form: ["version": "3", "strengths": "Mother sought help quickly.", "risks": "Repeat incidents.", "proposedOutcome": "referral", "rag": "red"]) { res in
                #expect(res.status == .seeOther)
            }
            // The triage worker cannot decide.
            try await triage.post("/contacts/\(id)/decision", form: ["version": "4", "outcome": "closed", "reason": "x"]) { res in
                #expect(res.status == .forbidden)
            }
            let manager = try await signIn(app, f, as: .teamManager)
            try await manager.get("/contacts/\(id)") { res in
                let body = res.body.string
                #expect(body.contains("Case summary"))
                #expect(body.contains("Repeat incidents."))
                #expect(body.contains("Record the decision"))
                #expect(body.contains("Return to screening instead"))
            }
            try await manager.post("/contacts/\(id)/decision", form: ["version": "4", "outcome": "referral"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Enter the reason for your decision"))
            }
            try await manager.post("/contacts/\(id)/decision", form: ["version": "4", "outcome": "referral", "reason": "Threshold for a referral is met.", "childProtection": "true"], withToken: false) { res in
                #expect(res.status == .forbidden)
            }
            try await manager.post("/contacts/\(id)/decision", form: ["version": "4", "outcome": "referral", "reason": "Threshold for a referral is met.", "childProtection": "true"]) { res in
                #expect(res.status == .seeOther)
            }
            let (_, json) = try await contactVersion(app, f, id)
            #expect(json["state"] as? String == "decided")
            #expect((json["decision"] as? [String: Any])?["outcome"] as? String == "referral")
            try await manager.get("/contacts/\(id)") { res in
                #expect(res.body.string.contains("Decided: progress to referral"))
                #expect(res.body.string.contains("Decided in time"))
                #expect(res.body.string.contains("Referrals opened"))
                #expect(res.body.string.contains("Ava Testchild — child protection"))
                #expect(!res.body.string.contains("Record the decision"))
            }
            let updates = try await AuditEventModel.query(on: app.db).filter(\.$recordID == UUID(uuidString: id)).filter(\.$action == "update").count()
            #expect(updates == 4)
            let reads = try await AuditEventModel.query(on: app.db).filter(\.$recordID == UUID(uuidString: id)).filter(\.$action == "read").count()
            #expect(reads >= 5)
            // A partner officer may not open the record.
            let partner = try await signIn(app, f, as: .partnerAgencyOfficer)
            try await partner.get("/contacts/\(id)") { res in
                #expect(res.status == .forbidden)
            }
        }
    }
}

@Suite("Staff pages: the shared parts")
struct StaffPagesSharedTests {
    @Test("the script is served; pages carry the session-expiry notice and work without it; the start page links each role's pages", arguments: TestDatabase.all)
    func shared(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await app.testing().test(.GET, "assets/app.js") { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "javascript")
                #expect(res.body.string.contains("session-warning"))
                #expect(res.body.string.contains("X-CSRF-Token"))
            }
            let manager = try await signIn(app, f, as: .teamManager)
            try await manager.get("/") { res in
                #expect(res.body.string.contains("href=\"/dashboard\""))
                #expect(res.body.string.contains("id=\"session-warning\""))
                #expect(res.body.string.contains("data-idle-seconds=\"1800\""))
            }
            try await manager.get("/work") { res in
                #expect(res.body.string.contains("<script src=\"/assets/app.js\" defer></script>"))
            }
            let police = try await signIn(app, f, as: .partnerAgencyOfficer)
            try await police.get("/") { res in
                #expect(res.body.string.contains("href=\"/portal\""))
                #expect(res.body.string.contains("href=\"/inbox\""))
                #expect(!res.body.string.contains("href=\"/work\""))
            }
            // A form that cannot be read gets a page, not JSON.
            let id = try await createContact(app, f)
            try await manager.post("/contacts/\(id)/rag", form: ["rag": "red", "version": "two"]) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("This form could not be read"))
            }
        }
    }
}
