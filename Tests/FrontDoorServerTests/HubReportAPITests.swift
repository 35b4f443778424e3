import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

/// The whole hub's reports through the real app (issue #7): `la=hub` for users granted every
/// authority, the figures computed over the union of the authorities' records.
@Suite("The whole hub's reports from live data")
struct HubReportAPITests {
    static let months = ReportMonth.range(from: ReportMonth(iso: "2025-04")!, through: ReportMonth(iso: "2026-03")!)

    /// A year of statutory history in each authority; the island works Monday to Thursday, so that
    /// its records are judged by other working days than Hampshire's.
    static func loadHub(_ app: Application) async throws {
        let wight = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "921").first())
        wight.workDays = "1,2,3,4"
        try await wight.save(on: app.db)
        _ = try await ReturnsTests.loadHistory(app, count: 40, seed: 7)
        _ = try await DemoStatutoryHistory(la: wight, calendar: wight.calendar(holidays: .englandAndWales), year: ReturnsTests.year, count: 25,
                                           seed: 11, managers: [], socialWorkers: []).load(on: app.db)
    }

    static func csv(_ app: Application, _ f: Fixture, _ path: String, role: Role = .analyst) async throws -> String {
        var body = ""
        try await app.testing().test(.GET, path, headers: f.auth(role)) { res in
            #expect(res.status == .ok, "\(path): \(res.body.string)")
            body = res.body.string
        }
        return body
    }

    static func count(_ csv: String, _ month: String, _ measure: String) -> Int {
        ReportTests.value(csv, month, measure).flatMap { Int($0) } ?? -1
    }

    static func records(_ app: Application, _ f: Fixture, la: String, month: String, measure: String, role: Role = .analyst) async throws -> [[String: Any]] {
        var details: [[String: Any]] = []
        try await app.testing().test(.GET, "api/v1/reports/monthly/records?la=\(la)&month=\(month)&measure=\(measure)", headers: f.auth(role)) { res in
            #expect(res.status == .ok)
            #expect(res.json["la"] as? String == la)
            details = res.json["details"] as? [[String: Any]] ?? []
            #expect((res.json["records"] as? [String]) == details.compactMap { $0["id"] as? String })
        }
        return details
    }

    @Test("the hub's monthly report: every count is the authorities' sum, every percentage the union's, its records those of both authorities", arguments: TestDatabase.all)
    func monthly(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await Self.loadHub(app)
            let query = "from=2025-04&to=2026-03"
            let hub = try await Self.csv(app, f, "api/v1/reports/monthly.csv?la=hub&\(query)")
            let parts = [
                try await Self.csv(app, f, "api/v1/reports/monthly.csv?la=850&\(query)"),
                try await Self.csv(app, f, "api/v1/reports/monthly.csv?la=921&\(query)"),
            ]
            #expect(hub.hasPrefix("month,measure,value\n"))
            var bothHaveReferrals = false
            for month in Self.months.map(\.iso) {
                func n(_ measure: MonthlyMeasure) -> Int { Self.count(hub, month, measure.rawValue) }
                for measure in MonthlyMeasure.allCases where !measure.isPercentage {
                    #expect(n(measure) == parts.map { Self.count($0, month, measure.rawValue) }.reduce(0, +), "\(measure) \(month)")
                }
                if parts.allSatisfy({ Self.count($0, month, "referrals_total") > 0 }) { bothHaveReferrals = true }
                // Percentages from the union's counts, not from the authorities' percentages.
                #expect(ReportTests.value(hub, month, "contact_percentage_resolved")
                        == ReportValue.percentage(ExactRatio(n(.contactOutcomeClosed) + n(.contactOutcomeOther), n(.contactsNewCases))).machine)
                #expect(ReportTests.value(hub, month, "referral_percentage_progressed_to_assessment")
                        == ReportValue.percentage(ExactRatio(n(.referralOutcomeAssessment), n(.referralsTotal))).machine)
                var timely = 0
                for la in ["850", "921"] {
                    timely += try await Self.records(app, f, la: la, month: month, measure: "referral_timeliness_percentage").count
                }
                #expect(ReportTests.value(hub, month, "referral_timeliness_percentage")
                        == ReportValue.percentage(ExactRatio(timely, n(.referralsTotal))).machine)
            }
            #expect(bothHaveReferrals)
            // The records behind a hub figure: both authorities', each naming its own.
            let month = try #require(Self.months.first { m in parts.allSatisfy { Self.count($0, m.iso, "referrals_total") > 0 } }).iso
            let hubRecords = try await Self.records(app, f, la: "hub", month: month, measure: "referrals_total")
            var expected: [String: String] = [:]
            for la in ["850", "921"] {
                for record in try await Self.records(app, f, la: la, month: month, measure: "referrals_total") {
                    #expect(record["la"] as? String == la)
                    expected[record["id"] as? String ?? ""] = la
                }
            }
            #expect(Dictionary(hubRecords.map { ($0["id"] as? String ?? "", $0["la"] as? String ?? "") }, uniquingKeysWith: { a, _ in a }) == expected)
            #expect(Set(hubRecords.compactMap { $0["la"] as? String }) == ["850", "921"])
            #expect(hubRecords.allSatisfy { $0["type"] as? String == "referral" })
            #expect(hubRecords.allSatisfy { $0["restricted"] == nil || $0["restricted"] is NSNull })
        }
    }

    @Test("the other tables for the hub: counts add up, rates are over both populations", arguments: TestDatabase.all)
    func tables(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await Self.loadHub(app)
            let query = "from=2025-04-01&to=2026-03-31"
            func value(_ csv: String, _ measure: String) -> String? {
                csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                    .first { $0.count >= 2 && $0[0] == measure }?[1]
            }
            let rates = try await Self.csv(app, f, "api/v1/reports/tables/rates-per-10000?la=hub&\(query)")
            let rateParts = [
                try await Self.csv(app, f, "api/v1/reports/tables/rates-per-10000?la=850&\(query)"),
                try await Self.csv(app, f, "api/v1/reports/tables/rates-per-10000?la=921&\(query)"),
            ]
            #expect(value(rates, "child_population") == "307500")
            let referrals = rateParts.compactMap { value($0, "referrals").flatMap { Int($0) } }.reduce(0, +)
            #expect(referrals > 0)
            #expect(value(rates, "referrals") == String(referrals))
            #expect(value(rates, "referrals_per_10000_children") == ReportValue.rate(ExactRatio(referrals, 307_500), per: 10_000).machine)
            for table in ["re-referrals", "decision-timeliness", "assessment-timeliness"] {
                let hub = try await Self.csv(app, f, "api/v1/reports/tables/\(table)?la=hub&\(query)")
                let parts = [
                    try await Self.csv(app, f, "api/v1/reports/tables/\(table)?la=850&\(query)"),
                    try await Self.csv(app, f, "api/v1/reports/tables/\(table)?la=921&\(query)"),
                ]
                for line in hub.split(separator: "\n").dropFirst() {
                    let measure = String(line.split(separator: ",").first ?? "")
                    guard !measure.hasSuffix("percentage"), measure != "timescale_working_days" else { continue }
                    let sum = parts.compactMap { value($0, measure).flatMap { Int($0) } }.reduce(0, +)
                    #expect(value(hub, measure) == String(sum), "\(table) \(measure)")
                }
            }
            // Rates need every authority's population.
            let wight = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "921").first())
            wight.childPopulation = nil
            try await wight.save(on: app.db)
            try await app.testing().test(.GET, "api/v1/reports/tables/rates-per-10000?la=hub&\(query)", headers: f.auth(.analyst)) { res in
                #expect(res.status == .conflict)
                #expect(res.errorCode == "no-child-population")
                #expect(res.body.string.contains("921"))
            }
        }
    }

    @Test("only users granted every authority of the hub see it: others get 403, and a page that says why", arguments: TestDatabase.all)
    func access(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            // An analyst of Hampshire only.
            let hampshire = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first())
            let analyst = UserModel(email: "hampshire-analyst@test.example", name: "Hampshire Analyst", role: .analyst, passwordHash: "x")
            try await analyst.save(on: app.db)
            try await UserAuthorityModel(userID: analyst.requireID(), laID: hampshire.requireID()).save(on: app.db)
            let token = try await APITokens.issue(for: analyst.requireID(), label: "test", validFor: 30, now: f.clock.now, on: app.db)
            for path in [
                "api/v1/reports/monthly.csv?la=hub&from=2026-10&to=2026-11",
                "api/v1/reports/monthly/records?la=hub&month=2026-11&measure=contacts_total",
                "api/v1/reports/information-sharing.csv?la=hub&from=2026-10&to=2026-11",
                "api/v1/reports/tables/enquiry-flow?la=hub&from=2026-10-01&to=2026-11-30",
            ] {
                try await app.testing().test(.GET, path, headers: f.header(token)) { res in
                    #expect(res.status == .forbidden, "\(path)")
                    #expect(res.errorCode == "hub-not-granted", "\(path)")
                    // It names none of the authorities the analyst is not granted.
                    #expect(!res.body.string.contains("921"), "\(path)")
                }
                try await app.testing().test(.GET, path, headers: f.auth(.analyst)) { res in
                    #expect(res.status == .ok, "\(path)")
                }
            }
            // Their own authority still works.
            try await app.testing().test(.GET, "api/v1/reports/monthly.csv?la=850&from=2026-10&to=2026-11", headers: f.header(token)) { res in
                #expect(res.status == .ok)
            }
            // A role without reports is refused whatever it asks for.
            try await app.testing().test(.GET, "api/v1/reports/monthly.csv?la=hub&from=2026-10&to=2026-11", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .forbidden)
                #expect(res.errorCode == "forbidden")
            }

            // The pages: the hub-wide analyst is offered the whole hub; the Hampshire analyst is not,
            // and asking for it anyway explains why.
            let browser = try await signIn(app, f, as: .analyst)
            try await browser.get("/reports/monthly?la=hub&from=2026-10&to=2026-11") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("<option value=\"hub\" selected>Whole hub (850, 921)</option>"))
                #expect(body.contains("Monthly report: the whole hub (850 Hampshire, 921 Isle of Wight)"))
                #expect(body.contains("<svg"))
                #expect(body.contains("/api/v1/reports/monthly.csv?la=hub&amp;from=2026-10&amp;to=2026-11") || body.contains("/api/v1/reports/monthly.csv?la=hub&from=2026-10&to=2026-11"))
            }
            try await browser.get("/reports/tables/re-referrals?la=hub&from=2026-01-01&to=2026-11-30") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Re-referrals within 12 months: the whole hub"))
            }
            analyst.passwordHash = try Bcrypt.hash("copper kettle morning rain", cost: 4)
            analyst.mustChangePassword = false
            try await analyst.save(on: app.db)
            let local = Browser(app)
            try await local.get("/sign-in")
            try await local.post("/sign-in", form: ["email": analyst.email, "password": "copper kettle morning rain"]) { res in
                #expect(res.status == .seeOther)
            }
            try await local.get("/")
            try await local.get("/reports/monthly?la=850&from=2026-10&to=2026-11") { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("Whole hub"))
            }
            for path in ["/reports/monthly?la=hub&from=2026-10&to=2026-11", "/reports/monthly/records?la=hub&month=2026-11&measure=contacts_total",
                         "/reports/tables/enquiry-flow?la=hub&from=2026-10-01&to=2026-11-30"] {
                try await local.get(path) { res in
                    #expect(res.status == .forbidden, "\(path)")
                    #expect(res.body.string.contains("The whole hub’s reports are for staff granted every local authority") ||
                            res.body.string.contains("The whole hub&#39;s reports are for staff granted every local authority") ||
                            res.body.string.contains("The whole hub's reports are for staff granted every local authority"), "\(path)")
                    #expect(!res.body.string.contains("921"), "\(path)")
                }
            }
        }
    }

    @Test("records behind a hub figure name their authority, and a restricted record shows only whom to ask", arguments: TestDatabase.all)
    func restrictedRecords(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let hampshire = try await createContact(app, f)
            var island = minimalContact(la: "921", given: "Isla", family: "Testchild")
            island["source"] = "2A"
            var islandID = "", childID = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(island)
            }, afterResponse: { res in
                #expect(res.status == .created)
                islandID = res.json["id"] as? String ?? ""
                childID = (res.json["children"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            })
            try await app.testing().test(.PUT, "api/v1/people/\(childID)/restriction", beforeRequest: { req in
                req.headers = f.auth(.teamManager)
                try req.json(["reason": "A staff member's own family"])
            }, afterResponse: { res in #expect(res.status == .ok) })
            let details = try await Self.records(app, f, la: "hub", month: "2026-11", measure: "contacts_total")
            let byID = Dictionary(details.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            #expect(Set(byID.keys) == [hampshire.uppercased(), islandID.uppercased()])
            #expect(byID[hampshire.uppercased()]?["la"] as? String == "850")
            #expect(byID[islandID.uppercased()]?["la"] as? String == "921")
            #expect(byID[hampshire.uppercased()]?["type"] as? String == "contact")
            #expect((byID[islandID.uppercased()]?["restricted"] as? [String: Any])?["ask"] as? String == "Test Team manager")
            #expect(byID[hampshire.uppercased()]?["restricted"] == nil || byID[hampshire.uppercased()]?["restricted"] is NSNull)
            // The manager who restricted it may open it: no restriction for them.
            let forManager = try await Self.records(app, f, la: "hub", month: "2026-11", measure: "contacts_total", role: .teamManager)
            #expect(forManager.allSatisfy { $0["restricted"] == nil || $0["restricted"] is NSNull })
            // The page lists both, links the open one for a manager and shows whom to ask for the other.
            let browser = try await signIn(app, f, as: .assistantTeamManager)
            try await browser.get("/reports/monthly/records?la=hub&month=2026-11&measure=contacts_total") { res in
                #expect(res.status == .ok)
                let body = res.body.string
                #expect(body.contains("2 records."))
                #expect(body.contains("<td>850</td>") && body.contains("<td>921</td>"))
                #expect(body.contains("href=\"/contacts/\(hampshire.lowercased())\""))
                #expect(!body.contains("href=\"/contacts/\(islandID.lowercased())\""))
                #expect(body.contains("Restricted record: ask Test Team manager for access"))
                #expect(!body.contains("Isla"))
            }
        }
    }
}
