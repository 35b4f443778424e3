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
