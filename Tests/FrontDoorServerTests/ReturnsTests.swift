import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Statutory returns from live data")
struct ReturnsTests {
    static let year = CINCensusYear(ending: 2026)!

    static func loadHistory(_ app: Application, count: Int = 80, seed: UInt64 = 7) async throws -> LocalAuthorityModel {
        let la = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first())
        _ = try await DemoStatutoryHistory(la: la, calendar: la.calendar(holidays: .englandAndWales), year: year, count: count, seed: seed,
                                           managers: [], socialWorkers: []).load(on: app.db)
        return la
    }

    @Test("the census from the database is exactly the census of the histories stored, and passes its own checks", arguments: TestDatabase.all)
    func censusRoundTrip(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let la = try await Self.loadHistory(app)
            let at = f.clock.now
            let fromDatabase = try await ReturnsExport.census(la: la, year: Self.year, serial: 1, now: at, holidays: .englandAndWales, on: app.db)
            let histories = CINCensusSample.children(la: "850", year: Self.year, count: 80, seed: 7, calendar: la.calendar(holidays: .englandAndWales))
            let direct = CINCensus(year: Self.year, la: "850", release: FrontDoorVersion.current, serialNumber: 1, createdAt: at, selectingFrom: histories)
            #expect(fromDatabase.children.count == 80)
            #expect(fromDatabase.children == direct.children)
            #expect(fromDatabase.xml() == direct.xml())
            #expect(fromDatabase.validate().isEmpty)
        }
    }

    @Test("the census's referrals and children read column by column are exactly those read through the models", arguments: TestDatabase.all)
    func directRowsEqualModels(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let la = try await Self.loadHistory(app, count: 60)
            let laID = try la.requireID()
            let calendar = la.calendar(holidays: .englandAndWales)
            let yearEnd = calendar.endOfDay(Self.year.referenceDate), firstDay = Self.year.start.iso
            // A referral as the front door records it (no case-system history), with every
            // column the census reads filled in.
            let worker = try #require(try await UserModel.query(on: app.db).first())
            let own = try #require(try await ReferralModel.query(on: app.db).filter(\.$laID == laID).filter(\.$closedAt == nil)
                .filter(\.$referredAt < yearEnd).first())
            own.downstream = nil
            own.assessmentFactors = ["2A", "3B"]
            own.assessmentStartedAt = "2025-06-02"
            own.assessmentAuthorisedAt = "2025-07-01"
            own.s47StartedAt = "2025-06-03"
            own.icpcTarget = "2025-06-24"
            own.icpcAt = "2025-06-20"
            own.cpPlanStartedAt = "2025-06-20"
            own.nfa = false
            own.workerID = try worker.requireID()
            own.outcomeTeam = "Team East"
            own.primaryNeed = "N1"
            try await own.save(on: app.db)
            // A referral closed before the year: not in the census.
            let closed = try #require(try await ReferralModel.query(on: app.db).filter(\.$laID == laID).filter(\.$id != own.requireID())
                .filter(\.$referredAt < yearEnd).first())
            closed.closedAt = "2024-01-05"
            closed.reasonForClosure = "RC8"
            try await closed.save(on: app.db)

            let direct = try await ReturnRows.census(laID: laID, yearEnd: yearEnd, firstDay: firstDay, on: app.db)
            let models = try await ReturnRows.censusThroughModels(laID: laID, yearEnd: yearEnd, firstDay: firstDay, on: app.db)
            #expect(direct.referrals.sorted { $0.id.uuidString < $1.id.uuidString } == models.referrals.sorted { $0.id.uuidString < $1.id.uuidString })
            #expect(direct.people.sorted { $0.id.uuidString < $1.id.uuidString } == models.people.sorted { $0.id.uuidString < $1.id.uuidString })
            // The cases the comparison must cover are there.
            #expect(direct.referrals.count >= 59 && direct.people.count == Set(direct.referrals.map(\.childID)).count)
            #expect(direct.referrals.contains { $0.id == own.id && $0.assessmentFactors == ["2A", "3B"] && $0.workerID == worker.id && $0.nfa == false })
            #expect(!direct.referrals.contains { $0.id == closed.id })
            #expect(direct.referrals.contains { $0.downstream != nil } && direct.referrals.contains { $0.closedAt != nil })
            #expect(direct.people.contains { !$0.disabilities.isEmpty } && direct.people.contains { $0.upn != nil })

            // The file does not depend on the order the database gives the rows in, even for two
            // referrals of a child on the same day.
            var twin = try #require(direct.referrals.first { $0.id == own.id })
            twin.id = UUID()
            twin.source = twin.source == "1A" ? "5D" : "1A"
            let rows = direct.referrals + [twin]
            let census = ReturnsData.children(direct.people, referrals: rows, calendar: calendar)
            #expect(census == ReturnsData.children(direct.people.reversed(), referrals: rows.reversed(), calendar: calendar))
            #expect(census.first { $0.episodes.count > 1 && $0.episodes[0].referralDate == $0.episodes[1].referralDate } != nil)
        }
    }

    @Test("managers export the census and Annex A through the API; others may not; bad years and dates name the field", arguments: TestDatabase.all)
    func api(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            _ = try await Self.loadHistory(app, count: 40)
            try await app.testing().test(.GET, "api/v1/returns/cin-census?la=850&year=2026", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "xml")
                let xml = res.body.string
                #expect(xml.contains("<Year>2026</Year>"))
                #expect(xml.components(separatedBy: "<Child>").count - 1 == 40)
            }
            for role in [Role.triageWorker, .analyst, .partnerAgencyOfficer] {
                try await app.testing().test(.GET, "api/v1/returns/cin-census?la=850&year=2026", headers: f.auth(role)) { res in #expect(res.status == .forbidden) }
            }
            try await app.testing().test(.GET, "api/v1/returns/cin-census?la=850&year=twenty", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["year"])
            }
            try await app.testing().test(.GET, "api/v1/returns/annex-a?la=850&asOf=2026-03-31", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .ok)
                #expect(Array(res.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            }
            var referralRows = 0
            try await app.testing().test(.GET, "api/v1/returns/annex-a?la=850&asOf=2026-03-31&list=3", headers: f.auth(.administrator)) { res in
                #expect(res.status == .ok)
                let lines = res.body.string.split(separator: "\r\n")
                #expect(lines.first?.hasPrefix("Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Referral") == true)
                referralRows = lines.count - 1
            }
            // List 3 holds every referral received in the six months to the as-of date.
            let period = AnnexAPeriod(asOf: LocalDate(year: 2026, month: 3, day: 31)!)
            let calendar = WorkingCalendar()
            let expected = try await ReferralModel.query(on: app.db).all().filter { period.contains(calendar.localDate(of: $0.referredAt)) }.count
            #expect(referralRows == expected && expected > 0)
            try await app.testing().test(.GET, "api/v1/returns/annex-a?la=850&asOf=31/03/2026", headers: f.auth(.teamManager)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["asOf"])
            }
            let audited = try await AuditEventModel.query(on: app.db).filter(\.$action ~~ ["export-cin-census", "export-annex-a"]).count()
            #expect(audited == 3)
        }
    }
}

@Suite("Report tables and report pages")
struct ReportPageTests {
    @Test("the other tables as CSV through the API, with clear errors for bad periods", arguments: TestDatabase.all)
    func tablesCSV(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            _ = try await ReturnsTests.loadHistory(app, count: 30)
            for table in ReportTable.allCases {
                try await app.testing().test(.GET, "api/v1/reports/tables/\(table.rawValue)?la=850&from=2025-04-01&to=2026-03-31", headers: f.auth(.analyst)) { res in
                    #expect(res.status == .ok, "\(table.rawValue): \(res.body.string)")
                    #expect(res.headers.contentType?.subType == "csv")
                    #expect(res.body.string.split(whereSeparator: \.isNewline).count > 1)
                }
            }
            // Referrals in the year, counted from the stored records, equal the CSV's figure.
            let calendar = WorkingCalendar()
            let period = try #require(ReportPeriod(from: LocalDate(year: 2025, month: 4, day: 1)!, through: LocalDate(year: 2026, month: 3, day: 31)!))
            let referred = try await ReferralModel.query(on: app.db).all().filter { period.contains(calendar.localDate(of: $0.referredAt)) }.count
            try await app.testing().test(.GET, "api/v1/reports/tables/attrition-by-source?la=850&from=2025-04-01&to=2026-03-31", headers: f.auth(.analyst)) { res in
                let all = res.body.string.split(whereSeparator: \.isNewline).first { $0.hasPrefix("all,referrals,") }
                #expect(all?.split(separator: ",")[2] == Substring(String(referred)))
            }
            try await app.testing().test(.GET, "api/v1/reports/tables/enquiry-flow?la=850&from=2026-03-31&to=2025-04-01", headers: f.auth(.analyst)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["to"])
            }
            try await app.testing().test(.GET, "api/v1/reports/tables/nonsense?la=850&from=2025-04-01&to=2026-03-31", headers: f.auth(.analyst)) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "api/v1/reports/tables/enquiry-flow?la=850&from=2025-04-01&to=2026-03-31", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("the monthly report page: Appendix 1 layout, chart, each figure linked to its records; other tables; refused to triage workers", arguments: TestDatabase.all)
    func pages(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            _ = try await createContact(app, f)
            let browser = try await signIn(app, f, as: .analyst)
            try await browser.get("/reports") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Monthly report"))
            }
            var recordsLink = ""
            try await browser.get("/reports/monthly?la=850&from=2026-10&to=2026-11") { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("<th scope=\"col\">2026-10</th><th scope=\"col\">2026-11</th>"))
                #expect(html.contains("Total contacts"))
                #expect(html.contains("<svg role=\"img\""))
                #expect(html.contains("2026-11: 1 contacts"))
                if let range = html.range(of: "/reports/monthly/records?la=850&amp;month=2026-11&amp;measure=contacts_total") ?? html.range(of: "/reports/monthly/records?la=850&month=2026-11&measure=contacts_total") {
                    recordsLink = String(html[range]).replacingOccurrences(of: "&amp;", with: "&")
                }
            }
            #expect(!recordsLink.isEmpty)
            let contact = try #require(try await ContactModel.query(on: app.db).first()).id!.uuidString
            try await browser.get(recordsLink) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(contact))
            }
            try await browser.get("/reports/monthly?la=850&from=2026-13&to=2026-11") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("There is a problem"))
            }
            try await browser.get("/reports/tables/decision-timeliness?la=850&from=2026-11-01&to=2026-11-30") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("<table class=\"report\">"))
            }
            let worker = try await signIn(app, f, as: .triageWorker)
            try await worker.get("/reports/monthly?la=850") { res in #expect(res.status == .forbidden) }
        }
    }
}
