import Fluent
import Foundation
import SQLKit
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Reading a report's rows")
struct ReportReadingTests {
    /// The rows of an import of generated history, and the records added to it that the history
    /// does not hold: discussions held and not held, a contact naming no child.
    @Test("the direct reading gives exactly the rows of the straightforward reading, and the same report", arguments: TestDatabase.all)
    func directEqualsDecoding(db: TestDatabase) async throws {
        let options = HistoryGenerator.Options(la: "850", end: LocalDate(iso: "2026-10-31")!, months: 6, seed: 11, monthlyContacts: 60)
        let text = InterchangeWriter.document(Array(HistoryGenerator(options)))
        try await withTestApp(db) { app, f in
            _ = try await InterchangeImport(db: app.db, now: Date()).run { InterchangeReader(data: Data(text.utf8)) }
            let la = try #require(try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first())
            let laID = try la.requireID()
            let calendar = la.calendar(holidays: .englandAndWales)
            // From the middle of the history: some referrals before it have enquiries and
            // assessments starting inside it.
            let start = calendar.startOfDay(LocalDate(iso: "2026-08-01")!), end = calendar.startOfDay(LocalDate(iso: "2026-11-01")!)

            let referrals = try await ReferralModel.query(on: app.db).filter(\.$laID == laID).filter(\.$referredAt >= start)
                .sort(\.$referredAt).limit(2).all()
            #expect(referrals.count == 2)
            func discussion(_ referral: ReferralModel, heldAt: Date?) async throws {
                let model = StrategyDiscussionModel()
                model.laID = laID
                model.referralID = try referral.requireID()
                model.scheduledAt = referral.referredAt.addingTimeInterval(3_600)
                model.heldAt = heldAt
                model.participants = "[]"
                model.version = 1
                try await model.save(on: app.db)
            }
            // Two held (the later counts) and one not yet held; and one only scheduled.
            try await discussion(referrals[0], heldAt: referrals[0].referredAt.addingTimeInterval(7_200))
            try await discussion(referrals[0], heldAt: referrals[0].referredAt.addingTimeInterval(90_000))
            try await discussion(referrals[0], heldAt: nil)
            try await discussion(referrals[1], heldAt: nil)
            // A contact whose children have all been unlinked counts once.
            let contact = try #require(try await ContactModel.query(on: app.db).filter(\.$laID == laID).filter(\.$receivedAt >= start).first())
            try await ContactPersonModel.query(on: app.db).filter(\.$contactID == contact.requireID()).filter(\.$role == "child").delete()
            try await ContactChildren.recount([contact.requireID()], on: app.db)
            #expect(try await contactsWithChildrenMiscounted(app).isEmpty)

            let span = ReportRowReader.Span(laID: laID, start: start, end: end, startDate: "2026-08-01", endDate: "2026-11-01")
            let direct = try #require(try await ReportRowReader.read(span, on: app.db), "SQLite and PostgreSQL are read directly")
            let decoding = try await ReportData.readDecoding(span, on: app.db)
            #expect(direct.contacts.sorted { $0.id < $1.id } == decoding.contacts.sorted { $0.id < $1.id })
            #expect(direct.referrals.sorted { $0.id < $1.id } == decoding.referrals.sorted { $0.id < $1.id })

            // The cases the comparison must cover are there.
            #expect(decoding.contacts.count > 100)
            #expect(decoding.contacts.contains { $0.id == contact.id?.uuidString && $0.children == 0 })
            #expect(decoding.contacts.contains { $0.children > 1 })
            #expect(decoding.referrals.contains { $0.referred_at < start }, "a referral read for its enquiry or assessment alone")
            #expect(decoding.referrals.contains { $0.s47_started_at != nil } && decoding.referrals.contains { $0.assessment_started_at != nil })
            let held = decoding.referrals.first { $0.id == referrals[0].id?.uuidString }?.held_at
            #expect(held == referrals[0].referredAt.addingTimeInterval(90_000))
            #expect(decoding.referrals.first { $0.id == referrals[1].id?.uuidString }.map { $0.held_at == nil } == true)

            // And so the same report, figure for figure.
            let directRows = try await ReportData.load(la: la, from: start, to: end, on: app.db, reading: .direct)
            let decodingRows = try await ReportData.load(la: la, from: start, to: end, on: app.db, reading: .decoding)
            #expect(Set(directRows.contacts) == Set(decodingRows.contacts) && directRows.contacts.count == decodingRows.contacts.count)
            #expect(Set(directRows.referrals) == Set(decodingRows.referrals) && directRows.referrals.count == decodingRows.referrals.count)
            let months = (ReportMonth(iso: "2026-08")!, ReportMonth(iso: "2026-10")!)
            let report = { (rows: ReportData.Rows) in
                Reports.monthly(scope: ReportTarget(la).scope(holidays: .englandAndWales), from: months.0, through: months.1,
                                contacts: rows.contacts, referrals: rows.referrals).csv
            }
            #expect(report(directRows) == report(decodingRows))

            // The figures the database counts (as the CSV and the page give them) are the
            // figures from every row, for the authority and for the hub.
            for target in [ReportTarget(la), try await ReportTarget.hub(on: app.db)] {
                let counted = try await ReportData.monthly(target, from: months.0, through: months.1, holidays: .englandAndWales, on: app.db)
                let full = try await ReportData.monthlyWithRows(target, from: months.0, through: months.1, holidays: .englandAndWales, on: app.db).report
                #expect(counted.csv == full.csv)
                // The contacts and the referrals read side by side (`frontdoor report`), not in
                // turn as the server reads them (`counted`).
                let inParts = try await ReportData.monthly(target, from: months.0, through: months.1, holidays: .englandAndWales, on: app.db, handle: { app.db })
                #expect(inParts.csv == full.csv)
                #expect(counted.value(.contactsTotal, month: months.1).count ?? 0 > 50)
                #expect(counted.value(.referralsTotal, month: months.1).count ?? 0 > 10)
                // Enquiries and assessments starting in the months, some of them of referrals
                // received before: counted by month in the database.
                let months3 = ReportMonth.range(from: months.0, through: months.1)
                #expect(months3.reduce(0) { $0 + (counted.value(.s47Started, month: $1).count ?? 0) } > 0)
                #expect(months3.reduce(0) { $0 + (counted.value(.cfAssessmentsStarted, month: $1).count ?? 0) } > 0)
                #expect(counted.records(for: .contactsTotal, month: months.1).isEmpty && !full.records(for: .contactsTotal, month: months.1).isEmpty)
            }
        }
    }

    @Test("each contact's month is its Europe/London month: written with it through the API, kept when it changes, and filled in by migration 011", arguments: TestDatabase.all)
    func contactMonths(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            // Each side of midnight at the end of a month in summer time (London is an hour
            // ahead of UTC) and in winter, and at the clock changes.
            let instants = [
                "2026-03-31T22:59:59Z", "2026-03-31T23:00:00Z", "2026-06-30T23:30:00Z", "2026-07-01T00:00:00Z",
                "2026-10-31T23:30:00Z", "2026-11-01T00:00:00Z", "2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z",
                "2026-03-29T00:30:00Z", "2026-10-25T00:30:00Z",
            ]
            let expected = [202603, 202604, 202607, 202607, 202610, 202611, 202512, 202601, 202603, 202610]
            for (index, instant) in instants.enumerated() {
                try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                    req.headers = f.auth(.triageWorker)
                    try req.json(minimalContact(receivedAt: instant, given: "Month\(index)"))
                }) { res in #expect(res.status == .created, "\(res.body.string)") }
            }
            let written = try await ContactModel.query(on: app.db).sort(\.$receivedAt).all()
            let byInstant = Dictionary(uniqueKeysWithValues: written.map { (RFC3339.format($0.receivedAt), $0.receivedMonth) })
            for (instant, month) in zip(instants, expected) {
                #expect(byInstant[RFC3339.format(ISO8601DateFormatter().date(from: instant)!)] == month, "\(instant)")
            }
            #expect(try await contactsWithMonthMiscounted(app).isEmpty)
            // Setting the instant sets the month.
            let moved = try #require(written.first)
            moved.receivedAt = ISO8601DateFormatter().date(from: "2026-08-31T23:30:00Z")!
            #expect(moved.receivedMonth == 202609)
            try await moved.save(on: app.db)
            #expect(try await contactsWithMonthMiscounted(app).isEmpty)
            // The migration's filling in, from nothing.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE \(ident: ContactModel.schema) SET received_month = 0").run()
            #expect(try await contactsWithMonthMiscounted(app).count == instants.count)
            try await CountByMonth.fill(on: sql)
            #expect(try await contactsWithMonthMiscounted(app).isEmpty)
        }
    }

    @Test("a contact's month is its month in Europe/London, as Foundation's own calendar gives it, for any instant")
    func monthKeys() {
        var london = Calendar(identifier: .gregorian)
        london.timeZone = TimeZone(identifier: "Europe/London")!
        var random = SeededRandom(seed: 5)
        for _ in 0..<5_000 {
            let instant = Date(timeIntervalSince1970: Double(Int.random(in: 946_684_800...1_893_456_000, using: &random)))
            let parts = london.dateComponents([.year, .month], from: instant)
            #expect(ContactMonth.key(of: instant) == parts.year! * 100 + parts.month!)
        }
    }

    @Test("a UUID's text is written as uuidString writes it")
    func canonicalText() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(ReportRowReader.canonicalText(id) == id.uuidString)
        }
        for edge in [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))] {
            #expect(ReportRowReader.canonicalText(edge) == edge.uuidString)
        }
    }

    @Test("a UUID's text is read back to the same UUID in either case, as UUID(uuidString:) reads it, and anything else is refused")
    func readingUUIDs() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(ReportRowReader.uuid(id.uuidString) == id)
            #expect(ReportRowReader.uuid(id.uuidString.lowercased()) == id)
            // One character spoilt anywhere: refused, as UUID(uuidString:) refuses it.
            var bytes = Array(id.uuidString.utf8)
            let at = Int.random(in: 0..<bytes.count)
            bytes[at] = bytes[at] == UInt8(ascii: "-") ? UInt8(ascii: "0") : UInt8(ascii: "g")
            let spoilt = String(decoding: bytes, as: UTF8.self)
            #expect(ReportRowReader.uuid(spoilt) == nil && UUID(uuidString: spoilt) == nil)
        }
        for text in ["", "not a uuid", "00000000-0000-0000-0000-00000000000G", "00000000000000000000000000000000000A",
                     "00000000-0000-0000-0000-0000000000000", "{00000000-0000-0000-0000-000000000000}"] {
            #expect(ReportRowReader.uuid(text) == UUID(uuidString: text))
        }
        #expect(ReportRowReader.uuid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF") == UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
    }
}

@Suite("A report's months")
struct ReportMonthsTests {
    @Test("an authority's months: the first instant of each, and the span's instants and local dates")
    func months() throws {
        let la = LocalAuthorityModel(code: "850", name: "Hampshire", childPopulation: 283_000)
        la.id = UUID()
        let whole = try ReportCounts.Months(la, from: ReportMonth(iso: "2024-11")!, through: ReportMonth(iso: "2026-10")!, holidays: .englandAndWales)
        #expect(whole.starts.count == 24 && whole.startDate == "2024-11-01" && whole.endDate == "2026-11-01")
        #expect(whole.start == whole.starts[0])
        #expect(whole.keys.first == 202411 && whole.keys.last == 202610)
    }
}
