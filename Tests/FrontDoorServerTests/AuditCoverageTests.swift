import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Audit coverage and hostile input")
struct AuditCoverageTests {
    /// One successful call of every API route that reads or changes a person or a contact.
    static func calls(contact: String, child: String, other: String, worker: String, referral: String, social: String) -> [(HTTPMethod, String, [String: Any]?)] {
        [
            (.GET, "/api/v1/referrals", nil),
            (.GET, "/api/v1/referrals/\(referral)", nil),
            (.GET, "/api/v1/referrals/\(referral)/events", nil),
            (.POST, "/api/v1/referrals/\(referral)/consent", ["status": "given"]),
            (.POST, "/api/v1/referrals/\(referral)/information-requests", ["agency": "police", "question": "Known?", "dueAt": "2026-11-05T10:00:00Z"]),
            (.GET, "/api/v1/referrals/\(referral)/information-requests", nil),
            (.POST, "/api/v1/referrals/\(referral)/allocate", ["workerId": social]),
            (.POST, "/api/v1/referrals/\(referral)/analysis", ["informationGathered": "g", "analysis": "a", "recommendation": "closed"]),
            (.POST, "/api/v1/referrals/\(referral)/return", ["reason": "more"]),
            (.POST, "/api/v1/referrals/\(referral)/strategy-discussions", ["scheduledAt": "2026-11-04T11:00:00Z"]),
            (.GET, "/api/v1/strategy-discussions?date=2026-11-04", nil),
            (.POST, "/api/v1/referrals/\(referral)/decision", ["outcome": "strategy-discussion", "reason": "risk"]),
            (.PATCH, "/api/v1/referrals/\(referral)/dates", ["s47StartedAt": "2026-11-04"]),
            (.GET, "/api/v1/contacts", nil),
            (.GET, "/api/v1/contacts/\(contact)", nil),
            (.GET, "/api/v1/contacts/\(contact)/events", nil),
            (.GET, "/api/v1/contacts/\(contact)/access-log", nil),
            (.POST, "/api/v1/contacts", minimalContact()),
            (.POST, "/api/v1/contacts/\(contact)/rag", ["rag": "amber"]),
            (.POST, "/api/v1/contacts/\(contact)/assign", ["workerId": worker]),
            (.POST, "/api/v1/contacts/\(contact)/submit", ["strengths": "s", "risks": "r", "proposedOutcome": "closed"]),
            (.POST, "/api/v1/contacts/\(contact)/return", ["reason": "more research"]),
            (.POST, "/api/v1/contacts/\(contact)/decision", ["outcome": "closed", "reason": "NFA"]),
            (.GET, "/api/v1/people/search?la=850&familyName=Testchild", nil),
            (.POST, "/api/v1/people", ["la": "850", "person": ["givenName": "New", "familyName": "Person"]]),
            (.GET, "/api/v1/people/\(child)", nil),
            (.GET, "/api/v1/people/\(child)/access-log", nil),
            (.GET, "/api/v1/people/\(child)/subject-access", nil),
            (.POST, "/api/v1/people/\(child)/household", ["personId": other, "relationship": "sibling"]),
            (.PUT, "/api/v1/people/\(other)/restriction", ["reason": "High-profile case"]),
            (.DELETE, "/api/v1/people/\(other)/restriction", nil),
            (.GET, "/api/v1/people/\(child)/research", nil),
            (.GET, "/api/v1/people/duplicates?la=850", nil),
            (.POST, "/api/v1/people/\(child)/merge", ["duplicateId": other, "reason": "One child recorded twice."]),
            (.GET, "/api/v1/people/merges?la=850", nil),
        ]
    }

    @Test("every route that reads or changes a person or a contact writes an audit row naming the signed-in user", arguments: TestDatabase.all)
    func everyRouteAudited(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let contact = try await createContact(app, f)
            var child = ""
            try await app.testing().test(.GET, "api/v1/contacts/\(contact)", headers: f.auth(.teamManager)) { res in
                child = (res.json["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            }
            var other = ""
            try await app.testing().test(.POST, "api/v1/people", beforeRequest: { req in
                req.headers = f.auth(.teamManager)
                try req.json(["la": "850", "person": ["givenName": "Sibling", "familyName": "Testchild"]])
            }, afterResponse: { res in other = res.json["id"] as? String ?? "" })
            let referral = try #require(try await ReferralAPITests.referContact(app, f).first)
            let calls = Self.calls(contact: contact, child: child, other: other, worker: try #require(f.userIDs[.triageWorker]).uuidString,
                                   referral: referral, social: try #require(f.userIDs[.mashSocialWorker]).uuidString)
            // Every such route is in the table, so a new one cannot slip through unaudited.
            let personal = app.routes.all.filter { route in
                let path = route.path.map(\.description)
                return path.first == "api" && (path.contains("contacts") || path.contains("people") || path.contains("referrals") || path.contains("strategy-discussions"))
            }
            let covered = Set(calls.map { call in
                "\(call.0.rawValue) " + call.1.split(separator: "?")[0].replacingOccurrences(of: contact, with: ":contactID")
                    .replacingOccurrences(of: child, with: ":personID").replacingOccurrences(of: other, with: ":personID")
                    .replacingOccurrences(of: referral, with: ":referralID")
            })
            // The strategy discussion's own record route and undoing a merge are exercised in their
            // own tests (PeopleResearchTests checks the undo's audit rows); their ids are made there.
            #expect(Set(personal.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") })
                .subtracting(["POST /api/v1/strategy-discussions/:discussionID/record", "POST /api/v1/people/merges/:mergeID/undo"]) == covered)
            for (method, path, body) in calls {
                let before = try await AuditEventModel.query(on: app.db).count()
                try await app.testing().test(method, path, beforeRequest: { req in
                    req.headers = f.auth(.teamManager)
                    if let body { try req.json(body) }
                }, afterResponse: { res in
                    #expect(res.status.code < 300, "\(method) \(path): \(res.body.string)")
                })
                let rows = try await AuditEventModel.query(on: app.db).filter(\.$seq > before).all()
                #expect(!rows.isEmpty, "\(method) \(path) wrote no audit row")
                #expect(rows.allSatisfy { $0.actorID == f.userIDs[.teamManager] }, "\(method) \(path)")
            }
            // No audit row ever carries the narrative.
            let all = try await AuditEventModel.query(on: app.db).all()
            #expect(!all.contains { ($0.changes ?? "").contains("domestic incident") })
            #expect(try await AuditLog.verify(on: app.db) == .intact(rows: all.count))
        }
    }

    @Test("over-long, oversized and hostile input is refused or made harmless, never a 5xx", arguments: TestDatabase.all)
    func hostileInput(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            var body = minimalContact()
            body["summary"] = String(repeating: "x", count: ContactInput.maxNarrative + 1)
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["summary"])
            })
            // Through a real listening server, where the body size limit applies as the body streams in.
            try await app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000...40_000))).test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                req.headers.contentType = .json
                req.body = ByteBuffer(string: "{\"summary\": \"" + String(repeating: "y", count: 3_000_000) + "\"}")
            }, afterResponse: { res in
                #expect(res.status == .payloadTooLarge)
            })
            for hostile in ["'; DROP TABLE people; --", "Robert') OR 1=1 --", "%00", "<script>alert(1)</script>", String(repeating: "é", count: 99)] {
                let query = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                try await app.testing().test(.GET, "api/v1/people/search?la=850&familyName=\(query)", headers: f.auth(.triageWorker)) { res in
                    #expect(res.status == .ok || res.status == .unprocessableEntity, "\(hostile): \(res.status)")
                }
            }
            // A name with markup is stored as written and comes back as data, not markup.
            body = minimalContact(given: "<script>alert(1)</script>")
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .created)
                #expect((res.json["children"] as? [[String: Any]])?.first?["givenName"] as? String == "<script>alert(1)</script>")
                #expect(res.headers.contentType == .json)
            })
            #expect(try await PersonModel.query(on: app.db).count() == 1)
            try await app.testing().test(.GET, "api/v1/contacts/\(UUID().uuidString)/events", headers: f.header(String(repeating: "A", count: 10_000))) { res in
                #expect(res.status == .unauthorized)
            }
        }
    }
}
