import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Staff pages: referral workspace, strategy discussions, partner inbox, dashboard")
struct ReferralPagesTests {
    @Test("a referral worked through the pages: allocate, consent, ask an agency, the agency answers, analysis, decision", arguments: TestDatabase.all)
    func workspace(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let ids = try await ReferralAPITests.referContact(app, f)
            let id = try #require(ids.first)
            let manager = try await signIn(app, f, as: .teamManager)
            try await manager.get("/referrals") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("/referrals/\(id)"))
                #expect(res.body.string.contains("Referred"))
            }
            try await manager.get("/referrals/\(id)") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Information from partner agencies"))
                #expect(res.body.string.contains("Record the decision"))
            }
            let worker = try #require(f.userIDs[.mashSocialWorker]).uuidString
            try await manager.post("/referrals/\(id)/allocate", form: ["workerId": worker]) { res in #expect(res.status == .seeOther) }
            let social = try await signIn(app, f, as: .mashSocialWorker)
            try await social.post("/referrals/\(id)/consent", form: ["consent": "not-sought"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("href=\"#consentReason\""))
            }
            try await social.post("/referrals/\(id)/consent", form: ["consent": "given", "consentReason": "Mother agreed on the phone."]) { res in
                #expect(res.status == .seeOther)
            }
            try await social.post("/referrals/\(id)/information-requests", form: ["agency": "police", "question": "Any call-outs to the address?", "due_date": "2026-11-05", "due_time": ""]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Enter when the answer is needed"))
                #expect(res.body.string.contains("Any call-outs to the address?"))
            }
            try await social.post("/referrals/\(id)/information-requests", form: ["agency": "police", "question": "Any call-outs to the address?", "due_date": "2026-11-05", "due_time": "12:00"]) { res in
                #expect(res.status == .seeOther)
            }
            // The police officer answers in their inbox, seeing only what the request shares.
            let police = try await signIn(app, f, as: .partnerAgencyOfficer)
            var requestID = ""
            try await police.get("/inbox") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("Any call-outs to the address?"))
                #expect(body.contains("Ava Referred"))
                if let range = body.range(of: #"/inbox/[0-9A-F-]{36}/answer"#, options: .regularExpression) {
                    requestID = String(body[range].dropFirst("/inbox/".count).prefix(36))
                }
            }
            try await police.post("/inbox/\(requestID)/answer", form: ["answer": ""]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Enter your answer to the question"))
            }
            try await police.post("/inbox/\(requestID)/answer", form: ["answer": "Two call-outs in October."], withToken: false) { res in
                #expect(res.status == .forbidden)
            }
            try await police.post("/inbox/\(requestID)/answer", form: ["answer": "Two call-outs in October."]) { res in
                #expect(res.status == .seeOther)
            }
            try await police.get("/referrals/\(id)") { res in #expect(res.status == .forbidden) }
            try await police.get("/work") { res in #expect(res.status == .forbidden) }
            // Another agency sees nothing.
            let triage = try await signIn(app, f, as: .triageWorker)
            try await triage.get("/inbox") { res in #expect(res.status == .forbidden) }
            try await triage.get("/referrals/\(id)") { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("Send for a decision"))
            }
            try await triage.post("/referrals/\(id)/analysis", form: ["informationGathered": "x", "analysis": "y", "recommendation": "assessment"]) { res in
                #expect(res.status == .forbidden)
            }
            try await social.get("/referrals/\(id)") { res in
                #expect(res.body.string.contains("Two call-outs in October."))
                #expect(res.body.string.contains("Send for a decision"))
            }
            try await social.post("/referrals/\(id)/analysis", form: ["informationGathered": "Police: two call-outs.", "analysis": "", "recommendation": "assessment"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Enter your analysis of the information"))
                #expect(res.body.string.contains("Police: two call-outs."))
            }
            // The manager reallocates while the social worker writes: the stale save is refused, the
            // text kept, and the page says what changed.
            var version = 0, seen = ""
            try await social.get("/referrals/\(id)") { res in
                let body = res.body.string
                if let r = body.range(of: #"name="version" value="\d+""#, options: .regularExpression) { version = Int(body[r].filter(\.isNumber)) ?? 0 }
                if let r = body.range(of: #"name="seen" value="\d+""#, options: .regularExpression) { seen = String(body[r].filter(\.isNumber)) }
            }
            try await manager.post("/referrals/\(id)/allocate", form: ["workerId": worker, "version": "\(version)"]) { res in #expect(res.status == .seeOther) }
            try await social.post("/referrals/\(id)/analysis", form: ["informationGathered": "Police: two call-outs.", "analysis": "Escalating pattern.", "recommendation": "assessment", "version": "\(version)", "seen": seen]) { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("What changed while you were working"))
                #expect(res.body.string.contains("Test Team manager — Allocated"))
                #expect(res.body.string.contains("Escalating pattern."))
            }
            try await social.post("/referrals/\(id)/analysis", form: ["informationGathered": "Police: two call-outs.", "analysis": "Escalating pattern.", "recommendation": "assessment", "version": "\(version + 1)"]) { res in
                #expect(res.status == .seeOther)
            }
            try await manager.post("/referrals/\(id)/decision", form: ["outcome": "assessment", "reason": "Needs an assessment."]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("href=\"#team\""))
            }
            try await manager.post("/referrals/\(id)/decision", form: ["outcome": "assessment", "team": "Winchester CAST", "reason": "Needs an assessment."]) { res in
                #expect(res.status == .seeOther)
            }
            try await manager.get("/referrals/\(id)") { res in
                let body = res.body.string
                #expect(body.contains("Children and families assessment — Winchester CAST"))
                #expect(body.contains("police answered"))
                #expect(body.contains("Analysis recorded"))
                #expect(!body.contains("Record the decision"))
            }
            let audit = try await AuditEventModel.query(on: app.db).filter(\.$recordType == "referral").filter(\.$action == "update").count()
            #expect(audit >= 4)
        }
    }

    @Test("strategy discussions: scheduled from the referral, listed for the day, recorded", arguments: TestDatabase.all)
    func strategy(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let ids = try await ReferralAPITests.referContact(app, f, childProtection: true)
            let id = try #require(ids.first)
            var manager = try await signIn(app, f, as: .teamManager)
            try await manager.post("/referrals/\(id)/strategy-discussions", form: ["scheduled_date": "2026-11-04", "scheduled_time": "14:00", "p0_agency": "police", "p0_name": "DS Grey"]) { res in
                #expect(res.status == .seeOther)
            }
            try await manager.get("/strategy-discussions?date=2026-11-04") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Wed 4 Nov 2026, 14:00"))
                #expect(res.body.string.contains("DS Grey (police)"))
                #expect(res.body.string.contains("Record this discussion"))
            }
            try await manager.get("/dashboard") { res in
                #expect(res.body.string.contains("Strategy discussions today"))
                #expect(res.body.string.contains("/referrals/\(id)"))
            }
            let discussion = try #require(try await StrategyDiscussionModel.query(on: app.db).first())
            f.clock.set(ISO8601DateFormatter().date(from: "2026-11-04T15:00:00Z")!)
            manager = try await signIn(app, f, as: .teamManager)
            try await manager.post("/strategy-discussions/\(discussion.requireID().uuidString)/record", form: ["version": "1", "date": "2026-11-04", "held_date": "2026-11-04", "held_time": "14:05", "p0_agency": "police", "p0_name": "DS Grey", "record": "", "outcome": "s47-joint"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Enter what was discussed and agreed"))
            }
            try await manager.post("/strategy-discussions/\(discussion.requireID().uuidString)/record", form: [
                "version": "1", "date": "2026-11-04", "held_date": "2026-11-04", "held_time": "14:05", "p0_agency": "police", "p0_name": "DS Grey",
                "p1_agency": "health", "p1_name": "Nurse Bell", "p2_agency": "social-care", "p2_name": "Jo Smith", "record": "Agreed a joint enquiry.", "outcome": "s47-joint",
            ]) { res in
                #expect(res.status == .seeOther)
            }
            try await manager.get("/referrals/\(id)") { res in
                #expect(res.body.string.contains("Section 47 started"))
            }
            let analyst = try await signIn(app, f, as: .analyst)
            try await analyst.get("/strategy-discussions") { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("the dashboard: today, the backlog, what falls due soon, the breaches; managers only", arguments: TestDatabase.all)
    func dashboard(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let red = try await createContact(app, f, receivedAt: "2026-11-04T09:00:00Z")
            try await step(app, f, .triageWorker, red, "rag", ["rag": "red"], expect: .ok)
            _ = try await createContact(app, f, receivedAt: "2026-11-04T09:30:00Z")
            let manager = try await signIn(app, f, as: .teamManager)
            try await manager.get("/dashboard") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("<span class=\"figure\">2</span> Contacts received today"))
                #expect(body.contains("Due in the next 4 hours"))
                #expect(body.contains("/contacts/\(red)"))
                #expect(body.contains("Overdue: 0"))
            }
            f.clock.set(ISO8601DateFormatter().date(from: "2026-11-04T15:00:00Z")!)
            try await signIn(app, f, as: .teamManager).get("/dashboard") { res in
                #expect(res.body.string.contains("Overdue: 1"))
            }
            for role in [Role.triageWorker, .partnerAgencyOfficer, .analyst] {
                let other = try await signIn(app, f, as: role)
                try await other.get("/dashboard") { res in #expect(res.status == .forbidden, "\(role)") }
            }
        }
    }
}
