import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import FrontDoorDomain
import Foundation

/// The monthly report's figures without the records behind them, as the CSV and the page show
/// them: the database counts the contacts (grouped by month, source, open case and outcome, their
/// children summed, from one index), and only the referrals' few columns the figures use are read
/// row by row (their timeliness is working-time arithmetic). The figures come from the same
/// definition (`Reports.monthly(…, keepingRecords: false)` over `ReportContact.grouped`); a test
/// compares them with the report computed from every row, on both databases. A figure's records
/// are read when asked for, one month at a time (`ReportData.monthlyWithRows`).
enum ReportCounts {
    /// One authority's span split into its months: `starts[i]` is the first instant of month `i`,
    /// and the span runs from `start` (the first month's) to `end`.
    struct Months: Sendable {
        var laID: UUID
        var code: String
        var starts: [Date]
        /// Each month's `contacts.received_month` (`YYYYMM`), as `starts`.
        var keys: [Int]
        var start: Date
        var end: Date
        var startDate: String
        var endDate: String

        /// An authority's months `from` through `through`, in Europe/London as every report's months.
        init(_ la: LocalAuthorityModel, from: ReportMonth, through: ReportMonth, holidays: BankHolidays) throws {
            let calendar = WorkingCalendar(holidays: holidays)
            let (start, end) = try ReportData.span(from: from, through: through, calendar: calendar)
            laID = try la.requireID()
            code = la.code
            let months = ReportMonth.range(from: from, through: through)
            starts = months.compactMap { LocalDate(year: $0.year, month: $0.month, day: 1).map(calendar.startOfDay) }
            keys = months.map(ContactMonth.key)
            self.start = start
            self.end = end
            startDate = calendar.localDate(of: start).iso
            endDate = calendar.localDate(of: end).iso
        }

    }

    /// The contacts grouped: `p(n)` the dialect's n-th bound parameter, 1 the authority, 2 and 3
    /// the first and last month (`YYYYMM`). Each row: the month, source, open case and outcome, and
    /// the children of its decided and its undecided contacts summed (a contact naming none counts
    /// once). Grouped in the order of the index `contacts_la_month_report`, so without sorting.
    static func contactGroupsSQL(_ p: (Int) -> String) -> String {
        """
        SELECT received_month, source, open_case_at_receipt, outcome, \
        CAST(SUM(CASE WHEN decided_at IS NULL THEN 0 WHEN children_named = 0 THEN 1 ELSE children_named END) AS BIGINT) AS decided, \
        CAST(SUM(CASE WHEN decided_at IS NOT NULL THEN 0 WHEN children_named = 0 THEN 1 ELSE children_named END) AS BIGINT) AS undecided \
        FROM \(ContactModel.schema) WHERE la_id = \(p(1)) AND received_month >= \(p(2)) AND received_month <= \(p(3)) \
        GROUP BY received_month, source, open_case_at_receipt, outcome
        """
    }

    /// The groups of one row of `contactGroupsSQL`: its decided contacts with their outcome, its
    /// undecided ones without (as the report counts them), each when there are any.
    static func groups(_ span: Months, key: Int, source: String, openCase: Bool, outcome: String?, decided: Int, undecided: Int) throws -> [Group] {
        guard let position = span.keys.firstIndex(of: key) else { throw ReportRowReader.Unreadable(column: "received_month") }
        var groups: [Group] = []
        if decided > 0 { groups.append(Group(month: position, source: source, openCase: openCase, outcome: outcome, children: decided)) }
        if undecided > 0 { groups.append(Group(month: position, source: source, openCase: openCase, outcome: nil, children: undecided)) }
        return groups
    }

    /// The referrals' columns the figures use: 1 the authority, 2 and 3 the span, 4 and 5 its local
    /// dates (referrals received in the span, or with a section 47 enquiry or an assessment
    /// starting in it).
    static func referralsSQL(_ p: (Int) -> String) -> String {
        """
        SELECT referred_at, source, decided_at, outcome, s47_started_at, assessment_started_at FROM \(ReferralModel.schema) \
        WHERE la_id = \(p(1)) AND ((referred_at >= \(p(2)) AND referred_at < \(p(3))) \
        OR (s47_started_at >= \(p(4)) AND s47_started_at < \(p(5))) \
        OR (assessment_started_at >= \(p(4)) AND assessment_started_at < \(p(5))))
        """
    }

    /// A group of contacts as the database counted it.
    struct Group: Equatable {
        var month: Int
        var source: String
        var openCase: Bool
        var outcome: String?
        var children: Int
    }

    /// A referral as the figures read it: the report's row (`ReportData.ReferralRow`) with the
    /// columns they use, and no ids.
    typealias Referral = ReportData.ReferralRow

    private static func referral(
        referredAt: Date, source: String, decidedAt: Date?, outcome: String?, s47StartedAt: String?, assessmentStartedAt: String?
    ) -> Referral {
        Referral(
            id: "", child_id: "", contact_id: nil, referred_at: referredAt, source: source, decided_at: decidedAt, outcome: outcome,
            s47_started_at: s47StartedAt, assessment_started_at: assessmentStartedAt, assessment_authorised_at: nil, icpc_at: nil,
            strategy_discussion_at: nil, held_at: nil
        )
    }

    /// The groups and referrals of one authority's months, or nil on a database other than SQLite
    /// and PostgreSQL: the contacts counted and the referrals read side by side, each on a handle of
    /// its own from `handle` (on SQLite, a connection of its own). Counting the months in several
    /// stretches at once was quicker while SQLite sorted every contact to group them; since the
    /// grouping follows an index (migration 011) it cost more than it saved.
    static func read(_ span: Months, handle: @escaping @Sendable () -> any Database) async throws -> (groups: [Group], referrals: [Referral])? {
        let probe = handle()
        guard probe is any PostgresDatabase || probe is any SQLiteDatabase else { return nil }
        enum Part: Sendable { case groups([Group]), referrals([Referral]) }
        return try await withThrowingTaskGroup(of: Part.self) { tasks in
            tasks.addTask { .groups(try await Self.groups(span, on: handle())) }
            tasks.addTask { .referrals(try await Self.referrals(span, on: handle())) }
            var counted: [Group] = [], read: [Referral] = []
            for try await part in tasks {
                switch part {
                case .groups(let some): counted += some
                case .referrals(let all): read = all
                }
            }
            return (counted, read)
        }
    }

    /// `read`, the contacts' groups and then the referrals, one query after the other on `db`.
    ///
    /// The server reads a report this way. Side by side the two queries made the 24-month report
    /// a little quicker on a quiet machine, but under the load test's mix they took both cores at
    /// once (on PostgreSQL two backends), and every page that came in meanwhile waited.
    static func readInTurn(_ span: Months, on db: any Database) async throws -> (groups: [Group], referrals: [Referral])? {
        guard db is any PostgresDatabase || db is any SQLiteDatabase else { return nil }
        let groups = try await Self.groups(span, on: db)
        return (groups, try await Self.referrals(span, on: db))
    }

    /// The domain's contacts and referrals from what was read: each group a contact standing for
    /// those it counts (received at its month's first instant), each referral without ids.
    static func reportRows(_ span: Months, groups: [Group], referrals: [Referral]) -> (contacts: [ReportContact], referrals: [ReportReferral]) {
        let contacts = groups.compactMap { group -> ReportContact? in
            guard let source = ReferralSource(rawValue: group.source), span.starts.indices.contains(group.month) else { return nil }
            let at = span.starts[group.month]
            return ReportContact(
                id: "", la: span.code, receivedAt: at, source: source, openCaseAtReceipt: group.openCase, children: group.children,
                decision: group.outcome.flatMap(ContactOutcome.init(rawValue:)).map { .init(outcome: $0, decidedAt: at) }
            )
        }
        return (contacts, ReportData.rows(la: span.code, contacts: [], referrals: referrals).referrals)
    }

    // MARK: - Reading

    /// The authority's id, the span's instants and its local dates, bound as `referralsSQL` reads them.
    private static func referralBinds(_ span: Months) -> [RawQuery.Bind] {
        [.uuid(span.laID), .date(span.start), .date(span.end), .text(span.startDate), .text(span.endDate)]
    }

    // MARK: - Either

    /// The contact groups of `span` (SQLite or PostgreSQL; `RawQuery` refuses another database).
    static func groups(_ span: Months, on db: any Database) async throws -> [Group] {
        let rows = try await RawQuery.rows(
            contactGroupsSQL, [.uuid(span.laID), .int(span.keys.first ?? 0), .int(span.keys.last ?? 0)], large: true, on: db
        ) { cells in
            try Self.groups(
                span, key: try cells.required(cells.int(), "received_month"), source: try cells.required(cells.text(), "source"),
                openCase: try cells.required(cells.bool(), "open_case_at_receipt"), outcome: try cells.text(),
                decided: try cells.required(cells.int(), "decided"), undecided: try cells.required(cells.int(), "undecided")
            )
        }
        return rows.flatMap { $0 }
    }

    /// The referrals of `span` (SQLite or PostgreSQL; `RawQuery` refuses another database).
    static func referrals(_ span: Months, on db: any Database) async throws -> [Referral] {
        try await RawQuery.rows(referralsSQL, referralBinds(span), large: true, on: db) { cells in
            referral(
                referredAt: try cells.required(cells.date(), "referred_at"), source: try cells.required(cells.text(), "source"),
                decidedAt: try cells.date(), outcome: try cells.text(), s47StartedAt: try cells.text(), assessmentStartedAt: try cells.text()
            )
        }
    }
}
