import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import SQLKit
import Testing
import VaporTesting

@Suite("Finding the child: blocking keys, the research view, duplicates and reversible merges")
struct PeopleResearchTests {
    static func createPerson(_ app: Application, _ f: Fixture, _ person: [String: Any], role: Role = .triageWorker, confirming: [UUID] = []) async throws -> String {
        var id = ""
        try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
            req.headers = f.auth(role)
            try req.json(["la": "850", "person": person, "notDuplicateOf": confirming.map(\.uuidString)])
        }, afterResponse: { res in
            #expect(res.status == .created, "\(res.body.string)")
            id = res.json["id"] as? String ?? ""
        })
        return id
    }

    static func search(_ app: Application, _ f: Fixture, _ query: String) async throws -> [[String: Any]] {
        var results: [[String: Any]] = []
        try await app.testing().test(.GET, "api/v1/people/search?la=850&\(query)", headers: f.auth(.triageWorker)) { res in
            #expect(res.status == .ok)
            results = res.json["results"] as? [[String: Any]] ?? []
        }
        return results
    }

    @Test("every person written has exactly the blocking keys of their details, and search finds them through the keys", arguments: TestDatabase.all)
    func keysKept(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let katie = try await Self.createPerson(app, f, ["givenName": "Katie", "familyName": "Ashworth", "dateOfBirth": "2016-04-09", "postcode": "SO23 8UJ"])
            let contact = try await createContact(app, f)
            let child = try #require(try await ContactPersonModel.query(on: app.db).filter(\.$contactID == UUID(uuidString: contact)!).first()).personID
            for id in [try #require(UUID(uuidString: katie)), child] {
                let person = try #require(try await PersonModel.find(id, on: app.db))
                #expect(try await PersonKeys.keys(of: id, on: app.db) == Blocking.keys(for: person.details).sorted())
            }
            // A variant first name, a misspelt surname and day and month swapped: no field agrees
            // exactly, yet the keys bring her back and the model ranks her first.
            let found = try await Self.search(app, f, "givenName=Catherine&familyName=Ashworth&dateOfBirth=2016-09-04")
            #expect((found.first?["person"] as? [String: Any])?["id"] as? String == katie)
            let typo = try await Self.search(app, f, "givenName=Katie&familyName=Ashwort&dateOfBirth=2016-04-09")
            #expect((typo.first?["person"] as? [String: Any])?["id"] as? String == katie)
        }
    }

    @Test("the research view: contacts and referrals with outcomes, the open case and status, the household with its own history, a chronology — and it is audited", arguments: TestDatabase.all)
    func research(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referrals = try await ReferralAPITests.referContact(app, f, childProtection: true)
            let referral = try #require(referrals.first)
            try await ReferralAPITests.referralStep(app, f, .teamManager, referral, "decision", ["outcome": "strategy-discussion", "reason": "Injury to a baby."], expect: .ok)
            let model = try #require(try await ReferralModel.find(UUID(uuidString: referral), on: app.db))
            let child = model.childID
            let sibling = try #require(try await ReferralModel.find(UUID(uuidString: referrals[1]), on: app.db)).childID
            try await app.testing().test(.POST, "api/v1/people/\(child)/household", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["personId": sibling.uuidString, "relationship": "sibling"])
            }, afterResponse: { res in #expect(res.status == .created) })

            try await app.testing().test(.GET, "api/v1/people/\(child)/research", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok, "\(res.body.string)")
                let body = res.json
                #expect(body["status"] as? String == "child-in-need")
                #expect((body["openCases"] as? [[String: Any]])?.first?["basis"] as? String == "referral")
                #expect((body["contacts"] as? [[String: Any]])?.count == 1)
                #expect((body["contacts"] as? [[String: Any]])?.first?["outcome"] as? String == "referral")
                #expect((body["referrals"] as? [[String: Any]])?.first?["outcome"] as? String == "strategy-discussion")
                let household = body["household"] as? [[String: Any]] ?? []
                #expect(household.count == 1)
                #expect((household.first?["history"] as? [String: Any])?["referrals"] as? Int == 1)
                let kinds = (body["chronology"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
                #expect(kinds == ["referral-decision", "referral", "contact-decision", "contact"])
            }
            let audited = try await AuditEventModel.query(on: app.db).filter(\.$action ~~ ["research", "read"]).filter(\.$recordID ~~ [child, sibling]).all()
            #expect(Set(audited.map { "\($0.action) \($0.recordID == child ? "child" : "sibling")" }) == ["research child", "read sibling"])

            // A contact on the child now arrives on an open case, derived from the referral.
            var body = minimalContact(receivedAt: "2026-11-04T10:00:00Z")
            body["children"] = [["personId": child.uuidString]]
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .created, "\(res.body.string)")
                #expect(res.json["openCaseAtReceipt"] as? Bool == true)
            })
            // Partner officers and analysts may not research anyone.
            for role in [Role.partnerAgencyOfficer, .analyst] {
                try await app.testing().test(.GET, "api/v1/people/\(child)/research", headers: f.auth(role)) { res in #expect(res.status == .forbidden) }
            }
        }
    }

    /// Every row naming either person, as text, to compare before and after.
    static func snapshot(_ app: Application, _ people: [UUID]) async throws -> [String] {
        var rows: [String] = []
        for r in try await ContactPersonModel.query(on: app.db).filter(\.$personID ~~ people).all() {
            rows.append("cp \(r.id!) \(r.contactID) \(r.personID) \(r.role) \(r.position)")
        }
        for l in try await HouseholdLinkModel.query(on: app.db).group(.or, { $0.filter(\.$personID ~~ people).filter(\.$otherID ~~ people) }).all() {
            rows.append("hl \(l.id!) \(l.personID) \(l.otherID) \(l.relationship)")
        }
        for r in try await ReferralModel.query(on: app.db).filter(\.$childID ~~ people).all() { rows.append("rf \(r.id!) \(r.childID)") }
        for p in people { rows.append("keys \(p) \(try await PersonKeys.keys(of: p, on: app.db))") }
        return rows.sorted()
    }

    @Test("the same NHS number on two records raises an alert; a manager merges them and undoes the merge exactly", arguments: TestDatabase.all)
    func mergeAndUndo(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referrals = try await ReferralAPITests.referContact(app, f)
            let survivor = try #require(try await ReferralModel.find(UUID(uuidString: referrals[0]), on: app.db)).childID
            let sibling = try #require(try await ReferralModel.find(UUID(uuidString: referrals[1]), on: app.db)).childID
            let person = try #require(try await PersonModel.find(survivor, on: app.db))
            person.nhsNumber = "9434765919"
            try await person.save(on: app.db)
            // As every write of a person does: the blocking keys follow the record.
            try await PersonKeys.index([person], on: app.db)
            // The same child recorded again, with the same NHS number, named in another contact
            // together with the survivor's sibling, and linked to the sibling and the survivor.
            // Recording the same child again is refused until the user confirms it is a different child.
            var duplicateText = ""
            let again: [String: Any] = ["givenName": "Eva", "familyName": "Referred", "dateOfBirth": "2018-03-05", "nhsNumber": "943 476 5919"]
            try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["la": "850", "person": again])
            }, afterResponse: { res in
                #expect(res.status == .conflict)
                #expect((res.json["error"] as? [String: Any])?["code"] as? String == "possible-duplicate")
                #expect(res.body.string.contains(survivor.uuidString))
            })
            try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["la": "850", "person": again, "notDuplicateOf": [survivor.uuidString]])
            }, afterResponse: { res in
                #expect(res.status == .created)
                duplicateText = res.json["id"] as? String ?? ""
            })
            let duplicate = try #require(UUID(uuidString: duplicateText))
            var body = minimalContact(receivedAt: "2026-11-04T09:45:00Z")
            body["children"] = [["personId": duplicateText], ["personId": sibling.uuidString]]
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in #expect(res.status == .created) })
            // And a contact naming both records (the school reported the child under both names).
            body["children"] = [["personId": duplicateText], ["personId": survivor.uuidString]]
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in #expect(res.status == .created) })
            for (a, b) in [(duplicate, sibling), (survivor, duplicate)] {
                try await app.testing().test(.POST, "api/v1/people/\(a)/household", beforeRequest: { req in
                    req.headers = f.auth(.triageWorker)
                    try req.json(["personId": b.uuidString, "relationship": "sibling"])
                }, afterResponse: { res in #expect(res.status == .created) })
            }

            try await app.testing().test(.GET, "api/v1/people/\(survivor)", headers: f.auth(.triageWorker)) { res in
                #expect((res.json["alerts"] as? [[String: Any]])?.map { $0["personId"] as? String } == [duplicateText])
            }
            try await app.testing().test(.GET, "api/v1/people/duplicates?la=850", headers: f.auth(.teamManager)) { res in
                let clashes = res.json["duplicates"] as? [[String: Any]] ?? []
                #expect(clashes.count == 1)
                #expect(Set((clashes.first?["people"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == [survivor.uuidString, duplicateText])
            }
            let before = try await Self.snapshot(app, [survivor, duplicate, sibling])
            #expect(try await contactsWithChildrenMiscounted(app).isEmpty)
            let naming = { (person: UUID) in Set(try await ContactPersonModel.query(on: app.db).filter(\.$personID == person).all().map(\.contactID)) }
            let namingBoth = try #require(try await naming(survivor).intersection(naming(duplicate)).first)
            #expect(try await ContactModel.find(namingBoth, on: app.db)?.childrenNamed == 2)

            // Triage workers may not merge; a reason is required.
            for (role, status) in [(Role.triageWorker, HTTPStatus.forbidden), (.teamManager, .unprocessableEntity)] {
                try await app.testing().test(.POST, "api/v1/people/\(survivor)/merge", beforeRequest: { req in
                    req.headers = f.auth(role)
                    try req.json(["duplicateId": duplicateText])
                }, afterResponse: { res in #expect(res.status == status) })
            }
            var mergeID = ""
            try await app.testing().test(.POST, "api/v1/people/\(survivor)/merge", beforeRequest: { req in
                req.headers = f.auth(.teamManager)
                try req.json(["duplicateId": duplicateText, "reason": "Same child: same NHS number, date of birth and school."])
            }, afterResponse: { res in
                #expect(res.status == .created, "\(res.body.string)")
                mergeID = res.json["id"] as? String ?? ""
                let moved = res.json["moved"] as? [String: Any] ?? [:]
                #expect(moved["contacts"] as? Int == 1)
                // The link with the sibling moves; the link between the two records and the
                // duplicate's place on the contact naming both are set aside.
                #expect(moved["householdLinks"] as? Int == 1)
                #expect(moved["setAside"] as? Int == 2)
            })
            // The contact that named both now names one child, and counts once in the reports.
            #expect(try await ContactModel.find(namingBoth, on: app.db)?.childrenNamed == 1)
            #expect(try await contactsWithChildrenMiscounted(app).isEmpty)
            // Everything is on the survivor; the duplicate is out of search and has no keys.
            #expect(try await ContactPersonModel.query(on: app.db).filter(\.$personID == duplicate).count() == 0)
            #expect(try await HouseholdLinkModel.query(on: app.db).group(.or, { $0.filter(\.$personID == duplicate).filter(\.$otherID == duplicate) }).count() == 0)
            #expect(try await PersonKeys.keys(of: duplicate, on: app.db).isEmpty)
            let found = try await Self.search(app, f, "nhsNumber=9434765919")
            #expect(found.compactMap { ($0["person"] as? [String: Any])?["id"] as? String } == [survivor.uuidString])
            try await app.testing().test(.GET, "api/v1/people/\(survivor)/research", headers: f.auth(.teamManager)) { res in
                #expect((res.json["contacts"] as? [[String: Any]])?.count == 3)
                #expect((res.json["alerts"] as? [[String: Any]])?.isEmpty == true)
            }
            // A second merge of the same record is refused.
            try await app.testing().test(.POST, "api/v1/people/\(sibling)/merge", beforeRequest: { req in
                req.headers = f.auth(.teamManager)
                try req.json(["duplicateId": duplicateText, "reason": "again"])
            }, afterResponse: { res in #expect(res.status == .conflict) })

            try await app.testing().test(.POST, "api/v1/people/merges/\(mergeID)/undo", beforeRequest: { req in
                req.headers = f.auth(.teamManager)
                try req.json(["reason": "Twins, not one child: the NHS number was mistyped."])
            }, afterResponse: { res in
                #expect(res.status == .ok, "\(res.body.string)")
                #expect(res.json["undoReason"] as? String == "Twins, not one child: the NHS number was mistyped.")
            })
            #expect(try await Self.snapshot(app, [survivor, duplicate, sibling]) == before)
            #expect(try await ContactModel.find(namingBoth, on: app.db)?.childrenNamed == 2)
            #expect(try await contactsWithChildrenMiscounted(app).isEmpty)
            try await app.testing().test(.POST, "api/v1/people/merges/\(mergeID)/undo", beforeRequest: { req in
                req.headers = f.auth(.teamManager)
                try req.json(["reason": "again"])
            }, afterResponse: { res in #expect(res.status == .conflict) })
            try await app.testing().test(.GET, "api/v1/people/merges?la=850", headers: f.auth(.teamManager)) { res in
                let merges = res.json["merges"] as? [[String: Any]] ?? []
                #expect(merges.count == 1)
                #expect(merges.first?["undoneAt"] is String)
            }
            let actions = try await AuditEventModel.query(on: app.db).filter(\.$recordID == duplicate).all().map(\.action)
            #expect(actions.contains("merge") && actions.contains("unmerge"))
        }
    }
}
