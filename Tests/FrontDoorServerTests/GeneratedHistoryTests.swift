import Fluent
import SQLKit
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Importing generated history")
struct GeneratedHistoryTests {
    @Test("a small generated history imports whole, and importing it again changes nothing", arguments: TestDatabase.all)
    func importGenerated(db: TestDatabase) async throws {
        let options = HistoryGenerator.Options(la: "850", end: LocalDate(iso: "2026-10-31")!, months: 2, seed: 7, monthlyContacts: 80)
        let records = Array(HistoryGenerator(options))
        let count = { (kind: InterchangeKind) in records.filter { $0.kind == kind }.count }
        #expect(count(.contact) >= 140 && count(.referral) > 20)
        let text = InterchangeWriter.document(records)
        try await withTestApp(db) { app, f in
            for _ in 0..<2 {
                try await InterchangeTests.post(app, f, text) { res in
                    #expect(res.status == .ok, "\(res.body.string.prefix(500))")
                    #expect(res.json["people"] as? Int == count(.person))
                    #expect(res.json["contacts"] as? Int == count(.contact))
                    #expect(res.json["referrals"] as? Int == count(.referral))
                }
            }
            let la = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first())
            #expect(try await ContactModel.query(on: app.db).filter(\.$laID == la.requireID()).filter(\.$ref != nil).count() == count(.contact))
            #expect(try await ReferralModel.query(on: app.db).filter(\.$ref != nil).count() == count(.referral))
            #expect(try await PersonModel.query(on: app.db).filter(\.$ref != nil).count() == count(.person))
            // Imported twice: the second import named each contact's children again.
            #expect(try await contactsWithChildrenMiscounted(app).isEmpty)
            #expect(try await contactsWithMonthMiscounted(app).isEmpty)
            #expect(try await ContactModel.query(on: app.db).filter(\.$childrenNamed > 1).count() > 0)
        }
    }

    @Test("after a large import the query planner's statistics are gathered again", arguments: TestDatabase.all)
    func statisticsRefreshed(db: TestDatabase) async throws {
        let options = HistoryGenerator.Options(la: "850", end: LocalDate(iso: "2026-10-31")!, months: 1, seed: 3, monthlyContacts: 40)
        let text = InterchangeWriter.document(Array(HistoryGenerator(options)))
        try await withTestApp(db) { app, f in
            let sql = try #require(app.db as? any SQLDatabase)
            struct Count: Decodable { var n: Int }
            // The tables' statistics, as each database keeps them.
            func analysed() async throws -> Int {
                if sql.dialect.name == "sqlite" {
                    let exists = try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").first(decoding: Count.self)?.n ?? 0
                    guard exists > 0 else { return 0 }
                    return try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = 'people'").first(decoding: Count.self)?.n ?? 0
                }
                return try await sql.raw("SELECT COUNT(*) AS n FROM pg_stat_user_tables WHERE relname = 'people' AND schemaname = current_schema() AND last_analyze IS NOT NULL").first(decoding: Count.self)?.n ?? 0
            }
            #expect(try await analysed() == 0)
            var importer = InterchangeImport(db: app.db, now: Date())
            importer.refreshStatisticsFrom = 100
            _ = try await importer.run { InterchangeReader(data: Data(text.utf8)) }
            #expect(try await analysed() > 0)
        }
    }
}
