import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

/// A domestic abuse notification from the police, with its risk rating.
func domesticAbuseNotification(receivedAt: String, risk: String?, given: String, family: String) -> [String: Any] {
    var body = minimalContact(receivedAt: receivedAt, given: given, family: family)
    body["type"] = "domestic-abuse-notification"
    body["channel"] = "police-notification"
    body["adults"] = [["givenName": "Jo", "familyName": family, "dateOfBirth": "1990-01-01"]]
    if let risk { body["policeRisk"] = risk }
    return body
}

func postContact(_ app: Application, _ f: Fixture, _ body: [String: Any], expect status: HTTPStatus = .created,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
    var json: [String: Any] = [:]
    try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
        req.headers = f.auth(.partnerAgencyOfficer)
        try req.json(body)
    }, afterResponse: { res in
        #expect(res.status == status, "\(res.body.string)", sourceLocation: sourceLocation)
        json = res.status == .created ? res.json : ["problems": res.problemFields]
    })
    return json
}

/// The agenda of Wednesday 4 November 2026 covers Tuesday 3 November: one high-risk notification
/// on it (on an open case), the others outside by risk or by time.
struct HRDAScenario {
    var onAgenda: String
    var childOnAgenda: String
    var medium: String
    var today: String
    var monday: String

    static func make(_ app: Application, _ f: Fixture) async throws -> HRDAScenario {
        let a = try await postContact(app, f, domesticAbuseNotification(receivedAt: "2026-11-03T14:00:00Z", risk: "high", given: "Mia", family: "Agenda"))
        let b = try await postContact(app, f, domesticAbuseNotification(receivedAt: "2026-11-03T15:00:00Z", risk: "medium", given: "Noah", family: "Medium"))
        let c = try await postContact(app, f, domesticAbuseNotification(receivedAt: "2026-11-04T08:00:00Z", risk: "high", given: "Ola", family: "Today"))
        let d = try await postContact(app, f, domesticAbuseNotification(receivedAt: "2026-11-02T12:00:00Z", risk: "high", given: "Pia", family: "Monday"))
        #expect(a["policeRisk"] as? String == "high")
        let childText = (a["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
        let child = try #require(UUID(uuidString: childText))
        let la = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first())
        try await CaseEpisodeModel(laID: try la.requireID(), personID: child, kind: "child-in-need",
                                   openedAt: ISO8601DateFormatter().date(from: "2026-06-01T09:00:00Z")!, allocatedWorker: "Sam Allocated").save(on: app.db)
        return HRDAScenario(onAgenda: a["id"] as? String ?? "", childOnAgenda: child.uuidString, medium: b["id"] as? String ?? "",
                            today: c["id"] as? String ?? "", monday: d["id"] as? String ?? "")
    }
}

func buildMeeting(_ app: Application, _ f: Fixture, date: String = "2026-11-04") async throws -> [String: Any] {
    var json: [String: Any] = [:]
    try await app.testing().test(.POST, "api/v1/hrda-meetings", beforeRequest: { req in
        req.headers = f.auth(.assistantTeamManager)
        try req.json(["la": "850", "date": date])
    }, afterResponse: { res in
        #expect(res.status == .created, "\(res.body.string)")
        json = res.json
    })
    return json
}

@Suite("The daily high-risk domestic abuse meeting")
struct HRDAMeetingTests {
    @Test("the police risk rating is kept on a domestic abuse notification, and refused on anything else", arguments: TestDatabase.all)
    func policeRisk(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            var concern = minimalContact()
            concern["policeRisk"] = "high"
            let refused = try await postContact(app, f, concern, expect: .unprocessableEntity)
            #expect(refused["problems"] as? [String] == ["policeRisk"])
            let wrong = try await postContact(app, f, domesticAbuseNotification(receivedAt: "2026-11-03T14:00:00Z", risk: "severe", given: "A", family: "B"), expect: .unprocessableEntity)
            #expect(wrong["problems"] as? [String] == ["policeRisk"])
            let none = try await postContact(app, f, domesticAbuseNotification(receivedAt: "2026-11-03T14:00:00Z", risk: nil, given: "A", family: "B"))
            #expect(none["policeRisk"] is NSNull)
        }
    }

    @Test("the agenda holds the high-risk notifications of the window, with the allocated worker of an open case", arguments: TestDatabase.all)
    func agenda(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let s = try await HRDAScenario.make(app, f)
            let meeting = try await buildMeeting(app, f)
            #expect(meeting["date"] as? String == "2026-11-04")
            #expect(meeting["windowStart"] as? String == "2026-11-03T00:00:00Z")
            #expect(meeting["windowEnd"] as? String == "2026-11-04T00:00:00Z")
            let cases = meeting["cases"] as? [[String: Any]] ?? []
            #expect(cases.compactMap { ($0["contactId"] as? String)?.lowercased() } == [s.onAgenda.lowercased()])
            #expect(cases.first?["openCase"] as? Bool == true)
            #expect(cases.first?["allocatedWorker"] as? String == "Sam Allocated")
            #expect(cases.first?["children"] as? [String] == ["Mia Agenda"])
            // One meeting a day per authority; none at the weekend.
            try await app.testing().test(.POST, "api/v1/hrda-meetings", beforeRequest: { req in
                req.headers = f.auth(.assistantTeamManager)
                try req.json(["la": "850", "date": "2026-11-04"])
            }, afterResponse: { res in #expect(res.status == .conflict) })
            try await app.testing().test(.POST, "api/v1/hrda-meetings", beforeRequest: { req in
                req.headers = f.auth(.assistantTeamManager)
                try req.json(["la": "850", "date": "2026-11-07"])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["date"])
            })
            // Thursday's meeting takes Wednesday's notification; Monday's notification was Tuesday's business.
            let thursday = try await buildMeeting(app, f, date: "2026-11-05")
            #expect((thursday["cases"] as? [[String: Any]])?.compactMap { ($0["contactId"] as? String)?.lowercased() } == [s.today.lowercased()])
            // The history of meetings.
            try await app.testing().test(.GET, "api/v1/hrda-meetings", headers: f.auth(.domesticAbuseMeetingAttendee)) { res in
                #expect(res.status == .ok)
                #expect(res.jsonArray.map { $0["date"] as? String } == ["2026-11-05", "2026-11-04"])
                #expect(res.jsonArray.map { $0["cases"] as? Int } == [1, 1])
            }
        }
    }

    @Test("an attendee reads the agenda cases and nothing else", arguments: TestDatabase.all)
    func attendeeSeesAgendaOnly(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let s = try await HRDAScenario.make(app, f)
            let meeting = try await buildMeeting(app, f)
            let id = meeting["id"] as? String ?? ""
            let attendee = f.auth(.domesticAbuseMeetingAttendee)
            try await app.testing().test(.GET, "api/v1/hrda-meetings/\(id)", headers: attendee) { res in
                #expect(res.status == .ok)
                #expect((res.json["cases"] as? [[String: Any]])?.count == 1)
            }
            try await app.testing().test(.GET, "api/v1/hrda-meetings/\(id)/cases/\(s.onAgenda)", headers: attendee) { res in
                #expect(res.status == .ok)
                #expect((res.json["children"] as? [[String: Any]])?.first?["name"] as? String == "Mia Agenda")
                #expect((res.json["householdAdults"] as? [[String: Any]])?.first?["name"] as? String == "Jo Agenda")
                #expect((res.json["openCases"] as? [[String: Any]])?.first?["allocatedWorker"] as? String == "Sam Allocated")
            }
            // A contact not on the agenda is not there, through the meeting or the contacts API.
            for other in [s.medium, s.today, s.monday] {
                try await app.testing().test(.GET, "api/v1/hrda-meetings/\(id)/cases/\(other)", headers: attendee) { res in
                    #expect(res.status == .notFound)
                }
                try await app.testing().test(.GET, "api/v1/contacts/\(other)", headers: attendee) { res in
                    #expect(res.status == .forbidden)
                }
            }
            try await app.testing().test(.GET, "api/v1/contacts", headers: attendee) { res in #expect(res.status == .forbidden) }
            // Reading the case is audited as a read of the contact.
            let reads = try await AuditEventModel.query(on: app.db).filter(\.$recordType == "contact").filter(\.$action == "read")
                .filter(\.$actorID == f.userIDs[.domesticAbuseMeetingAttendee]).all()
            #expect(reads.map(\.recordID) == [UUID(uuidString: s.onAgenda)])
        }
    }

    @Test("preparation, attendance, discussion written back to the contact, actions tracked and exported", arguments: TestDatabase.all)
    func runTheMeeting(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let s = try await HRDAScenario.make(app, f)
            let meeting = try await buildMeeting(app, f)
            let id = meeting["id"] as? String ?? ""
            let base = "api/v1/hrda-meetings/\(id)"
            func post(_ path: String, _ role: Role, _ body: [String: Any], expect status: HTTPStatus, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestingHTTPResponse? {
                var response: TestingHTTPResponse?
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    req.headers = f.auth(role)
                    try req.json(body)
                }, afterResponse: { res in
                    #expect(res.status == status, "\(path): \(res.body.string)", sourceLocation: sourceLocation)
                    response = res
                })
                return response
            }
            // Only a manager prepares.
            _ = try await post("\(base)/cases/\(s.onAgenda)/preparation", .domesticAbuseMeetingAttendee, ["notes": "x"], expect: .forbidden)
            _ = try await post("\(base)/cases/\(s.onAgenda)/preparation", .assistantTeamManager, ["notes": " "], expect: .unprocessableEntity)
            let prepared = try await post("\(base)/cases/\(s.onAgenda)/preparation", .assistantTeamManager,
                                          ["notes": "Two previous police call-outs; school reports worries.", "version": 1], expect: .ok)
            #expect((prepared?.json["item"] as? [String: Any])?["researchNotes"] as? String == "Two previous police call-outs; school reports worries.")
            // Attendance by agency.
            let bad = try await post("\(base)/attendance", .assistantTeamManager, ["attendees": [["agency": "fire", "name": "X"]]], expect: .unprocessableEntity)
            #expect(bad?.problemFields == ["attendees[0].agency"])
            let attended = try await post("\(base)/attendance", .assistantTeamManager, ["attendees": [
                ["agency": "police", "name": "DS Synthetic"], ["agency": "health", "name": "Nurse Example"], ["agency": "childrens-mash", "name": "ATM Test"],
                ["agency": "adult-mash", "name": "Adult Worker"], ["agency": "domestic-abuse-service", "name": "IDVA Example"],
            ]], expect: .ok)
            #expect((attended?.json["attendance"] as? [[String: Any]])?.count == 5)
            #expect(attended?.json["heldAt"] as? String == "2026-11-04T10:00:00Z")
            // The discussion, with a stale version refused.
            _ = try await post("\(base)/cases/\(s.onAgenda)/discussion", .assistantTeamManager,
                               ["riskIdentified": "r", "victimVoice": "v", "outcome": "progress-to-referral", "version": 1], expect: .conflict)
            _ = try await post("\(base)/cases/\(s.onAgenda)/discussion", .assistantTeamManager,
                               ["riskIdentified": "r", "victimVoice": "v", "outcome": "maybe", "version": 2], expect: .unprocessableEntity)
            let discussed = try await post("\(base)/cases/\(s.onAgenda)/discussion", .assistantTeamManager, [
                "riskIdentified": "Escalating violence; the child was present.", "victimVoice": "She wants the children safe and to stay with her mother.",
                "outcome": "progress-to-referral", "version": 2,
            ], expect: .ok)
            #expect((discussed?.json["item"] as? [String: Any])?["outcomeLabel"] as? String == "Progress to referral")
            try await app.testing().test(.GET, "api/v1/contacts/\(s.onAgenda)/events", headers: f.auth(.teamManager)) { res in
                let event = res.jsonArray.first { $0["action"] as? String == "hrda-discussed" }
                #expect((event?["detail"] as? [String: String])?["outcome"] == "progress-to-referral")
                #expect((event?["detail"] as? [String: String])?["meetingDate"] == "2026-11-04")
            }
            // Actions, by attendees too.
            let first = try await post("\(base)/cases/\(s.onAgenda)/actions", .domesticAbuseMeetingAttendee,
                                       ["description": "Police to visit the home", "ownerAgency": "police", "due": "2026-11-05"], expect: .created)
            #expect(first?.json["status"] as? String == "open")
            let late = try await post("\(base)/cases/\(s.onAgenda)/actions", .assistantTeamManager,
                                      ["description": "Health visitor to see the baby", "ownerAgency": "health", "due": "2026-11-03"], expect: .created)
            #expect(late?.json["status"] as? String == "overdue")
            let badAction = try await post("\(base)/cases/\(s.onAgenda)/actions", .assistantTeamManager,
                                           ["description": "x", "ownerAgency": "health", "due": "5/11/2026"], expect: .unprocessableEntity)
            #expect(badAction?.problemFields == ["due"])
            _ = try await post("\(base)/cases/\(s.medium)/actions", .assistantTeamManager,
                               ["description": "x", "ownerAgency": "health", "due": "2026-11-05"], expect: .notFound)
            try await app.testing().test(.GET, "api/v1/hrda-actions?status=overdue", headers: f.auth(.domesticAbuseMeetingAttendee)) { res in
                #expect(res.jsonArray.map { $0["description"] as? String } == ["Health visitor to see the baby"])
            }
            try await app.testing().test(.GET, "api/v1/hrda-actions?agency=police", headers: f.auth(.domesticAbuseMeetingAttendee)) { res in
                #expect(res.jsonArray.map { $0["description"] as? String } == ["Police to visit the home"])
            }
            let actionID = late?.json["id"] as? String ?? ""
            let done = try await post("api/v1/hrda-actions/\(actionID)", .domesticAbuseMeetingAttendee, ["state": "done", "version": 1], expect: .ok)
            #expect(done?.json["status"] as? String == "done")
            try await app.testing().test(.GET, "api/v1/hrda-actions", headers: f.auth(.domesticAbuseMeetingAttendee)) { res in
                #expect(res.jsonArray.count == 1)
            }
            // The record, exported.
            try await app.testing().test(.GET, "\(base)/export?format=csv", headers: f.auth(.domesticAbuseMeetingAttendee)) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "csv")
                let lines = res.body.string.split(separator: "\r\n")
                #expect(lines.first?.hasPrefix("meeting_date,la,case,contact_id,children") == true)
                #expect(lines.count == 3)
                #expect(res.body.string.contains("Police to visit the home"))
                #expect(res.body.string.contains("Progress to referral"))
            }
            try await app.testing().test(.GET, "\(base)/export", headers: f.auth(.domesticAbuseMeetingAttendee)) { res in
                #expect(res.json["date"] as? String == "2026-11-04")
                #expect(((res.json["cases"] as? [[String: Any]])?.first?["actions"] as? [[String: Any]])?.count == 2)
            }
            try await app.testing().test(.GET, "\(base)/export?format=pdf", headers: f.auth(.domesticAbuseMeetingAttendee)) { res in
                #expect(res.problemFields == ["format"])
            }
        }
    }

    @Test("when retention anonymises a contact, the meeting's free text about it goes too", arguments: TestDatabase.all)
    func retention(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            f.clock.set(RFC3339.parse("2019-06-04T12:00:00+01:00")!)
            let old = try await postContact(app, f, domesticAbuseNotification(receivedAt: "2019-06-03T10:00:00+01:00", risk: "high", given: "Vic", family: "Old"))
            let contact = old["id"] as? String ?? ""
            let meeting = try await buildMeeting(app, f, date: "2019-06-04")
            let base = "api/v1/hrda-meetings/\(meeting["id"] as? String ?? "")/cases/\(contact)"
            for (path, body) in [("preparation", ["notes": "Notes about the family."]), ("discussion", ["riskIdentified": "Risk.", "victimVoice": "Her words.", "outcome": "no-further-action"]),
                                 ("actions", ["description": "Visit the family.", "ownerAgency": "police", "due": "2019-06-05"])] {
                try await app.testing().test(.POST, "\(base)/\(path)", beforeRequest: { req in
                    req.headers = f.auth(.assistantTeamManager)
                    try req.json(body)
                }, afterResponse: { res in #expect(res.status.code < 300, "\(path): \(res.body.string)") })
            }
            try await step(app, f, .teamManager, contact, "decision", ["outcome": "closed", "closure": "no-further-action", "reason": "NFA."], expect: .ok)
            // An audit sampled it and an auditor wrote findings.
            let audit = try await QualityAuditTests.define(app, f, ["la": "850", "theme": "Old decisions", "periodFrom": "2019-06-01", "periodTo": "2019-06-30",
                                                                   "rule": "decided-contacts-by-outcome", "sampleSize": 5])
            let auditCase = (audit["cases"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            try await app.testing().test(.POST, "api/v1/quality-audits/\(audit["id"] as? String ?? "")/cases/\(auditCase)/gradings", beforeRequest: { req in
                req.headers = f.auth(.qualityAuditor)
                try req.json(["agency": "health", "grade": "good", "findings": "About the family.", "learningActions": "More about the family."])
            }, afterResponse: { res in #expect(res.status == .created) })
            f.clock.set(wednesdayMorning)
            let report = try await RetentionJob(policy: RetentionPolicy(nfaContactYears: 6)).run(dryRun: false, now: f.clock.now, on: app.db)
            #expect(report.contacts == 1)
            let item = try #require(try await HRDACaseModel.query(on: app.db).first())
            #expect(item.researchNotes == "(anonymised)" && item.riskIdentified == "(anonymised)" && item.victimVoice == "(anonymised)")
            #expect(item.outcome == "no-further-action")
            #expect(try await HRDAActionModel.query(on: app.db).all().map(\.description) == ["(anonymised)"])
            let grading = try #require(try await QualityGradingModel.query(on: app.db).first())
            #expect(grading.findings == "(anonymised)" && grading.learningActions == "(anonymised)" && grading.grade == "good")
        }
    }

    @Test("a CSV field that a spreadsheet would run as a formula is defused")
    func csvFormula() {
        #expect(HRDAMeetings.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(HRDAMeetings.csvField("plain") == "plain")
        #expect(HRDAMeetings.csvField("a,b") == "\"a,b\"")
    }
}
