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
    /// How many stretches of months are counted at once (one per core of this 2-core machine, and
    /// twice that so that a stretch waiting for its connection does not leave a core idle).
    static let parts = 4

    /// One authority's span split into its months: `starts[i]` is the first instant of month `i`,
    /// and the span runs from `start` (the first month's) to `end`.
    struct Months: Sendable {
        var laID: UUID
        var code: String
        /// The index of `starts[0]` among the report's months (a stretch of them: `split`).
        var offset = 0
        var starts: [Date]
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
            starts = ReportMonth.range(from: from, through: through).compactMap { LocalDate(year: $0.year, month: $0.month, day: 1).map(calendar.startOfDay) }
            self.start = start
            self.end = end
            startDate = calendar.localDate(of: start).iso
            endDate = calendar.localDate(of: end).iso
        }

        /// The months in at most `parts` stretches of consecutive months, as even as they come.
        func split(into parts: Int) -> [Months] {
            let count = starts.count, parts = max(1, min(parts, count))
            guard parts > 1 else { return [self] }
            return (0..<parts).map { part in
                let first = part * count / parts, next = (part + 1) * count / parts
                var stretch = self
                stretch.offset = offset + first
                stretch.starts = Array(starts[first..<next])
                stretch.start = starts[first]
                stretch.end = next < count ? starts[next] : end
                return stretch
            }
        }
    }

    /// The contacts grouped: `p(n)` the dialect's n-th bound parameter, 1 the authority, 2 and 3
    /// the span, 4 onwards the first instants of the second month onwards. Each row: the month's
    /// index, the source, open case, the outcome when decided, the children summed (a contact
    /// naming none counts once).
    static func contactGroupsSQL(months: Int, _ p: (Int) -> String) -> String {
        var month = "0"
        if months > 1 {
            month = "CASE"
            for index in 0..<(months - 1) { month += " WHEN received_at < \(p(4 + index)) THEN \(index)" }
            month += " ELSE \(months - 1) END"
        }
        return """
        SELECT \(month) AS m, source, open_case_at_receipt AS open_case, \
        CASE WHEN decided_at IS NULL THEN NULL ELSE outcome END AS decided, \
        CAST(SUM(CASE WHEN children_named = 0 THEN 1 ELSE children_named END) AS BIGINT) AS children \
        FROM \(ContactModel.schema) WHERE la_id = \(p(1)) AND received_at >= \(p(2)) AND received_at < \(p(3)) \
        GROUP BY 1, 2, 3, 4
        """
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
    /// and PostgreSQL. The months are counted in `parts` stretches at once, each on a handle of its
    /// own from `handle` (on SQLite, a connection of its own: its sorting for `GROUP BY` is most
    /// of the report's time, and two cores do it in half the time), the referrals beside them.
    static func read(_ span: Months, parts: Int = 1, handle: @escaping @Sendable () -> any Database) async throws -> (groups: [Group], referrals: [Referral])? {
        let probe = handle()
        guard probe is any PostgresDatabase || probe is any SQLiteDatabase else { return nil }
        enum Part: Sendable { case groups([Group]), referrals([Referral]) }
        return try await withThrowingTaskGroup(of: Part.self) { tasks in
            for part in span.split(into: parts) {
                tasks.addTask { .groups(try await Self.groups(part, on: handle())) }
            }
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

    // MARK: - PostgreSQL

    private static func postgresBinds(_ span: Months) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 5)
        binds.append(span.laID)
        binds.append(span.start)
        binds.append(span.end)
        return binds
    }

    private static func groupsPostgres(_ span: Months, on db: any PostgresDatabase, logger: Logger) async throws -> [Group] {
        var binds = postgresBinds(span)
        for start in span.starts.dropFirst() { binds.append(start) }
        let query = PostgresQuery(unsafeSQL: contactGroupsSQL(months: span.starts.count) { "$\($0)" }, binds: binds)
        var groups: [Group] = []
        for row in try await ReportRowReader.withoutJIT([query], on: db, logger: logger)[0] {
            var cells = ReportRowReader.Cells(row)
            groups.append(Group(
                month: span.offset + (try cells.next(Int.self)), source: try cells.next(String.self), openCase: try cells.next(Bool.self),
                outcome: try cells.next(String?.self), children: try cells.next(Int.self)
            ))
        }
        return groups
    }

    private static func referralsPostgres(_ span: Months, on db: any PostgresDatabase, logger: Logger) async throws -> [Referral] {
        var binds = postgresBinds(span)
        binds.append(span.startDate)
        binds.append(span.endDate)
        let rows = try await ReportRowReader.withoutJIT([PostgresQuery(unsafeSQL: referralsSQL { "$\($0)" }, binds: binds)], on: db, logger: logger)[0]
        var referrals: [Referral] = []
        referrals.reserveCapacity(rows.count)
        for row in rows {
            var cells = ReportRowReader.Cells(row)
            referrals.append(referral(
                referredAt: try cells.next(Date.self), source: try cells.next(String.self), decidedAt: try cells.next(Date?.self),
                outcome: try cells.next(String?.self), s47StartedAt: try cells.next(String?.self), assessmentStartedAt: try cells.next(String?.self)
            ))
        }
        return referrals
    }

    // MARK: - SQLite

    private static func value<T: SQLiteDataConvertible>(_ data: SQLiteData, _ column: String) throws -> T { try ReportRowReader.value(data, column) }
    private static func optional<T: SQLiteDataConvertible>(_ data: SQLiteData, _ column: String) throws -> T? { try ReportRowReader.optional(data, column) }

    /// Bound as SQLiteKit binds them: ids as their text, instants as seconds since 1970.
    private static func sqliteBinds(_ span: Months) -> [SQLiteData] {
        [.text(span.laID.uuidString), .float(span.start.timeIntervalSince1970), .float(span.end.timeIntervalSince1970)]
    }

    private static func groupsSQLite(_ span: Months, on db: any SQLiteDatabase) async throws -> [Group] {
        let rows = try await db.query(
            contactGroupsSQL(months: span.starts.count) { "?\($0)" },
            sqliteBinds(span) + span.starts.dropFirst().map { .float($0.timeIntervalSince1970) }
        )
        return try rows.map { row in
            let c = row.columns
            guard c.count == 5 else { throw ReportRowReader.Unreadable(column: "contact groups") }
            return Group(
                month: span.offset + (try value(c[0].data, "month") as Int), source: try value(c[1].data, "source"),
                openCase: try value(c[2].data, "open_case"), outcome: try optional(c[3].data, "outcome"), children: try value(c[4].data, "children")
            )
        }
    }

    private static func referralsSQLite(_ span: Months, on db: any SQLiteDatabase) async throws -> [Referral] {
        let rows = try await db.query(referralsSQL { "?\($0)" }, sqliteBinds(span) + [.text(span.startDate), .text(span.endDate)])
        var referrals: [Referral] = []
        referrals.reserveCapacity(rows.count)
        for row in rows {
            let c = row.columns
            guard c.count == 6 else { throw ReportRowReader.Unreadable(column: "referrals") }
            referrals.append(referral(
                referredAt: try value(c[0].data, "referred_at"), source: try value(c[1].data, "source"),
                decidedAt: try optional(c[2].data, "decided_at"), outcome: try optional(c[3].data, "outcome"),
                s47StartedAt: try optional(c[4].data, "s47_started_at"), assessmentStartedAt: try optional(c[5].data, "assessment_started_at")
            ))
        }
        return referrals
    }

    // MARK: - Either

    /// The contact groups of `span` (SQLite or PostgreSQL; empty for another database).
    static func groups(_ span: Months, on db: any Database) async throws -> [Group] {
        if let postgres = db as? any PostgresDatabase { return try await groupsPostgres(span, on: postgres, logger: db.logger) }
        if let sqlite = db as? any SQLiteDatabase { return try await groupsSQLite(span, on: sqlite) }
        return []
    }

    /// The referrals of `span` (SQLite or PostgreSQL; empty for another database).
    static func referrals(_ span: Months, on db: any Database) async throws -> [Referral] {
        if let postgres = db as? any PostgresDatabase { return try await referralsPostgres(span, on: postgres, logger: db.logger) }
        if let sqlite = db as? any SQLiteDatabase { return try await referralsSQLite(span, on: sqlite) }
        return []
    }
}
