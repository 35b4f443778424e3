import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Reports from live data")
struct ReportTests {
    static func value(_ csv: String, _ month: String, _ measure: String) -> String? {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .first { $0.count == 3 && $0[0] == month && $0[1] == measure }?[2]
    }

    @Test("the monthly report counts this month's contacts and referrals, each figure traceable to its records", arguments: TestDatabase.all)
    func monthly(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            // Two children referred (police), one contact closed, one undecided (a school).
            _ = try await ReferralAPITests.referContact(app, f)
            let closed = try await createContact(app, f)
            try await step(app, f, .teamManager, closed, "decision", ["outcome": "closed", "reason": "NFA"], expect: .ok)
            var school = minimalContact()
            school["source"] = "2A"
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(school)
            }, afterResponse: { res in #expect(res.status == .created) })
            var csv = ""
            try await app.testing().test(.GET, "api/v1/reports/monthly.csv?la=850&from=2026-10&to=2026-11", headers: f.auth(.analyst)) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "csv")
                csv = res.body.string
            }
            #expect(csv.hasPrefix("month,measure,value\n"))
            #expect(Self.value(csv, "2026-10", "contacts_total") == "0")
            // Contacts count one per child named: 2 + 1 + 1.
            #expect(Self.value(csv, "2026-11", "contacts_total") == "4")
            #expect(Self.value(csv, "2026-11", "contact_source_police") == "3")
            #expect(Self.value(csv, "2026-11", "contact_source_education") == "1")
            #expect(Self.value(csv, "2026-11", "contact_outcome_referral") == "2")
            #expect(Self.value(csv, "2026-11", "contact_outcome_closed") == "1")
            #expect(Self.value(csv, "2026-11", "contact_percentage_resolved") == "25.0")
            #expect(Self.value(csv, "2026-11", "referrals_total") == "2")
            #expect(Self.value(csv, "2026-11", "referral_source_police") == "2")
            try await app.testing().test(.GET, "api/v1/reports/monthly/records?la=850&month=2026-11&measure=contact_outcome_closed", headers: f.auth(.analyst)) { res in
                #expect(res.json["records"] as? [String] == [closed.uppercased()])
            }
            try await app.testing().test(.GET, "api/v1/reports/monthly.csv?la=850&from=2026-13&to=2026-01", headers: f.auth(.analyst)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["from"])
            }
        }
    }
}
