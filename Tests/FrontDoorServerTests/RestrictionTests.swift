import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Restricted records")
struct RestrictionTests {
    @Test("a restricted child is visible only to the named users; others see that it exists and whom to ask", arguments: TestDatabase.all)
    func restricted(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let contact = try await createContact(app, f)
            var childID = ""
            try await app.testing().test(.GET, "api/v1/contacts/\(contact)", headers: f.auth(.teamManager)) { res in
                childID = (res.json["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            }
            let social = try #require(f.userIDs[.mashSocialWorker]).uuidString
            try await app.testing().test(.PUT, "api/v1/people/\(childID)/restriction", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["reason": "A staff member's own family"])
            }, afterResponse: { res in
                #expect(res.status == .forbidden)
            })
            try await app.testing().test(.PUT, "api/v1/people/\(childID)/restriction", beforeRequest: { req in
                req.headers = f.auth(.teamManager)
                try req.json(["reason": "A staff member's own family", "allowedUserIds": [social]])
            }, afterResponse: { res in
                #expect(res.status == .ok)
                #expect((res.json["allowed"] as? [[String: Any]])?.count == 2)
            })
            // The named social worker and the manager still see everything.
            for role in [Role.mashSocialWorker, .teamManager] {
                try await app.testing().test(.GET, "api/v1/people/\(childID)", headers: f.auth(role)) { res in
                    #expect(res.status == .ok, "\(role)")
                }
                try await app.testing().test(.GET, "api/v1/contacts/\(contact)", headers: f.auth(role)) { res in
                    #expect(res.status == .ok, "\(role)")
                }
            }
            // Everyone else is told whom to ask, and no more.
            try await app.testing().test(.GET, "api/v1/people/\(childID)", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .forbidden)
                #expect(res.errorCode == "restricted")
                #expect((res.json["error"] as? [String: Any])?["message"] as? String == "this record is restricted; ask Test Team manager for access")
            }
            try await app.testing().test(.GET, "api/v1/contacts/\(contact)", headers: f.auth(.assistantTeamManager)) { res in
                #expect(res.errorCode == "restricted")
            }
            try await step(app, f, .triageWorker, contact, "rag", ["rag": "red"], expect: .forbidden)
            try await app.testing().test(.GET, "api/v1/people/search?la=850&familyName=Testchild&dateOfBirth=2018-03-05", headers: f.auth(.triageWorker)) { res in
                let first = (res.json["results"] as? [[String: Any]])?.first
                let person = first?["person"] as? [String: Any]
                #expect(person?["id"] as? String == childID)
                #expect(person?["givenName"] as? String == "Restricted")
                #expect(person?["dateOfBirth"] is NSNull)
                #expect((person?["restricted"] as? [String: Any])?["ask"] as? String == "Test Team manager")
            }
            try await app.testing().test(.GET, "api/v1/contacts?la=850", headers: f.auth(.triageWorker)) { res in
                let item = (res.json["contacts"] as? [[String: Any]])?.first
                #expect(item?["children"] as? [String] == ["Restricted record"])
            }
            var body = minimalContact()
            body["children"] = [["personId": childID]]
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["children[0].personId"])
            })
            // Lifting it opens the record again.
            try await app.testing().test(.DELETE, "api/v1/people/\(childID)/restriction", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "api/v1/people/\(childID)", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
            }
        }
    }
}

@Suite("Subject access")
struct SubjectAccessTests {
    @Test("a manager exports everything held about a child, as JSON and as a printable page", arguments: TestDatabase.all)
    func export(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            var body = minimalContact(family: "O'Brien<b>")
            body["adults"] = [["givenName": "Mum", "familyName": "O'Brien<b>"]]
            var contactID = ""
            var childID = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                contactID = res.json["id"] as? String ?? ""
                childID = (res.json["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            })
            try await step(app, f, .teamManager, contactID, "decision", ["outcome": "closed", "reason": "Advice given to mother."], expect: .ok)
            try await app.testing().test(.GET, "api/v1/people/\(childID)/subject-access", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.GET, "api/v1/people/\(childID)/subject-access", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .ok)
                #expect((res.json["person"] as? [String: Any])?["familyName"] as? String == "O'Brien<b>")
                let contacts = res.json["contacts"] as? [[String: Any]] ?? []
                #expect(contacts.map { $0["id"] as? String } == [contactID])
                #expect(contacts.first?["summary"] as? String == "Police attended a domestic incident; the child was present.")
                #expect((res.json["household"] as? [[String: Any]])?.count == 1)
                let history = (res.json["contactHistory"] as? [String: Any])?[contactID] as? [[String: Any]] ?? []
                #expect(history.map { $0["action"] as? String } == ["receive", "decide"])
            }
            try await app.testing().test(.GET, "api/v1/people/\(childID)/subject-access?format=html", headers: f.auth(.teamManager)) { res in
                #expect(res.headers.contentType == .html)
                #expect(res.body.string.contains("O'Brien&lt;b&gt;"))
                #expect(!res.body.string.contains("<b>"))
                #expect(res.body.string.contains("Police attended a domestic incident"))
            }
            let audit = try await AuditEventModel.query(on: app.db).filter(\.$action == "subject-access-export").count()
            #expect(audit == 2)
        }
    }
}
