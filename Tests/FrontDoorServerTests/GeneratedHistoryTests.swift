import Fluent
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
        }
    }
}
