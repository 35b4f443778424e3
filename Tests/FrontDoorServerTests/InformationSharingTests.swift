import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Information sharing with partner agencies")
struct InformationSharingTests {
    static func request(_ app: Application, _ f: Fixture, _ role: Role, _ referral: String, _ body: [String: Any], expect status: HTTPStatus,
                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        var json: [String: Any] = [:]
        try await app.testing().test(.POST, "api/v1/referrals/\(referral)/information-requests", beforeRequest: { req in
            req.headers = f.auth(role)
            try req.json(body)
        }, afterResponse: { res in
            #expect(res.status == status, "\(res.body.string)", sourceLocation: sourceLocation)
            json = res.json
        })
        return json
    }

    @Test("a request to the police is answered by the police; health cannot see it; staff see the answer", arguments: TestDatabase.all)
    func sealedHub(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referral = try #require(try await ReferralAPITests.referContact(app, f).first)
            // The minimal contact's consent was not recorded: record it as given first.
            try await ReferralAPITests.referralStep(app, f, .mashSocialWorker, referral, "consent", ["status": "given"], expect: .ok)
            let sent = try await Self.request(app, f, .mashSocialWorker, referral, [
                "agency": "police", "question": "Any incidents at this address in the last year?", "dueAt": "2026-11-05T10:00:00Z",
            ], expect: .created)
            #expect(sent["state"] as? String == "sent")
            #expect(sent["basis"] as? String == "consent")
            let id = try #require(sent["id"] as? String)
            var partner = HTTPHeaders()
            partner.bearerAuthorization = BearerAuthorization(token: try #require(f.tokens[.partnerAgencyOfficer]))
            try await app.testing().test(.GET, "api/v1/inbox", headers: partner) { res in
                let items = res.jsonArray
                #expect(items.count == 1)
                #expect(items.first?["question"] as? String == "Any incidents at this address in the last year?")
                #expect((items.first?["people"] as? [[String: Any]])?.first?["familyName"] as? String == "Referred")
                // Nothing of the hub's record travels with the request.
                #expect(!String(describing: items).contains("domestic incident"))
            }
            try await app.testing().test(.GET, "api/v1/inbox", headers: f.header(f.healthPartnerToken)) { res in
                #expect(res.jsonArray.isEmpty)
            }
            try await app.testing().test(.POST, "api/v1/inbox/\(id)/answer", beforeRequest: { req in
                req.headers = f.header(f.healthPartnerToken)
                try req.json(["answer": "Nothing known."])
            }, afterResponse: { res in #expect(res.status == .notFound) })
            // The partner cannot browse the hub.
            try await app.testing().test(.GET, "api/v1/referrals/\(referral)", headers: partner) { res in #expect(res.status == .forbidden) }
            try await app.testing().test(.POST, "api/v1/inbox/\(id)/answer", beforeRequest: { req in
                req.headers = partner
                try req.json(["answer": "Two call-outs in March; no arrests."])
            }, afterResponse: { res in
                #expect(res.status == .ok)
                #expect(res.json["state"] as? String == "answered")
                #expect(res.json["late"] as? Bool == false)
            })
            try await app.testing().test(.GET, "api/v1/referrals/\(referral)/information-requests", headers: f.auth(.mashSocialWorker)) { res in
                let first = res.jsonArray.first
                #expect(first?["answer"] as? String == "Two call-outs in March; no arrests.")
                #expect((first?["answeredBy"] as? [String: Any])?["name"] as? String == "Test Partner agency officer")
            }
        }
    }

    @Test("sharing without consent needs a safeguarding reason and a manager's approval; late answers show", arguments: TestDatabase.all)
    func withoutConsent(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referral = try #require(try await ReferralAPITests.referContact(app, f).first)
            try await ReferralAPITests.referralStep(app, f, .mashSocialWorker, referral, "consent", ["status": "refused", "reason": "Father refused."], expect: .ok)
            let question: [String: Any] = ["agency": "health", "question": "Is the baby registered with a GP?", "dueAt": "2026-11-04T11:00:00Z"]
            let refused = try await Self.request(app, f, .mashSocialWorker, referral, question, expect: .unprocessableEntity)
            #expect(((refused["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.first?["field"] as? String == "safeguardingReason")
            var withReason = question
            withReason["safeguardingReason"] = "Unexplained bruising to a non-mobile baby."
            let waiting = try await Self.request(app, f, .mashSocialWorker, referral, withReason, expect: .created)
            #expect(waiting["state"] as? String == "awaiting-approval")
            #expect(waiting["basis"] as? String == "safeguarding")
            let id = try #require(waiting["id"] as? String)
            try await app.testing().test(.GET, "api/v1/inbox", headers: f.header(f.healthPartnerToken)) { res in #expect(res.jsonArray.isEmpty) }
            try await app.testing().test(.POST, "api/v1/information-requests/\(id)/approve", headers: f.auth(.mashSocialWorker)) { res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.POST, "api/v1/information-requests/\(id)/approve", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .ok)
                #expect((res.json["approvedBy"] as? [String: Any])?["name"] as? String == "Test Team manager")
            }
            f.clock.set(RFC3339.parse("2026-11-04T12:00:00Z")!)
            try await app.testing().test(.GET, "api/v1/inbox", headers: f.header(f.healthPartnerToken)) { res in
                #expect(res.jsonArray.first?["late"] as? Bool == true)
            }
            // A manager's own request without consent is approved as it is sent.
            let direct = try await Self.request(app, f, .teamManager, referral, [
                "agency": "police", "question": "Any known risks?", "dueAt": "2026-11-05T12:00:00Z", "safeguardingReason": "Risk of significant harm.",
            ], expect: .created)
            #expect(direct["state"] as? String == "sent")
            try await app.testing().test(.GET, "api/v1/referrals/\(referral)/events", headers: f.auth(.teamManager)) { res in
                let actions = res.jsonArray.compactMap { $0["action"] as? String }
                #expect(actions.filter { $0 == "information-request" }.count == 2)
                #expect(actions.contains("information-request-approve"))
            }
            // Counted in reports: consent refused, and both requests shared without consent.
            try await app.testing().test(.GET, "api/v1/reports/information-sharing.csv?la=850&from=2026-11&to=2026-11", headers: f.auth(.analyst)) { res in
                let rows = Set(res.body.string.split(separator: "\n").map(String.init))
                #expect(rows.contains("2026-11,consent_refused,1"))
                #expect(rows.contains("2026-11,information_requests,2"))
                #expect(rows.contains("2026-11,shared_without_consent,2"))
                #expect(rows.contains("2026-11,unanswered_overdue,1"))
            }
        }
    }

    @Test("an authority adds its own partner agencies; requests go only to agencies it has", arguments: TestDatabase.all)
    func ownAgencies(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referral = try #require(try await ReferralAPITests.referContact(app, f).first)
            try await ReferralAPITests.referralStep(app, f, .mashSocialWorker, referral, "consent", ["status": "given"], expect: .ok)
            let question: [String: Any] = ["agency": "isva", "question": "Is an ISVA supporting the mother?", "dueAt": "2026-11-05T10:00:00Z"]
            _ = try await Self.request(app, f, .mashSocialWorker, referral, question, expect: .unprocessableEntity)
            try await app.testing().test(.PATCH, "api/v1/local-authorities/850", beforeRequest: { req in
                req.headers = f.auth(.administrator)
                try req.json(["agencies": ["isva", "lado", "Bad Code!", "police"]])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(res.problemFields) == ["agencies[2]", "agencies[3]"])
            })
            try await app.testing().test(.PATCH, "api/v1/local-authorities/850", beforeRequest: { req in
                req.headers = f.auth(.administrator)
                try req.json(["agencies": ["isva", "lado"]])
            }, afterResponse: { res in
                #expect((res.json["partnerAgencies"] as? [String])?.suffix(2) == ["isva", "lado"])
            })
            let sent = try await Self.request(app, f, .mashSocialWorker, referral, question, expect: .created)
            #expect(sent["agency"] as? String == "isva")
        }
    }
}
