import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("The HRDA meeting and quality assurance pages")
struct MeetingPagesTests {
    static func signIn(_ app: Application, _ role: Role) async throws -> Browser {
        let email = "web-\(role.rawValue)@test.example"
        let user = UserModel(email: email, name: "Web \(role.label)", role: role, passwordHash: try Bcrypt.hash("copper kettle morning rain", cost: 4))
        user.mustChangePassword = false
        try await user.save(on: app.db)
        for la in try await LocalAuthorityModel.query(on: app.db).all() {
            try await UserAuthorityModel(userID: user.requireID(), laID: la.requireID()).save(on: app.db)
        }
        let browser = Browser(app)
        try await browser.get("/sign-in")
        try await browser.post("/sign-in", form: ["email": email, "password": "copper kettle morning rain"]) { res in
            #expect(res.status == .seeOther)
        }
        try await browser.get("/") { res in #expect(res.body.string.contains("/meetings")) }
        return browser
    }

    @Test("a manager builds and runs the day's meeting from the pages; an attendee sees the agenda cases only", arguments: TestDatabase.all)
    func meetingPages(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let s = try await HRDAScenario.make(app, f)
            let manager = try await Self.signIn(app, .assistantTeamManager)
            try await manager.get("/meetings") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Build the agenda"))
            }
            // A bad date is reported in an error summary, and nothing is made.
            try await manager.post("/meetings", form: ["la": "850", "date": "2026-11-07"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("There is a problem"))
                #expect(res.body.string.contains("is not a working day"))
            }
            var location = ""
            try await manager.post("/meetings", form: ["la": "850", "date": "2026-11-04", "lookbackWorkingDays": "1"]) { res in
                #expect(res.status == .seeOther)
                location = res.headers.first(name: .location) ?? ""
            }
            #expect(location.hasPrefix("/meetings/"))
            try await manager.get(location) { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("Mia Agenda"))
                #expect(body.contains("Open case (allocated worker Sam Allocated)"))
                #expect(!body.contains("Noah Medium"))
            }
            try await manager.post(location + "/attendance", form: ["version": "1", "attendee-police": "DS Synthetic", "attendee-health": "Nurse Example"]) { res in
                #expect(res.status == .seeOther)
            }
            let casePath = location + "/cases/" + s.onAgenda
            try await manager.get(casePath) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Adults in the household"))
                #expect(res.body.string.contains("Jo Agenda"))
            }
            try await manager.post(casePath + "/preparation", form: ["notes": "Research for partners.", "version": "1"]) { res in #expect(res.status == .seeOther) }
            try await manager.post(casePath + "/discussion", form: ["riskIdentified": "Risk.", "victimVoice": "", "outcome": "marac-referral", "version": "2"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("victimVoice"))
            }
            try await manager.post(casePath + "/discussion", form: ["riskIdentified": "Risk.", "victimVoice": "Her words.", "outcome": "marac-referral", "version": "2"]) { res in
                #expect(res.status == .seeOther)
            }
            try await manager.post(casePath + "/actions", form: ["description": "Refer to MARAC today", "ownerAgency": "domestic-abuse-service", "due": "2026-11-04"]) { res in
                #expect(res.status == .seeOther)
            }
            try await manager.get(location + "/print") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("Referred to MARAC"))
                #expect(body.contains("Her words."))
                #expect(body.contains("Refer to MARAC today"))
                #expect(body.contains("Police: DS Synthetic"))
            }
            try await manager.get(location + "/export?format=csv") { res in
                #expect(res.headers.contentType?.subType == "csv")
                #expect(res.body.string.contains("Refer to MARAC today"))
            }

            let attendee = try await Self.signIn(app, .domesticAbuseMeetingAttendee)
            try await attendee.get(location) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Mia Agenda"))
                #expect(!res.body.string.contains("Record attendance"))
            }
            try await attendee.get(casePath) { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("Save the notes"))
            }
            try await attendee.get(location + "/cases/" + s.medium) { res in #expect(res.status == .notFound) }
            try await attendee.post("/meetings", form: ["la": "850", "date": "2026-11-05"]) { res in #expect(res.status == .forbidden) }
            try await attendee.get("/meetings/actions") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Domestic abuse service"))
                #expect(res.body.string.contains("Refer to MARAC today"))
            }
            // Other roles have no business here.
            let auditor = try await Self.signIn(app, .qualityAuditor)
            try await auditor.get("/meetings") { res in #expect(res.status == .forbidden) }
            try await Browser(app).get("/meetings") { res in #expect(res.status == .seeOther) }
        }
    }

    @Test("an auditor defines an audit and grades a case from the pages; a manager sees the pattern page", arguments: TestDatabase.all)
    func qualityPages(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            _ = try await QualityAuditTests.decidedContacts(app, f)
            let auditor = try await Self.signIn(app, .qualityAuditor)
            try await auditor.get("/quality") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Draw the sample"))
            }
            try await auditor.post("/quality", form: ["la": "850", "theme": "", "periodFrom": "2026-11-01", "periodTo": "2026-11-30", "rule": "decided-contacts-by-outcome"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("There is a problem"))
            }
            var location = ""
            try await auditor.post("/quality", form: ["la": "850", "theme": "Decisions", "periodFrom": "2026-11-01", "periodTo": "2026-11-30",
                                                      "rule": "decided-contacts-by-outcome", "sampleSize": "2"]) { res in
                #expect(res.status == .seeOther)
                location = res.headers.first(name: .location) ?? ""
            }
            var casePath = ""
            try await auditor.get(location) { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("0 of 2 cases graded"))
                if let range = body.range(of: #"/quality/[0-9A-F-]+/cases/[0-9A-F-]+"#, options: .regularExpression) { casePath = String(body[range]) }
            }
            #expect(!casePath.isEmpty)
            try await auditor.get(casePath) { res in #expect(res.status == .ok) }
            try await auditor.post(casePath, form: ["agency": "health", "grade": "requires-improvement", "findings": "Rationale thin.", "learningActions": ""]) { res in
                #expect(res.status == .seeOther)
            }
            try await auditor.get(location) { res in
                #expect(res.body.string.contains("1 of 2 cases graded"))
                #expect(res.body.string.contains("Rationale thin."))
            }
            try await auditor.get("/quality/missing-strategy-discussions") { res in #expect(res.status == .forbidden) }
            let manager = try await Self.signIn(app, .teamManager)
            try await manager.get("/quality/missing-strategy-discussions?la=850&from=2026-11-01&to=2026-11-30") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("No child matches"))
            }
            try await manager.get("/quality") { res in #expect(res.status == .forbidden) }
        }
    }
}
