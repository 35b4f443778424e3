import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Contacts through the API")
struct ContactAPITests {
    @Test("a contact is recorded with its clocks and the children it names", arguments: TestDatabase.all)
    func recordContact(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            // MUT
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(minimalContact())
            }, afterResponse: { res in
                // validate
                #expect(res.status == .created)
                let body = res.json
                #expect(body["state"] as? String == "received")
                #expect(body["la"] as? String == "850")
                #expect(body["sourceGroup"] as? String == "police")
                #expect(body["openCaseAtReceipt"] as? Bool == false)
                // Unrated: 1,440 working minutes = three working days from 09:30 Wednesday.
                #expect(body["decisionDueAt"] as? String == "2026-11-09T09:30:00Z")
                #expect(body["oneWorkingDayDueAt"] as? String == "2026-11-05T09:30:00Z")
                #expect(body["breached"] as? Bool == false)
                let children = body["children"] as? [[String: Any]] ?? []
                #expect(children.count == 1)
                #expect(children.first?["familyName"] as? String == "Testchild")
                #expect(children.first?["ref"] is NSNull)
            })
        }
    }

    @Test("a red contact received at 16:00 on the Friday before the August bank holiday is due at 12:00 on Tuesday", arguments: TestDatabase.all)
    func bankHolidayClock(db: TestDatabase) async throws {
        let monday = ISO8601DateFormatter().date(from: "2026-08-31T10:00:00Z")!
        try await withTestApp(db, now: monday) { app, f in
            var id = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(minimalContact(receivedAt: "2026-08-28T16:00:00+01:00"))
            }, afterResponse: { res in
                #expect(res.status == .created)
                id = res.json["id"] as? String ?? ""
            })
            try await app.testing().test(.POST, "api/v1/contacts/\(id)/rag", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["rag": "red"])
            }, afterResponse: { res in
                #expect(res.status == .ok)
                #expect(res.json["rag"] as? String == "red")
                // 12:00 BST on Tuesday 1 September 2026.
                #expect(res.json["decisionDueAt"] as? String == "2026-09-01T11:00:00Z")
                // An hour of Friday has passed; 180 working minutes remain on the bank holiday.
                #expect(res.json["workingMinutesRemaining"] as? Int == 180)
            })
            // Clearing the rating puts the contact back on the 1,440-minute clock.
            try await app.testing().test(.POST, "api/v1/contacts/\(id)/rag", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(["rag": NSNull()])
            }, afterResponse: { res in
                #expect(res.status == .ok)
                #expect(res.json["rag"] is NSNull)
                #expect(res.json["decisionDueAt"] as? String == "2026-09-03T15:00:00Z")
            })
        }
    }

    @Test("a contact goes from receipt through screening to a manager's decision, each step recorded", arguments: TestDatabase.all)
    func fullFlow(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            try await step(app, f, .triageWorker, id, "assign", [:], expect: .ok) { body in
                #expect(body["state"] as? String == "in-screening")
                #expect((body["assignedTo"] as? [String: Any])?["name"] as? String == "Test Triage worker")
            }
            // A triage worker may not decide.
            try await step(app, f, .triageWorker, id, "decision", ["outcome": "closed", "reason": "NFA"], expect: .forbidden)
            try await step(app, f, .triageWorker, id, "submit", [
                "strengths": "Mother sought help.", "risks": "Repeated incidents.", "proposedOutcome": "referral", "rag": "amber",
            ], expect: .ok) { body in
                #expect(body["state"] as? String == "awaiting-decision")
                #expect(body["rag"] as? String == "amber")
                #expect((body["caseSummary"] as? [String: Any])?["proposedOutcome"] as? String == "referral")
            }
            f.clock.set(wednesdayMorning.addingTimeInterval(3600))
            try await step(app, f, .teamManager, id, "decision", ["outcome": "referral", "reason": "Threshold met for a referral."], expect: .ok) { body in
                #expect(body["state"] as? String == "decided")
                let decision = body["decision"] as? [String: Any]
                #expect(decision?["outcome"] as? String == "referral")
                #expect(decision?["decidedAt"] as? String == "2026-11-04T11:00:00Z")
                #expect((decision?["decidedBy"] as? [String: Any])?["name"] as? String == "Test Team manager")
                #expect(body["breached"] as? Bool == false)
            }
            // The clock stopped at the decision: time passing changes nothing.
            f.clock.set(wednesdayMorning.addingTimeInterval(20 * 86_400))
            try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(.triageWorker)) { res in
                #expect(res.json["breached"] as? Bool == false)
                #expect(res.json["oneWorkingDayBreached"] as? Bool == false)
            }
            // Nothing moves a decided contact.
            try await step(app, f, .teamManager, id, "decision", ["outcome": "closed", "reason": "again"], expect: .conflict) { body in
                #expect((body["error"] as? [String: Any])?["code"] as? String == "contact-decided")
            }
            try await step(app, f, .triageWorker, id, "rag", ["rag": "red"], expect: .conflict)
            try await app.testing().test(.GET, "api/v1/contacts/\(id)/events", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
                let events = res.jsonArray
                #expect(events.map { $0["action"] as? String } == ["receive", "assign", "submit", "decide"])
                #expect(events.last?["toState"] as? String == "decided")
                #expect((events.last?["by"] as? [String: Any])?["name"] as? String == "Test Team manager")
            }
        }
    }

    @Test("impossible steps are refused with 409 and a reason", arguments: TestDatabase.all)
    func impossibleSteps(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            try await step(app, f, .triageWorker, id, "submit", ["strengths": "s", "risks": "r", "proposedOutcome": "closed"], expect: .conflict) { body in
                let message = (body["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains("assign"))
            }
            try await step(app, f, .teamManager, id, "return", ["reason": "more research"], expect: .conflict)
            // A manager may decide a contact straight from receipt (passed to an open case's worker).
            try await step(app, f, .assistantTeamManager, id, "decision", ["outcome": "other", "reason": "Passed to allocated worker."], expect: .ok)
        }
    }

    @Test("two people saving the same contact: the second is told it changed", arguments: TestDatabase.all)
    func staleVersion(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            try await step(app, f, .triageWorker, id, "rag", ["rag": "green", "version": 1], expect: .ok) { body in
                #expect(body["version"] as? Int == 2)
            }
            try await step(app, f, .mashSocialWorker, id, "rag", ["rag": "red", "version": 1], expect: .conflict) { body in
                #expect((body["error"] as? [String: Any])?["code"] as? String == "stale")
            }
        }
    }

    @Test("a manager allocates to a triage worker; a triage worker cannot allocate to others", arguments: TestDatabase.all)
    func allocation(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            let worker = f.userIDs[.triageWorker]!.uuidString
            try await step(app, f, .mashSocialWorker, id, "assign", ["workerId": worker], expect: .forbidden)
            try await step(app, f, .teamManager, id, "assign", ["workerId": f.userIDs[.analyst]!.uuidString], expect: .unprocessableEntity)
            try await step(app, f, .teamManager, id, "assign", ["workerId": worker], expect: .ok) { body in
                #expect((body["assignedTo"] as? [String: Any])?["id"] as? String == worker)
            }
        }
    }

    @Test("bad input is a 4xx naming the field, never a 5xx", arguments: TestDatabase.all)
    func badInput(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            var body = minimalContact()
            body["source"] = "99"
            body["children"] = [["givenName": "Ava", "dateOfBirth": "2031-01-01", "nhsNumber": "1234567890"]]
            body["receivedAt"] = "yesterday"
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.errorCode == "invalid")
                #expect(Set(res.problemFields) == [
                    "receivedAt", "source", "children[0].familyName", "children[0].dateOfBirth", "children[0].nhsNumber",
                ])
            })
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                var noChildren = minimalContact()
                noChildren["children"] = []
                try req.json(noChildren)
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["children"])
            })
            // The wrong JSON type names the field.
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                var wrongType = minimalContact()
                wrongType["source"] = 6
                try req.json(wrongType)
            }, afterResponse: { res in
                #expect(res.status == .badRequest)
                #expect(res.problemFields == ["source"])
            })
            // Not JSON at all.
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                req.headers.contentType = .json
                req.body = ByteBuffer(string: "{\"la\": ")
            }, afterResponse: { res in
                #expect(res.status == .badRequest)
            })
            try await app.testing().test(.GET, "api/v1/contacts/not-a-uuid", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .notFound)
                #expect(res.errorCode == "not-found")
            }
            try await step(app, f, .teamManager, UUID().uuidString, "decision", ["outcome": "closed", "reason": "x"], expect: .notFound)
            let id = try await createContact(app, f)
            try await step(app, f, .teamManager, id, "decision", ["outcome": "maybe"], expect: .unprocessableEntity) { body in
                let fields = ((body["error"] as? [String: Any])?["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields == ["outcome", "reason"])
            }
            try await step(app, f, .triageWorker, id, "rag", [:], expect: .unprocessableEntity)
        }
    }

    @Test("a child with an open case makes the contact one on an open case", arguments: TestDatabase.all)
    func openCase(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let la = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first())
            let child = PersonModel(laID: try la.requireID(), details: PersonDetails(givenName: "Leo", familyName: "Casefile"))
            try await child.save(on: app.db)
            try await CaseEpisodeModel(
                laID: try la.requireID(), personID: try child.requireID(), kind: "child-in-need",
                openedAt: wednesdayMorning.addingTimeInterval(-86_400 * 60), allocatedWorker: "Allocated Worker"
            ).save(on: app.db)
            var body = minimalContact()
            body["children"] = [["personId": try child.requireID().uuidString]]
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .created)
                #expect(res.json["openCaseAtReceipt"] as? Bool == true)
                #expect((res.json["children"] as? [[String: Any]])?.first?["id"] as? String == child.id?.uuidString)
            })
            // A contact received before the case opened was not on an open case.
            body["receivedAt"] = "2026-06-01T10:00:00+01:00"
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .created)
                #expect(res.json["openCaseAtReceipt"] as? Bool == false)
            })
        }
    }

    @Test("the queue lists undecided contacts by time remaining", arguments: TestDatabase.all)
    func queue(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let green = try await createContact(app, f, receivedAt: "2026-11-04T09:00:00Z")
            let red = try await createContact(app, f, receivedAt: "2026-11-04T09:45:00Z")
            try await step(app, f, .triageWorker, green, "rag", ["rag": "green"], expect: .ok)
            try await step(app, f, .triageWorker, red, "rag", ["rag": "red"], expect: .ok)
            let decided = try await createContact(app, f)
            try await step(app, f, .teamManager, decided, "decision", ["outcome": "closed", "reason": "NFA"], expect: .ok)
            try await app.testing().test(.GET, "api/v1/contacts?la=850", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
                let ids = (res.json["contacts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids == [red, green])
            }
            // The page holds the soonest due, not the oldest received.
            try await app.testing().test(.GET, "api/v1/contacts?la=850&limit=1", headers: f.auth(.triageWorker)) { res in
                #expect((res.json["contacts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [red])
            }
            try await app.testing().test(.GET, "api/v1/contacts?state=decided", headers: f.auth(.triageWorker)) { res in
                #expect((res.json["contacts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [decided])
            }
            try await app.testing().test(.GET, "api/v1/contacts?limit=abc", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["limit"])
            }
        }
    }
}

// MARK: helpers

func createContact(_ app: Application, _ f: Fixture, receivedAt: String = "2026-11-04T09:30:00Z") async throws -> String {
    var id = ""
    try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
        req.headers = f.auth(.triageWorker)
        try req.json(minimalContact(receivedAt: receivedAt))
    }, afterResponse: { res in
        #expect(res.status == .created)
        id = res.json["id"] as? String ?? ""
    })
    return id
}

func step(
    _ app: Application, _ f: Fixture, _ role: Role, _ id: String, _ action: String, _ body: [String: Any],
    expect status: HTTPStatus, sourceLocation: SourceLocation = #_sourceLocation, _ check: ([String: Any]) -> Void = { _ in }
) async throws {
    try await app.testing().test(.POST, "api/v1/contacts/\(id)/\(action)", beforeRequest: { req in
        req.headers = f.auth(role)
        try req.json(body)
    }, afterResponse: { res in
        #expect(res.status == status, "\(action) as \(role.rawValue): \(res.body.string)", sourceLocation: sourceLocation)
        check(res.json)
    })
}
