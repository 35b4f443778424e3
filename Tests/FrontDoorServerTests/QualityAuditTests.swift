import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Quality assurance audits and the missing strategy discussion pattern")
struct QualityAuditTests {
    /// Six decided contacts: four closed, two progressed to referral.
    static func decidedContacts(_ app: Application, _ f: Fixture) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<6 {
            let id = try await createContact(app, f, receivedAt: "2026-11-0\(index % 3 + 2)T09:30:00Z")
            try await step(app, f, .teamManager, id, "decision", ["outcome": index < 4 ? "closed" : "referral", "reason": "Synthetic decision."], expect: .ok)
            ids.append(id)
        }
        return ids
    }

    static func define(_ app: Application, _ f: Fixture, _ body: [String: Any], expect status: HTTPStatus = .created) async throws -> [String: Any] {
        var json: [String: Any] = [:]
        try await app.testing().test(.POST, "api/v1/quality-audits", beforeRequest: { req in
            req.headers = f.auth(.qualityAuditor)
            try req.json(body)
        }, afterResponse: { res in
            #expect(res.status == status, "\(res.body.string)")
            json = res.status == .created ? res.json : ["problems": res.problemFields]
        })
        return json
    }

    static var definition: [String: Any] { [
        "la": "850", "theme": "Decisions on police notifications", "periodFrom": "2026-11-01", "periodTo": "2026-11-30",
        "rule": "decided-contacts-by-outcome", "sampleSize": 3,
    ] }

    @Test("the sample is drawn reproducibly and stratified; an auditor sees and grades the sampled cases only", arguments: TestDatabase.all)
    func auditFlow(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let contacts = try await Self.decidedContacts(app, f)
            let audit = try await Self.define(app, f, Self.definition)
            let cases = audit["cases"] as? [[String: Any]] ?? []
            #expect(cases.count == 3)
            // Four closed and two referrals: two closed and one referral in a sample of three.
            #expect(cases.map { $0["stratum"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == ["closed", "closed", "referral"])
            // The same definition draws the same sample.
            let again = try await Self.define(app, f, Self.definition)
            #expect((again["cases"] as? [[String: Any]])?.map { $0["recordId"] as? String } == cases.map { $0["recordId"] as? String })
            #expect(again["seed"] as? String == audit["seed"] as? String)
            // Bad definitions name their field.
            var bad = Self.definition
            bad["rule"] = "everything"
            bad["periodTo"] = "2026-10-01"
            let refused = try await Self.define(app, f, bad, expect: .unprocessableEntity)
            #expect(Set(refused["problems"] as? [String] ?? []) == ["rule", "periodTo"])

            let auditID = audit["id"] as? String ?? ""
            let caseID = cases.first?["id"] as? String ?? ""
            let sampled = Set(cases.compactMap { $0["recordId"] as? String })
            try await app.testing().test(.GET, "api/v1/quality-audits/\(auditID)/cases/\(caseID)", headers: f.auth(.qualityAuditor)) { res in
                #expect(res.status == .ok)
                #expect(res.json["state"] as? String == "decided")
                #expect((res.json["history"] as? [[String: Any]])?.isEmpty == false)
            }
            try await app.testing().test(.GET, "api/v1/quality-audits/\(auditID)/cases/\(UUID().uuidString)", headers: f.auth(.qualityAuditor)) { res in
                #expect(res.status == .notFound)
            }
            // The contacts themselves, sampled or not, are not the auditor's to browse.
            for contact in contacts {
                try await app.testing().test(.GET, "api/v1/contacts/\(contact)", headers: f.auth(.qualityAuditor)) { res in
                    #expect(res.status == .forbidden)
                }
            }
            #expect(sampled.isSubset(of: Set(contacts)))
            // Grading by two agencies; the summary counts them.
            for (agency, grade) in [("health", "good"), ("police", "inadequate")] {
                try await app.testing().test(.POST, "api/v1/quality-audits/\(auditID)/cases/\(caseID)/gradings", beforeRequest: { req in
                    req.headers = f.auth(.qualityAuditor)
                    try req.json(["agency": agency, "grade": grade, "findings": "Synthetic finding.", "learningActions": "Record the rationale."])
                }, afterResponse: { res in #expect(res.status == .created, "\(res.body.string)") })
            }
            try await app.testing().test(.POST, "api/v1/quality-audits/\(auditID)/cases/\(caseID)/gradings", beforeRequest: { req in
                req.headers = f.auth(.qualityAuditor)
                try req.json(["agency": "health", "grade": "fine", "findings": ""])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(res.problemFields) == ["grade", "findings"])
            })
            try await app.testing().test(.GET, "api/v1/quality-audits/\(auditID)", headers: f.auth(.qualityAuditor)) { res in
                let summary = res.json["summary"] as? [String: Any]
                #expect(summary?["gradedCases"] as? Int == 1)
                #expect(summary?["gradings"] as? Int == 2)
                #expect(summary?["disagreements"] as? Int == 1)
                #expect((summary?["byGrade"] as? [String: Int])?["inadequate"] == 1)
            }
            try await app.testing().test(.GET, "api/v1/quality-audits", headers: f.auth(.qualityAuditor)) { res in
                #expect(res.jsonArray.count == 2)
            }
            // Reading a sampled case is audited as a read of the record.
            let reads = try await AuditEventModel.query(on: app.db).filter(\.$action == "read").filter(\.$actorID == f.userIDs[.qualityAuditor]).all()
            #expect(reads.contains { $0.recordType == "contact" && sampled.contains($0.recordID?.uuidString ?? "") })
        }
    }

    @Test("an audit of all re-referrals takes every referral of a child referred in the 12 months before, and nothing else", arguments: TestDatabase.all)
    func reReferrals(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let first = try await postContact(app, f, minimalContact(receivedAt: "2026-11-02T09:00:00Z", given: "Tia", family: "Again"))
            let firstID = first["id"] as? String ?? ""
            let child = (first["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            try await step(app, f, .teamManager, firstID, "decision", ["outcome": "referral", "reason": "Threshold met."], expect: .ok)
            f.clock.set(ISO8601DateFormatter().date(from: "2026-11-04T11:00:00Z")!)
            var again = minimalContact(receivedAt: "2026-11-03T09:00:00Z")
            again["children"] = [["personId": child]]
            let second = try await postContact(app, f, again)
            try await step(app, f, .teamManager, second["id"] as? String ?? "", "decision", ["outcome": "referral", "reason": "Threshold met again."], expect: .ok)
            // Another child referred once.
            let once = try await postContact(app, f, minimalContact(receivedAt: "2026-11-03T10:00:00Z", given: "Uma", family: "Once"))
            try await step(app, f, .teamManager, once["id"] as? String ?? "", "decision", ["outcome": "referral", "reason": "Threshold met."], expect: .ok)
            let audit = try await Self.define(app, f, ["la": "850", "theme": "Re-referrals", "periodFrom": "2026-11-01", "periodTo": "2026-11-30", "rule": "all-re-referrals"])
            let cases = audit["cases"] as? [[String: Any]] ?? []
            #expect(cases.map { $0["child"] as? String } == ["Tia Again"])
            #expect(cases.map { $0["recordType"] as? String } == ["referral"])
            #expect(audit["sampleSize"] is NSNull)
            let caseID = cases.first?["id"] as? String ?? ""
            try await app.testing().test(.GET, "api/v1/quality-audits/\(audit["id"] as? String ?? "")/cases/\(caseID)", headers: f.auth(.qualityAuditor)) { res in
                #expect(res.status == .ok)
                #expect(res.json["type"] as? String == "child-in-need")
            }
        }
    }

    @Test("the pattern finder lists a child with repeated red contacts and no strategy discussion, for managers only", arguments: TestDatabase.all)
    func pattern(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            var first = minimalContact(receivedAt: "2026-11-02T09:00:00Z", given: "Rae", family: "Pattern")
            first["rag"] = "red"
            let created = try await postContact(app, f, first)
            let child = (created["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            var second = minimalContact(receivedAt: "2026-11-03T09:00:00Z")
            second["children"] = [["personId": child]]
            second["rag"] = "red"
            _ = try await postContact(app, f, second)
            // Another child with one red contact only.
            var single = minimalContact(receivedAt: "2026-11-03T10:00:00Z", given: "Sol", family: "Once")
            single["rag"] = "red"
            _ = try await postContact(app, f, single)
            let path = "api/v1/patterns/missing-strategy-discussions?la=850&from=2026-11-01&to=2026-11-30"
            try await app.testing().test(.GET, path, headers: f.auth(.teamManager)) { res in
                #expect(res.status == .ok)
                let children = res.json["children"] as? [[String: Any]] ?? []
                #expect(children.map { $0["child"] as? String } == ["Rae Pattern"])
                #expect((children.first?["indicators"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["red-contact", "red-contact"])
            }
            try await app.testing().test(.GET, path + "&threshold=3", headers: f.auth(.teamManager)) { res in
                #expect((res.json["children"] as? [[String: Any]])?.isEmpty == true)
            }
            try await app.testing().test(.GET, "api/v1/patterns/missing-strategy-discussions?la=850&from=2026-11-30&to=2026-11-01", headers: f.auth(.teamManager)) { res in
                #expect(res.problemFields == ["to"])
            }
            for role in [Role.qualityAuditor, .domesticAbuseMeetingAttendee, .analyst] {
                try await app.testing().test(.GET, path, headers: f.auth(role)) { res in #expect(res.status == .forbidden) }
            }
            // An audit can take every child the pattern finds.
            let audit = try await Self.define(app, f, ["la": "850", "theme": "Strategy discussions", "periodFrom": "2026-11-01", "periodTo": "2026-11-30",
                                                        "rule": "missing-strategy-discussions"])
            #expect((audit["cases"] as? [[String: Any]])?.map { $0["child"] as? String } == ["Rae Pattern"])
        }
    }
}
