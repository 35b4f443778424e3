import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Staff pages: recording a new contact, with search first and drafts")
struct StaffNewContactTests {
    @Test("search before create: ranked matches with band and reasons; pick the known child", arguments: TestDatabase.all)
    func searchAndPick(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let first = try await createContact(app, f)
            let known = try #require(((try await contactVersion(app, f, first).json["children"] as? [[String: Any]])?.first?["id"]) as? String)
            let browser = try await signIn(app, f, as: .triageWorker)
            try await browser.get("/contacts/new") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Find the children first"))
                #expect(res.body.string.contains("<label for=\"s_givenName\">First name</label>"))
                #expect(res.body.string.contains("data-autosave=\"/drafts/contact-new\""))
            }
            try await browser.get("/contacts/new?la=850&givenName=Ava&familyName=Testchild&dateOfBirth=2018-03-05") { res in
                let body = res.body.string
                #expect(body.contains("value=\"\(known)\""))
                #expect(body.contains("Certain match") || body.contains("Likely match"))
                #expect(body.contains("Why:"))
            }
            try await browser.get("/contacts/new?la=850&dateOfBirth=2018-02-31") { res in
                #expect(res.body.string.contains("href=\"#s_dateOfBirth\""))
                #expect(res.body.string.contains("is not a date in the form YYYY-MM-DD"))
            }
            // A new child with the same details while a likely match exists needs confirming.
            let form = [
                "la": "850", "c0_givenName": "Ava", "c0_familyName": "Testchild", "c0_dateOfBirth": "2018-03-05",
                "received_date": "2026-11-04", "received_time": "09:45", "source": "2A", "channel": "phone",
                "summary": "The school is worried about bruising.", "consent": "given", "action": "record",
            ]
            try await browser.post("/contacts/new", form: form) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("href=\"#c0_different\""))
                #expect(res.body.string.contains("tick ‘This is a different child’"))
                #expect(res.body.string.contains("value=\"\(known)\""))
                #expect(res.body.string.contains("The school is worried about bruising."))
            }
            var picked = form
            for key in ["c0_givenName", "c0_familyName", "c0_dateOfBirth"] { picked[key] = "" }
            picked["pick"] = known
            var location = ""
            try await browser.post("/contacts/new", form: picked) { res in
                #expect(res.status == .seeOther)
                location = res.headers.first(name: .location) ?? ""
            }
            #expect(location.hasPrefix("/contacts/"))
            let id = String(location.dropFirst("/contacts/".count))
            let json = try await contactVersion(app, f, id).json
            #expect((json["children"] as? [[String: Any]])?.first?["id"] as? String == known)
            #expect(json["source"] as? String == "2A")
            // 09:45 in November is 09:45 UTC.
            #expect(json["receivedAt"] as? String == "2026-11-04T09:45:00Z")
            // Ticking "different child" creates a new record instead.
            var different = form
            different["c0_different"] = "true"
            try await browser.post("/contacts/new", form: different) { res in
                #expect(res.status == .seeOther)
            }
            let avas = try await PersonModel.query(on: app.db).filter(\.$givenName == "Ava").count()
            #expect(avas == 2)
        }
    }

    @Test("the error summary says how to fix each field, and links to it", arguments: TestDatabase.all)
    func errors(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let browser = try await signIn(app, f, as: .mashSocialWorker)
            try await browser.get("/contacts/new")
            try await browser.post("/contacts/new", form: [
                "la": "850", "received_date": "2026-11-31", "received_time": "25:00", "c0_givenName": "Zed", "c0_dateOfBirth": "2019-13-01",
                "referrer_email": "not-an-email", "consent": "not-sought", "action": "record",
            ]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = res.body.string
                #expect(body.contains("href=\"#received_date\""))
                #expect(body.contains("Enter the date and time the contact was received"))
                #expect(body.contains("href=\"#source\""))
                #expect(body.contains("Choose who made the contact (the source)"))
                #expect(body.contains("href=\"#c0_familyName\""))
                #expect(body.contains("Enter the first new child’s last name"))
                #expect(body.contains("href=\"#c0_dateOfBirth\""))
                #expect(body.contains("href=\"#referrer_email\""))
                #expect(body.contains("href=\"#consent_reason\""))
                #expect(body.contains("value=\"Zed\""))
                // Each field in error names its message, for screen readers.
                #expect(body.contains("aria-describedby=\"c0_familyName-error\" aria-invalid=\"true\""))
                #expect(body.contains("id=\"c0_familyName-error\""))
            }
            // An authority the user is not granted is refused with a page, whatever the form says.
            try await browser.post("/contacts/new", form: ["la": "999", "c0_givenName": "Zed", "c0_familyName": "Zee", "source": "6", "action": "record", "received_date": "2026-11-04", "received_time": "09:00"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("is not a local authority you are granted"))
                #expect(res.headers.contentType?.subType == "html")
            }
            #expect(try await ContactModel.query(on: app.db).count() == 0)
            for role in [Role.partnerAgencyOfficer, .analyst, .domesticAbuseMeetingAttendee] {
                let other = try await signIn(app, f, as: role)
                try await other.get("/contacts/new") { res in #expect(res.status == .forbidden, "\(role)") }
            }
        }
    }

    @Test("a half-finished form is kept as a draft: on every step and by autosave; removed once recorded", arguments: TestDatabase.all)
    func drafts(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let browser = try await signIn(app, f, as: .triageWorker)
            try await browser.get("/contacts/new")
            try await browser.post("/drafts/contact-new", form: ["summary": "Neighbour heard shouting.", "c0_givenName": "Mia"], withToken: false) { res in
                #expect(res.status == .forbidden)
            }
            try await browser.post("/drafts/contact-new", form: ["summary": "Neighbour heard shouting.", "c0_givenName": "Mia"]) { res in
                #expect(res.status == .noContent)
            }
            try await browser.post("/drafts/unknown-form", form: ["summary": "x"]) { res in
                #expect(res.status == .notFound)
            }
            // The session ends; signing in again brings the draft back.
            f.clock.set(f.clock.now.addingTimeInterval(40 * 60))
            try await browser.get("/contacts/new") { res in #expect(res.status == .seeOther) }
            let again = try await signIn(app, f, as: .triageWorker)
            try await again.get("/contacts/new") { res in
                #expect(res.body.string.contains("Neighbour heard shouting."))
                #expect(res.body.string.contains("value=\"Mia\""))
                #expect(res.body.string.contains("We kept what you typed last time"))
            }
            // Another user does not see it.
            let other = try await signIn(app, f, as: .mashSocialWorker)
            try await other.get("/contacts/new") { res in
                #expect(!res.body.string.contains("Neighbour heard shouting."))
            }
            // A search step keeps the form too.
            try await again.post("/contacts/new", form: ["la": "850", "s_familyName": "Nobody", "summary": "Neighbour heard shouting, twice.", "action": "search"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.contains("familyName=Nobody") == true)
            }
            try await again.get("/contacts/new?la=850&familyName=Nobody") { res in
                #expect(res.body.string.contains("Neighbour heard shouting, twice."))
                #expect(res.body.string.contains("No records match"))
            }
            #expect(try await AuditEventModel.query(on: app.db).filter(\.$recordType == "draft").count() >= 2)
            try await again.post("/contacts/new", form: [
                "la": "850", "c0_givenName": "Mia", "c0_familyName": "Nobody", "received_date": "2026-11-04", "received_time": "10:00",
                "source": "1B", "summary": "Neighbour heard shouting, twice.", "action": "record",
            ]) { res in #expect(res.status == .seeOther) }
            #expect(try await DraftModel.query(on: app.db).count() == 0)
        }
    }
}
