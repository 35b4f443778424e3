import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("People through the API")
struct PeopleAPITests {
    @Test("a person is created, found again by a misspelt surname and date of birth, and linked to a household", arguments: TestDatabase.all)
    func createSearchLink(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            var childID = ""
            try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["la": "850", "person": [
                    "givenName": "Katie", "familyName": "Thompson", "dateOfBirth": "2016-07-04", "sex": "F",
                    "nhsNumber": "943 476 5919", "postcode": "so23 8uj", "ethnicity": "WBRI",
                ]])
            }, afterResponse: { res in
                #expect(res.status == .created)
                childID = res.json["id"] as? String ?? ""
                #expect(res.json["nhsNumber"] as? String == "9434765919")
                #expect(res.json["postcode"] as? String == "SO23 8UJ")
                #expect(res.json["ageYears"] as? Int == 10)
            })
            try await app.testing().test(.GET, "api/v1/people/search?la=850&familyName=Tompson&dateOfBirth=2016-07-04", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
                let results = res.json["results"] as? [[String: Any]] ?? []
                #expect(results.first.flatMap { ($0["person"] as? [String: Any])?["id"] as? String } == childID)
                let reasons = results.first?["reasons"] as? [String] ?? []
                #expect(reasons.contains("same date of birth"))
                #expect(reasons.contains("surname one letter different"))
                #expect(["likely", "certain"].contains(results.first?["band"] as? String ?? ""))
            }
            // A nickname and a misspelling: Katie is a Catherine's name too.
            try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["la": "850", "person": ["givenName": "Catherine", "familyName": "Mohammed", "dateOfBirth": "2012-02-09", "postcode": "PO30 5RB"]])
            }, afterResponse: { res in #expect(res.status == .created) })
            try await app.testing().test(.GET, "api/v1/people/search?la=850&givenName=Katie&familyName=Muhammad&dateOfBirth=2012-09-02", headers: f.auth(.triageWorker)) { res in
                let first = (res.json["results"] as? [[String: Any]])?.first
                #expect((first?["person"] as? [String: Any])?["givenName"] as? String == "Catherine")
                let reasons = first?["reasons"] as? [String] ?? []
                #expect(reasons.contains("first name a known variant (Katie, Catherine)"))
                #expect(reasons.contains { $0.contains("day and month") })
            }
            try await app.testing().test(.GET, "api/v1/people/search?la=850&nhsNumber=9434765919", headers: f.auth(.triageWorker)) { res in
                let results = res.json["results"] as? [[String: Any]] ?? []
                #expect(results.first?["band"] as? String == "certain")
            }
            try await app.testing().test(.GET, "api/v1/people/search?la=921&nhsNumber=9434765919", headers: f.auth(.triageWorker)) { res in
                #expect((res.json["results"] as? [[String: Any]] ?? []).isEmpty)
            }
            try await app.testing().test(.GET, "api/v1/people/search?la=850", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .unprocessableEntity)
            }
            var motherID = ""
            try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["la": "850", "person": ["givenName": "Claire", "familyName": "Thompson"]])
            }, afterResponse: { res in
                motherID = res.json["id"] as? String ?? ""
            })
            try await app.testing().test(.POST, "api/v1/people/\(childID)/household", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["personId": motherID, "relationship": "mother"])
            }, afterResponse: { res in
                #expect(res.status == .created)
            })
            try await app.testing().test(.GET, "api/v1/people/\(childID)", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
                let household = res.json["household"] as? [[String: Any]] ?? []
                #expect(household.count == 1)
                #expect(household.first?["relationship"] as? String == "mother")
            }
        }
    }

    @Test("a person with an invalid NHS number, UPN or postcode is refused field by field", arguments: TestDatabase.all)
    func invalidPerson(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["la": "850", "person": [
                    "givenName": "Ava", "familyName": "Bad", "nhsNumber": "9434765918", "upn": "B123456789012",
                    "postcode": "12345", "sex": "X", "expectedDateOfBirth": "2027-01-01", "dateOfBirth": "2020-01-01",
                ]])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(res.problemFields) == [
                    "person.nhsNumber", "person.upn", "person.postcode", "person.sex", "person.expectedDateOfBirth",
                ])
            })
        }
    }
}

@Suite("The demo hub")
struct DemoTests {
    @Test("the demo loads two authorities, staff in every role and a realistic month, once", arguments: TestDatabase.all)
    func demo(db: TestDatabase) async throws {
        try await withTestApp(db) { app, _ in
            // The fixture already made 850 and 921; start from an empty hub.
            try await UserAuthorityModel.query(on: app.db).delete()
            try await APITokenModel.query(on: app.db).delete()
            try await UserModel.query(on: app.db).delete()
            try await LocalAuthorityModel.query(on: app.db).delete()
            app.passwords.use(.plaintext)
            let loader = DemoLoader(app: app, days: 14, hampshirePerWeekday: 20, seed: 7, statutoryChildren: 10)
            let first = try await loader.loadIfAbsent()
            #expect(!first.alreadyPresent)
            #expect(Set(first.users.map(\.role)) == Set(Role.allCases))
            let contacts = try await ContactModel.query(on: app.db).all()
            #expect(contacts.count == first.contacts)
            #expect(contacts.count > 200)
            #expect(try await contactsWithChildrenMiscounted(app).isEmpty)
            #expect(try await contactsWithMonthMiscounted(app).isEmpty)
            #expect(contacts.contains { $0.childrenNamed > 1 })
            let police = contacts.filter { $0.source == "6" }.count
            #expect(Double(police) / Double(contacts.count) > 0.3)
            #expect(Double(police) / Double(contacts.count) < 0.5)
            let decided = contacts.filter { $0.state == "decided" }
            #expect(decided.count > contacts.count / 2)
            #expect(contacts.contains { $0.state != "decided" })
            let referrals = decided.filter { $0.outcome == "referral" }.count
            #expect(Double(referrals) / Double(decided.count) > 0.2)
            #expect(Double(referrals) / Double(decided.count) < 0.5)
            #expect(Set(contacts.map(\.laID)).count == 2)
            // Every child of a contact progressed to referral has a referral, most of them decided.
            let mash = try await ReferralModel.query(on: app.db).all()
            let referredContacts = Set(decided.filter { $0.outcome == "referral" }.compactMap(\.id))
            #expect(Set(mash.compactMap(\.contactID)) == referredContacts)
            #expect(mash.filter { $0.state == "decided" }.count > mash.count / 2)
            #expect(mash.contains { $0.outcome == "assessment" && $0.assessmentStartedAt != nil })
            // A demo token works against the API.
            let token = first.users.first { $0.role == .triageWorker }!.token
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            try await app.testing().test(.GET, "api/v1/contacts?la=921", headers: headers) { res in
                #expect(res.status == .ok)
                #expect(!(res.json["contacts"] as? [[String: Any]] ?? []).isEmpty)
            }
            // The staff are in teams, so "my team's work" works from the first sign-in.
            try await app.testing().test(.GET, "api/v1/teams", headers: headers) { res in
                let teams = res.json["teams"] as? [[String: Any]] ?? []
                #expect(teams.count == DemoTeams.teams.count)
                #expect(teams.contains { $0["name"] as? String == "Children's Reception Team" && ($0["members"] as? [Any])?.count == 3 })
            }
            try await app.testing().test(.GET, "api/v1/contacts?team=mine", headers: headers) { res in
                let mine = res.json["contacts"] as? [[String: Any]] ?? []
                #expect(!mine.isEmpty)
                #expect(mine.allSatisfy { !($0["teams"] as? [Any] ?? []).isEmpty })
            }
            // Statutory history behind it: the last completed census year has its children, clean.
            let year = DemoStatutoryHistory.lastCompletedYear(today: WorkingCalendar().localDate(of: app.frontDoor.now()))
            for (code, children) in [("850", 10), ("921", 2)] {
                let la = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == code).first())
                let census = try await ReturnsExport.census(la: la, year: year, serial: 1, now: app.frontDoor.now(), holidays: .englandAndWales, on: app.db)
                #expect(census.children.count == children)
                // A handful of children cannot show the spread of disability codes the return-level
                // queries look for (laChildID nil); every rule about the children themselves holds.
                #expect(census.validate().filter { $0.laChildID != nil } == [])
            }
            let second = try await loader.loadIfAbsent()
            #expect(second.alreadyPresent)
            #expect(try await TeamModel.query(on: app.db).count() == DemoTeams.teams.count)
            #expect(try await ContactModel.query(on: app.db).count() == contacts.count)
            #expect(second.signInInstructions.contains("Bearer"))
        }
    }
}
