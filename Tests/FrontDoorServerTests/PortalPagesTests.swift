import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("The referrer portal and the public form")
struct PortalPagesTests {
    @Test("a professional refers a child one question at a time, checks the answers, gets a reference and later the feedback", arguments: TestDatabase.all)
    func referral(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let police = try await signIn(app, f, as: .partnerAgencyOfficer)
            try await police.get("/portal") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Start a referral"))
                #expect(res.body.string.contains("You have not sent any referrals yet."))
            }
            try await police.get("/portal/refer/child") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Step 1 of 4"))
            }
            try await police.post("/portal/refer/child", form: ["la": "850", "child_givenName": "Ruby", "child_familyName": ""], withToken: false) { res in
                #expect(res.status == .forbidden)
            }
            try await police.post("/portal/refer/child", form: ["la": "850", "child_givenName": "Ruby", "child_familyName": "", "child_dateOfBirth": "2019-02-30"]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = res.body.string
                #expect(body.contains("<title>Error: About the child"))
                #expect(body.contains("href=\"#child_familyName\""))
                #expect(body.contains("Enter the child’s last name"))
                #expect(body.contains("Enter the date of birth as year-month-day"))
                #expect(body.contains("value=\"Ruby\""))
            }
            try await police.post("/portal/refer/child", form: ["la": "850", "child_givenName": "Ruby", "child_familyName": "Portalchild", "child_dateOfBirth": "2019-02-28", "child_postcode": "SO23 8UJ"]) { res in
                #expect(res.headers.first(name: .location) == "/portal/refer/concern")
            }
            // Checking early sends the user to the first question not yet answered.
            try await police.get("/portal/refer/check") { res in
                #expect(res.headers.first(name: .location) == "/portal/refer/concern")
            }
            try await police.post("/portal/refer/concern", form: ["summary": "Ruby said she is scared to go home.", "danger": "no"]) { res in
                #expect(res.headers.first(name: .location) == "/portal/refer/consent")
            }
            try await police.post("/portal/refer/consent", form: ["consent": "not-sought", "consent_reason": ""]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Say why you did not ask the family"))
            }
            try await police.post("/portal/refer/consent", form: ["consent": "not-sought", "consent_reason": "Asking could put Ruby at risk."]) { res in
                #expect(res.headers.first(name: .location) == "/portal/refer/you")
            }
            try await police.get("/portal/refer/you") { res in
                #expect(res.body.string.contains("value=\"Test Partner agency officer\""))
                #expect(res.body.string.contains("id=\"source-6\" name=\"source\" value=\"6\" checked"))
            }
            try await police.post("/portal/refer/you", form: ["referrer_name": "PC Test", "referrer_organisation": "Hampshire Constabulary", "referrer_email": "pc.test@police.example", "source": "6"]) { res in
                #expect(res.headers.first(name: .location) == "/portal/refer/check")
            }
            try await police.get("/portal/refer/check") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("Ruby Portalchild, born 2019-02-28, SO23 8UJ"))
                #expect(body.contains("Ruby said she is scared to go home."))
                #expect(body.contains("/portal/refer/concern?from=check"))
            }
            var location = ""
            try await police.post("/portal/refer/check", form: [:]) { res in
                #expect(res.status == .seeOther)
                location = res.headers.first(name: .location) ?? ""
            }
            #expect(location.hasPrefix("/portal/refer/done?ref=FD-"))
            try await police.get(location) { res in
                #expect(res.body.string.contains("Referral sent"))
                #expect(res.body.string.contains(String(location.suffix(11))))
            }
            // It is a contact in the front door queue.
            let contact = try #require(try await ContactModel.query(on: app.db).first())
            #expect(contact.source == "6")
            #expect(contact.channel == "web-form")
            #expect(contact.createdBy == f.userIDs[.partnerAgencyOfficer])
            #expect(contact.consent == "not-sought")
            let triage = try await signIn(app, f, as: .triageWorker)
            try await triage.get("/work") { res in #expect(res.body.string.contains("Ruby Portalchild")) }
            try await police.get("/portal") { res in
                #expect(res.body.string.contains("Received"))
                #expect(res.body.string.contains("Ruby Portalchild"))
            }
            try await step(app, f, .teamManager, try contact.requireID().uuidString, "decision", ["outcome": "closed", "reason": "Advice given."], expect: .ok)
            try await police.get("/portal") { res in
                #expect(res.body.string.contains("Decided"))
                #expect(res.body.string.contains("will not be taking further action"))
            }
            // Staff do not use the portal; a staff member's contacts are not shown there.
            try await triage.get("/portal") { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("the public form needs no sign-in, has a form token, and can be anonymous", arguments: TestDatabase.all)
    func publicForm(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let visitor = Browser(app)
            try await visitor.get("/worried") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Tell us you are worried about a child"))
                #expect(res.body.string.contains("Isle of Wight"))
            }
            try await visitor.post("/worried", form: ["la": "921", "summary": "Shouting every night."], withToken: false) { res in
                #expect(res.status == .forbidden)
            }
            try await visitor.post("/worried", form: ["la": "", "summary": "", "email": "nope"]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = res.body.string
                #expect(body.contains("Choose the council area where the child lives"))
                #expect(body.contains("Enter the child’s first name"))
                #expect(body.contains("Tell us what you are worried about"))
                #expect(body.contains("Say who you are"))
                #expect(body.contains("Enter an email address in the correct format"))
            }
            try await visitor.post("/worried", form: ["la": "921", "child_givenName": "Sam", "child_age": "about 6", "summary": "Shouting every night.", "relationship": "9", "name": "Should be dropped"]) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Thank you for telling us"))
                #expect(res.body.string.contains("FD-"))
            }
            let contact = try #require(try await ContactModel.query(on: app.db).first())
            #expect(contact.source == "9")
            #expect(contact.referrerName == nil)
            #expect(contact.narrative?.contains("about 6") == true)
            let audit = try await AuditEventModel.query(on: app.db).filter(\.$recordID == contact.id).filter(\.$action == "create").count()
            #expect(audit == 1)
            // Nobody can sign in as the public form's account.
            let account = try #require(try await UserModel.query(on: app.db).filter(\.$email == "public-form@system.frontdoor.invalid").first())
            #expect(account.disabledAt != nil)
            // One session sends at most five reports an hour.
            for i in 2...5 {
                try await visitor.post("/worried", form: ["la": "850", "child_givenName": "Kid\(i)", "summary": "Worried.", "relationship": "1B"]) { res in
                    #expect(res.status == .ok)
                }
            }
            try await visitor.post("/worried", form: ["la": "850", "child_givenName": "Kid6", "summary": "Worried.", "relationship": "1B"]) { res in
                #expect(res.status == .tooManyRequests)
                #expect(res.body.string.contains("several reports in the last hour"))
            }
            f.clock.set(f.clock.now.addingTimeInterval(3700))
            try await visitor.post("/worried", form: ["la": "850", "child_givenName": "Kid6", "summary": "Worried.", "relationship": "1B"]) { res in
                #expect(res.status == .ok)
            }
            #expect(try await ContactModel.query(on: app.db).count() == 6)
        }
    }
}
