import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// Reads the records a report needs from the database into the domain's report rows. Every
/// figure is computed from these rows by the definitions in `FrontDoorDomain/Reports`, never from
/// a stored counter.
enum ReportData {
    struct Rows {
        var contacts: [ReportContact]
        var referrals: [ReportReferral]
    }

    /// A contact as the reports read it: the columns they use, and how many children it names.
    /// Ids are the canonical text of the UUID (`UUID.uuidString`), as figures name their records.
    struct ContactRow: Equatable {
        var id: String
        var received_at: Date
        var source: String
        var open_case_at_receipt: Bool
        var rag: String?
        var outcome: String?
        var decided_at: Date?
        /// Children named (people with the role `child`): 0 when none is.
        var children: Int
    }

    /// A referral as the reports read it, with the latest strategy discussion held for it.
    struct ReferralRow: Equatable {
        var id: String
        var child_id: String
        var contact_id: String?
        var referred_at: Date
        var source: String
        var decided_at: Date?
        var outcome: String?
        var s47_started_at: String?
        var assessment_started_at: String?
        var assessment_authorised_at: String?
        var icpc_at: String?
        var strategy_discussion_at: Date?
        /// The latest `held_at` of the referral's strategy discussions, when one has been held.
        var held_at: Date?
    }

    /// How the rows are read. `.direct` reads each database's rows by position in one query per
    /// table (`ReportRowReader`), on SQLite and PostgreSQL; `.decoding` is the straightforward way,
    /// a query per kind of record decoded through SQLKit's `Codable` rows, for any SQL database.
    /// Both give the same rows (a test compares them on both databases).
    enum Reading: Sendable {
        case direct
        case decoding
    }

    /// Contacts received, and referrals received or with a section 47 or assessment starting,
    /// between two instants. Only the columns the reports use are read (SQL rows, not models), and
    /// each contact's children as counted on it (`children_named`).
    static func load(la: LocalAuthorityModel, from start: Date, to end: Date, on db: any Database, reading: Reading = .direct) async throws -> Rows {
        let laID = try la.requireID()
        let calendar = la.calendar(holidays: .englandAndWales)
        let span = ReportRowReader.Span(
            laID: laID, start: start, end: end,
            startDate: calendar.localDate(of: start).iso, endDate: calendar.localDate(of: end).iso
        )
        let read: (contacts: [ContactRow], referrals: [ReferralRow])
        if reading == .direct, let direct = try await ReportRowReader.read(span, on: db) {
            read = direct
        } else {
            read = try await readDecoding(span, on: db)
        }
        return rows(la: la.code, contacts: read.contacts, referrals: read.referrals)
    }

    /// The straightforward reading: SQLKit queries decoded through `Codable`, the discussions held
    /// by a query of their own.
    static func readDecoding(_ span: ReportRowReader.Span, on db: any Database) async throws -> (contacts: [ContactRow], referrals: [ReferralRow]) {
        guard let sql = db as? any SQLDatabase else { throw APIError.badRequest("reports need an SQL database") }
        let laID = span.laID, start = span.start, end = span.end
        struct Contact: Decodable {
            var id: UUID
            var received_at: Date
            var source: String
            var open_case_at_receipt: Bool
            var rag: String?
            var outcome: String?
            var decided_at: Date?
            var children_named: Int
        }
        let contacts = try await sql.select()
            .columns("id", "received_at", "source", "open_case_at_receipt", "rag", "outcome", "decided_at", "children_named")
            .from(ContactModel.schema)
            .where("la_id", .equal, SQLBind(laID))
            .where("received_at", .greaterThanOrEqual, SQLBind(start))
            .where("received_at", .lessThan, SQLBind(end))
            .all(decoding: Contact.self)
        struct Referral: Decodable {
            var id: UUID
            var child_id: UUID
            var contact_id: UUID?
            var referred_at: Date
            var source: String
            var decided_at: Date?
            var outcome: String?
            var s47_started_at: String?
            var assessment_started_at: String?
            var assessment_authorised_at: String?
            var icpc_at: String?
            var strategy_discussion_at: Date?
        }
        let referrals = try await sql.select()
            .columns("id", "child_id", "contact_id", "referred_at", "source", "decided_at", "outcome", "s47_started_at",
                     "assessment_started_at", "assessment_authorised_at", "icpc_at", "strategy_discussion_at")
            .from(ReferralModel.schema)
            .where("la_id", .equal, SQLBind(laID))
            .where(group: { or in
                or.where(group: { $0.where("referred_at", .greaterThanOrEqual, SQLBind(start)).where("referred_at", .lessThan, SQLBind(end)) })
                    .orWhere(group: { $0.where("s47_started_at", .greaterThanOrEqual, SQLBind(span.startDate)).where("s47_started_at", .lessThan, SQLBind(span.endDate)) })
                    .orWhere(group: { $0.where("assessment_started_at", .greaterThanOrEqual, SQLBind(span.startDate)).where("assessment_started_at", .lessThan, SQLBind(span.endDate)) })
            })
            .all(decoding: Referral.self)
        // Discussions held, for the referrals of the authority (the latest per referral).
        struct Held: Decodable {
            var referral_id: UUID
            var held_at: Date
        }
        let held = try await sql.select()
            .column(SQLColumn("referral_id", table: StrategyDiscussionModel.schema))
            .column(SQLColumn("held_at", table: StrategyDiscussionModel.schema))
            .from(StrategyDiscussionModel.schema)
            .where(SQLColumn("la_id", table: StrategyDiscussionModel.schema), .equal, SQLBind(laID))
            .where(SQLColumn("held_at", table: StrategyDiscussionModel.schema), .isNot, SQLLiteral.null)
            .all(decoding: Held.self)
        let heldAt = Dictionary(held.map { ($0.referral_id, $0.held_at) }, uniquingKeysWith: { a, b in max(a, b) })
        return (
            contacts.map { c in
                ContactRow(
                    id: c.id.uuidString, received_at: c.received_at, source: c.source, open_case_at_receipt: c.open_case_at_receipt,
                    rag: c.rag, outcome: c.outcome, decided_at: c.decided_at, children: c.children_named
                )
            },
            referrals.map { r in
                ReferralRow(
                    id: r.id.uuidString, child_id: r.child_id.uuidString, contact_id: r.contact_id?.uuidString, referred_at: r.referred_at,
                    source: r.source, decided_at: r.decided_at, outcome: r.outcome, s47_started_at: r.s47_started_at,
                    assessment_started_at: r.assessment_started_at, assessment_authorised_at: r.assessment_authorised_at, icpc_at: r.icpc_at,
                    strategy_discussion_at: r.strategy_discussion_at, held_at: heldAt[r.id]
                )
            }
        )
    }

    /// The domain's report rows from the rows read. A contact naming no child counts once.
    static func rows(la code: String, contacts: [ContactRow], referrals: [ReferralRow]) -> Rows {
        Rows(
            contacts: contacts.compactMap { contact in
                guard let source = ReferralSource(rawValue: contact.source) else { return nil }
                var decision: ReportContact.Decision?
                if let outcome = contact.outcome.flatMap(ContactOutcome.init(rawValue:)), let at = contact.decided_at {
                    decision = .init(outcome: outcome, decidedAt: at)
                }
                return ReportContact(
                    id: contact.id, la: code, receivedAt: contact.received_at, source: source,
                    openCaseAtReceipt: contact.open_case_at_receipt, children: contact.children == 0 ? 1 : contact.children,
                    rag: contact.rag.flatMap(RAG.init(rawValue:)), decision: decision
                )
            },
            referrals: referrals.compactMap { referral in
                guard let source = ReferralSource(rawValue: referral.source) else { return nil }
                let outcome = referral.outcome.flatMap(ReferralOutcome.init(rawValue:))
                return ReportReferral(
                    id: referral.id, la: code, childId: referral.child_id, contactId: referral.contact_id,
                    referredAt: referral.referred_at, source: source, completedAt: referral.decided_at,
                    outcome: outcome.flatMap { ReferralReportOutcome(rawValue: $0.reportOutcome) },
                    strategyDiscussionAt: referral.held_at ?? referral.strategy_discussion_at,
                    s47StartedAt: referral.s47_started_at.flatMap(LocalDate.init(iso:)),
                    assessmentStartedAt: referral.assessment_started_at.flatMap(LocalDate.init(iso:)),
                    assessmentAuthorisedAt: referral.assessment_authorised_at.flatMap(LocalDate.init(iso:)),
                    icpcAt: referral.icpc_at.flatMap(LocalDate.init(iso:))
                )
            }
        )
    }

    /// `load(la:…)` for each authority of a report's target, together: a hub's rows are the union
    /// of its authorities' rows, each still naming its own authority.
    static func load(_ target: ReportTarget, from start: Date, to end: Date, on db: any Database, reading: Reading = .direct) async throws -> Rows {
        var rows = Rows(contacts: [], referrals: [])
        for la in target.authorities {
            let part = try await load(la: la, from: start, to: end, on: db, reading: reading)
            rows.contacts += part.contacts
            rows.referrals += part.referrals
        }
        return rows
    }

    /// The monthly front-door report for whole months, from live data.
    static func monthly(la: LocalAuthorityModel, from: ReportMonth, through: ReportMonth, holidays: BankHolidays, on db: any Database) async throws -> MonthlyReport {
        try await monthly(ReportTarget(la), from: from, through: through, holidays: holidays, on: db)
    }

    /// The monthly report of one authority or of the whole hub (`ReportScope`): its figures, without
    /// the records behind them (`ReportCounts`; `monthlyWithRows` gives those).
    ///
    /// `handle` gives a database handle for each of the queries run at once (`ReportCounts.read`):
    /// `{ req.db }`, say; without one they run one after another on `db` (`readInTurn`), as the
    /// server runs them: a report then keeps one core busy at a time, not both.
    static func monthly(
        _ target: ReportTarget, from: ReportMonth, through: ReportMonth, holidays: BankHolidays, on db: any Database,
        handle: (@Sendable () -> any Database)? = nil
    ) async throws -> MonthlyReport {
        var contacts: [ReportContact] = [], referrals: [ReportReferral] = []
        for la in target.authorities {
            let span = try ReportCounts.Months(la, from: from, through: through, holidays: holidays)
            let read = if let handle {
                try await ReportCounts.read(span, handle: handle)
            } else {
                try await ReportCounts.readInTurn(span, on: db)
            }
            if let read {
                let rows = ReportCounts.reportRows(span, groups: read.groups, referrals: read.referrals)
                contacts += rows.contacts
                referrals += rows.referrals
            } else {
                let rows = try await load(la: la, from: span.start, to: span.end, on: db)
                contacts += rows.contacts
                referrals += rows.referrals
            }
        }
        return Reports.monthly(scope: target.scope(holidays: holidays), from: from, through: through, contacts: contacts, referrals: referrals, keepingRecords: false)
    }

    /// The instants a report of whole months spans: the first instant of the first month to the
    /// first instant after the last.
    static func span(from: ReportMonth, through: ReportMonth, calendar: WorkingCalendar) throws -> (start: Date, end: Date) {
        guard let first = LocalDate(year: from.year, month: from.month, day: 1),
              let afterLast = ReportMonth.range(from: through, through: through).first.flatMap({ LocalDate(year: $0.year, month: $0.month, day: 1) }),
              let next = calendar.date(byAddingDays: 32, to: afterLast).flatMap({ LocalDate(year: $0.year, month: $0.month, day: 1) })
        else { throw APIError.badRequest("the months could not be read") }
        return (calendar.startOfDay(first), calendar.startOfDay(next))
    }

    /// The monthly report and the rows it was computed from (which name each record's authority).
    static func monthlyWithRows(
        _ target: ReportTarget, from: ReportMonth, through: ReportMonth, holidays: BankHolidays, on db: any Database
    ) async throws -> (report: MonthlyReport, rows: Rows) {
        // Months are Europe/London months in every authority's calendar.
        let calendar = WorkingCalendar(holidays: holidays)
        let (start, end) = try span(from: from, through: through, calendar: calendar)
        let rows = try await load(target, from: start, to: end, on: db)
        let report = Reports.monthly(scope: target.scope(holidays: holidays), from: from, through: through, contacts: rows.contacts, referrals: rows.referrals)
        return (report, rows)
    }
}
