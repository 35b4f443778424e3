import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Referrals through the API")
struct ReferralAPITests {
    /// A contact about two children, progressed to referral by a manager.
    static func referContact(_ app: Application, _ f: Fixture, childProtection: Bool = false, receivedAt: String = "2026-11-04T09:30:00Z") async throws -> [String] {
        var body = minimalContact(receivedAt: receivedAt)
        body["children"] = [
            ["givenName": "Ava", "familyName": "Referred", "dateOfBirth": "2018-03-05"],
            ["givenName": "Leo", "familyName": "Referred", "dateOfBirth": "2020-06-01"],
        ]
        var contact = ""
        try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
            req.headers = f.auth(.triageWorker)
            try req.json(body)
        }, afterResponse: { res in contact = res.json["id"] as? String ?? "" })
        try await step(app, f, .teamManager, contact, "decision", ["outcome": "referral", "reason": "Threshold met.", "childProtection": childProtection], expect: .ok)
        var ids: [String] = []
        try await app.testing().test(.GET, "api/v1/referrals?la=850&state=unallocated", headers: f.auth(.mashSocialWorker)) { res in
            ids = (res.json["referrals"] as? [[String: Any]] ?? []).filter { $0["contactId"] as? String == contact }.compactMap { $0["id"] as? String }
        }
        return ids
    }

    static func referralStep(_ app: Application, _ f: Fixture, _ role: Role, _ id: String, _ action: String, _ body: [String: Any],
                             expect status: HTTPStatus, sourceLocation: SourceLocation = #_sourceLocation, _ check: ([String: Any]) -> Void = { _ in }) async throws {
        try await app.testing().test(.POST, "api/v1/referrals/\(id)/\(action)", beforeRequest: { req in
            req.headers = f.auth(role)
            try req.json(body)
        }, afterResponse: { res in
            #expect(res.status == status, "\(action) as \(role.rawValue): \(res.body.string)", sourceLocation: sourceLocation)
            check(res.json)
        })
    }

    @Test("progress to referral opens one referral per child, with its source and a two-working-day clock", arguments: TestDatabase.all)
    func opened(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let ids = try await Self.referContact(app, f)
            #expect(ids.count == 2)
            try await app.testing().test(.GET, "api/v1/referrals/\(ids[0])", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
                #expect(res.json["state"] as? String == "unallocated")
                #expect(res.json["source"] as? String == "6")
                #expect(res.json["kind"] as? String == "child-in-need")
                #expect(res.json["reReferral"] as? Bool == false)
                // Referred at the decision, 10:00 on Wednesday 4 November: due two working days later.
                #expect(res.json["referredAt"] as? String == "2026-11-04T10:00:00Z")
                #expect(res.json["completionDueAt"] as? String == "2026-11-06T10:00:00Z")
            }
        }
    }

    @Test("a child protection concern runs on a four-working-hour clock, which an authority may change", arguments: TestDatabase.all)
    func childProtection(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let ids = try await Self.referContact(app, f, childProtection: true)
            try await app.testing().test(.GET, "api/v1/referrals/\(ids[0])", headers: f.auth(.teamManager)) { res in
                #expect(res.json["kind"] as? String == "child-protection")
                #expect(res.json["completionDueAt"] as? String == "2026-11-04T14:00:00Z")
            }
            try await app.testing().test(.PATCH, "api/v1/local-authorities/850", beforeRequest: { req in
                req.headers = f.auth(.administrator)
                try req.json(["clockMinutes": ["referralChildProtection": 120, "referralChildInNeed": 1440]])
            }, afterResponse: { res in
                #expect((res.json["referralClockMinutes"] as? [String: Any])?["childProtectionMinutes"] as? Int == 120)
            })
            try await app.testing().test(.GET, "api/v1/referrals/\(ids[0])", headers: f.auth(.teamManager)) { res in
                #expect(res.json["completionDueAt"] as? String == "2026-11-04T12:00:00Z")
            }
        }
    }

    @Test("allocated, analysed, decided: the clock stops and each step is recorded", arguments: TestDatabase.all)
    func workflow(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try #require(try await Self.referContact(app, f).first)
            let social = try #require(f.userIDs[.mashSocialWorker]).uuidString
            try await Self.referralStep(app, f, .mashSocialWorker, id, "allocate", ["workerId": social], expect: .forbidden)
            try await Self.referralStep(app, f, .teamManager, id, "allocate", ["workerId": try #require(f.userIDs[.triageWorker]).uuidString], expect: .unprocessableEntity)
            try await Self.referralStep(app, f, .mashSocialWorker, id, "analysis", ["informationGathered": "x", "analysis": "y", "recommendation": "closed"], expect: .conflict)
            try await Self.referralStep(app, f, .teamManager, id, "allocate", ["workerId": social], expect: .ok) { body in
                #expect(body["state"] as? String == "allocated")
            }
            try await Self.referralStep(app, f, .teamManager, id, "decision", ["outcome": "closed", "reason": "x"], expect: .conflict) { body in
                #expect((body["error"] as? [String: Any])?["code"] as? String == "no-analysis")
            }
            try await Self.referralStep(app, f, .triageWorker, id, "analysis", ["informationGathered": "x", "analysis": "y", "recommendation": "closed"], expect: .forbidden)
            try await Self.referralStep(app, f, .mashSocialWorker, id, "analysis", [
                "informationGathered": "School: attendance 92%. GP: no concerns.", "analysis": "Needs can be met by family support.", "recommendation": "early-help",
            ], expect: .ok) { body in
                #expect(body["state"] as? String == "awaiting-decision")
                #expect((body["analysis"] as? [String: Any])?["recommendation"] as? String == "early-help")
            }
            try await Self.referralStep(app, f, .teamManager, id, "decision", ["outcome": "assessment", "reason": "x"], expect: .unprocessableEntity) { body in
                #expect(((body["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.first?["field"] as? String == "team")
            }
            f.clock.set(RFC3339.parse("2026-11-05T11:00:00Z")!)
            try await Self.referralStep(app, f, .teamManager, id, "decision", ["outcome": "early-help", "team": "Family Support East", "reason": "Agreed."], expect: .ok) { body in
                #expect(body["state"] as? String == "decided")
                #expect((body["decision"] as? [String: Any])?["team"] as? String == "Family Support East")
                #expect(body["breached"] as? Bool == false)
                #expect(body["workingMinutesRemaining"] as? Int == 420)
            }
            try await Self.referralStep(app, f, .teamManager, id, "decision", ["outcome": "closed", "reason": "again"], expect: .conflict)
            try await app.testing().test(.GET, "api/v1/referrals/\(id)/events", headers: f.auth(.teamManager)) { res in
                #expect(res.jsonArray.map { $0["action"] as? String } == ["open", "allocate", "analysis", "decide"])
            }
        }
    }

    @Test("a manager may call a strategy discussion at once", arguments: TestDatabase.all)
    func strategyAtOnce(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try #require(try await Self.referContact(app, f, childProtection: true).first)
            try await Self.referralStep(app, f, .assistantTeamManager, id, "decision", ["outcome": "strategy-discussion", "reason": "Injury to a baby."], expect: .ok)
        }
    }

    @Test("a child referred again within 12 months is a re-referral linked to the earlier one", arguments: TestDatabase.all)
    func reReferral(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let first = try await Self.referContact(app, f)
            let child = try #require(try await ReferralModel.find(UUID(uuidString: first[0]), on: app.db)).childID
            f.clock.set(RFC3339.parse("2026-11-25T10:00:00Z")!)
            var body = minimalContact(receivedAt: "2026-11-25T09:00:00Z")
            body["children"] = [["personId": child.uuidString]]
            var contact = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in contact = res.json["id"] as? String ?? "" })
            try await step(app, f, .teamManager, contact, "decision", ["outcome": "referral", "reason": "Again."], expect: .ok)
            try await app.testing().test(.GET, "api/v1/referrals?la=850", headers: f.auth(.teamManager)) { res in
                let again = (res.json["referrals"] as? [[String: Any]] ?? []).first { $0["contactId"] as? String == contact }
                #expect(again?["reReferral"] as? Bool == true)
                #expect(again?["previousReferralId"] as? String == first[0])
            }
        }
    }

    @Test("consent to share: not sought or refused needs a reason", arguments: TestDatabase.all)
    func consent(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try #require(try await Self.referContact(app, f).first)
            try await Self.referralStep(app, f, .mashSocialWorker, id, "consent", ["status": "not-sought"], expect: .unprocessableEntity)
            try await Self.referralStep(app, f, .mashSocialWorker, id, "consent", ["status": "refused", "reason": "Father refused; sharing with police and health for safeguarding, approved by the team manager."], expect: .ok) { body in
                #expect((body["consent"] as? [String: Any])?["status"] as? String == "refused")
            }
            try await Self.referralStep(app, f, .triageWorker, id, "consent", ["status": "given"], expect: .forbidden)
        }
    }
}

@Suite("Strategy discussions and statutory dates")
struct StrategyDiscussionTests {
    @Test("a strategy discussion is scheduled, shown on the day's list, held without health (warned), and starts a section 47 enquiry with the conference target", arguments: TestDatabase.all)
    func discussion(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referral = try #require(try await ReferralAPITests.referContact(app, f, childProtection: true).first)
            try await ReferralAPITests.referralStep(app, f, .teamManager, referral, "decision", ["outcome": "strategy-discussion", "reason": "Injury."], expect: .ok)
            var id = ""
            try await app.testing().test(.POST, "api/v1/referrals/\(referral)/strategy-discussions", beforeRequest: { req in
                req.headers = f.auth(.mashSocialWorker)
                try req.json(["scheduledAt": "2026-11-04T14:00:00Z", "participants": [["agency": "police", "name": "DS Example"]]])
            }, afterResponse: { res in
                #expect(res.status == .created)
                id = res.json["id"] as? String ?? ""
            })
            try await app.testing().test(.GET, "api/v1/strategy-discussions?date=2026-11-04&la=850", headers: f.auth(.triageWorker)) { res in
                #expect(res.jsonArray.compactMap { $0["id"] as? String } == [id])
            }
            try await app.testing().test(.GET, "api/v1/strategy-discussions?date=2026-11-05", headers: f.auth(.triageWorker)) { res in
                #expect(res.jsonArray.isEmpty)
            }
            f.clock.set(RFC3339.parse("2026-11-04T16:00:00Z")!)
            try await app.testing().test(.POST, "api/v1/strategy-discussions/\(id)/record", beforeRequest: { req in
                req.headers = f.auth(.mashSocialWorker)
                try req.json(["heldAt": "2026-11-04T14:05:00Z", "outcome": "s47-joint", "record": "Agreed a joint enquiry.",
                              "participants": [["agency": "social-care", "name": "A Manager"], ["agency": "police", "name": "DS Example"]]])
            }, afterResponse: { res in
                #expect(res.status == .ok)
                #expect(res.json["outcome"] as? String == "s47-joint")
                #expect(res.json["warnings"] as? [String] == ["health did not take part: a strategy discussion needs children's social care, police and health"])
                #expect(res.json["section47StartedAt"] as? String == "2026-11-04")
                // 15 working days after Wednesday 4 November 2026: Wednesday 25 November.
                #expect(res.json["initialConferenceTarget"] as? String == "2026-11-25")
            })
            try await app.testing().test(.POST, "api/v1/strategy-discussions/\(id)/record", beforeRequest: { req in
                req.headers = f.auth(.mashSocialWorker)
                try req.json(["heldAt": "2026-11-04T14:05:00Z", "outcome": "maybe", "record": "", "participants": [["agency": "army", "name": "X"]]])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(res.problemFields) == ["participants[0].agency", "participants", "record", "outcome"])
            })
            try await app.testing().test(.GET, "api/v1/referrals/\(referral)", headers: f.auth(.teamManager)) { res in
                let statutory = res.json["statutory"] as? [String: Any]
                #expect(statutory?["s47StartedAt"] as? String == "2026-11-04")
                #expect(statutory?["icpcTarget"] as? String == "2026-11-25")
            }
        }
    }

    @Test("statutory dates are checked for codes and order", arguments: TestDatabase.all)
    func dates(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let referral = try #require(try await ReferralAPITests.referContact(app, f).first)
            try await app.testing().test(.PATCH, "api/v1/referrals/\(referral)/dates", beforeRequest: { req in
                req.headers = f.auth(.mashSocialWorker)
                try req.json(["assessmentStartedAt": "2026-11-03", "assessmentAuthorisedAt": "2026-11-02", "assessmentFactors": ["18A", "3A"],
                              "primaryNeed": "N11", "closedAt": "2026-11-04"])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(res.problemFields) == ["primaryNeed", "assessmentFactors[0]", "assessmentStartedAt", "assessmentAuthorisedAt", "reasonForClosure"])
            })
            try await app.testing().test(.PATCH, "api/v1/referrals/\(referral)/dates", beforeRequest: { req in
                req.headers = f.auth(.mashSocialWorker)
                try req.json(["assessmentStartedAt": "2026-11-04", "assessmentFactors": ["3a", "16A"], "primaryNeed": "N1"])
            }, afterResponse: { res in
                #expect(res.status == .ok)
                let statutory = res.json["statutory"] as? [String: Any]
                #expect(statutory?["assessmentFactors"] as? [String] == ["3A", "16A"])
                #expect(statutory?["primaryNeed"] as? String == "N1")
                // 45 working days from Wednesday 4 November 2026, over Christmas and New Year.
                #expect(statutory?["assessmentDue"] as? String == "2027-01-11")
            })
        }
    }
}
