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

    /// Contacts received, and referrals received or with a section 47 or assessment starting,
    /// between two instants. Only the columns the reports use are read (SQL rows, not models), and
    /// each contact's children are counted by the database.
    static func load(la: LocalAuthorityModel, from start: Date, to end: Date, on db: any Database) async throws -> Rows {
        guard let sql = db as? any SQLDatabase else { throw APIError.badRequest("reports need an SQL database") }
        let laID = try la.requireID()
        struct ContactRow: Decodable {
            var id: UUID
            var received_at: Date
            var source: String
            var open_case_at_receipt: Bool
            var rag: String?
            var outcome: String?
            var decided_at: Date?
        }
        let contacts = try await sql.select()
            .columns("id", "received_at", "source", "open_case_at_receipt", "rag", "outcome", "decided_at")
            .from(ContactModel.schema)
            .where("la_id", .equal, SQLBind(laID))
            .where("received_at", .greaterThanOrEqual, SQLBind(start))
            .where("received_at", .lessThan, SQLBind(end))
            .all(decoding: ContactRow.self)
        struct ChildCount: Decodable {
            var contact_id: UUID
            var children: Int
        }
        let counts = try await sql.select()
            .column(SQLColumn("contact_id", table: ContactPersonModel.schema))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("children")))
            .from(ContactPersonModel.schema)
            .join(ContactModel.schema, on: SQLColumn("id", table: ContactModel.schema), .equal, SQLColumn("contact_id", table: ContactPersonModel.schema))
            .where(SQLColumn("la_id", table: ContactModel.schema), .equal, SQLBind(laID))
            .where(SQLColumn("received_at", table: ContactModel.schema), .greaterThanOrEqual, SQLBind(start))
            .where(SQLColumn("received_at", table: ContactModel.schema), .lessThan, SQLBind(end))
            .where(SQLColumn("role", table: ContactPersonModel.schema), .equal, SQLBind("child"))
            .groupBy(SQLColumn("contact_id", table: ContactPersonModel.schema))
            .all(decoding: ChildCount.self)
        let childCounts = Dictionary(counts.map { ($0.contact_id, $0.children) }, uniquingKeysWith: { a, _ in a })
        let calendar = la.calendar(holidays: .englandAndWales)
        let startDate = calendar.localDate(of: start).iso
        let endDate = calendar.localDate(of: end).iso
        struct ReferralRow: Decodable {
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
                    .orWhere(group: { $0.where("s47_started_at", .greaterThanOrEqual, SQLBind(startDate)).where("s47_started_at", .lessThan, SQLBind(endDate)) })
                    .orWhere(group: { $0.where("assessment_started_at", .greaterThanOrEqual, SQLBind(startDate)).where("assessment_started_at", .lessThan, SQLBind(endDate)) })
            })
            .all(decoding: ReferralRow.self)
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
        return Rows(
            contacts: contacts.compactMap { contact in
                guard let source = ReferralSource(rawValue: contact.source) else { return nil }
                var decision: ReportContact.Decision?
                if let outcome = contact.outcome.flatMap(ContactOutcome.init(rawValue:)), let at = contact.decided_at {
                    decision = .init(outcome: outcome, decidedAt: at)
                }
                return ReportContact(
                    id: contact.id.uuidString, la: la.code, receivedAt: contact.received_at, source: source,
                    openCaseAtReceipt: contact.open_case_at_receipt, children: childCounts[contact.id] ?? 1,
                    rag: contact.rag.flatMap(RAG.init(rawValue:)), decision: decision
                )
            },
            referrals: referrals.compactMap { referral in
                guard let source = ReferralSource(rawValue: referral.source) else { return nil }
                let outcome = referral.outcome.flatMap(ReferralOutcome.init(rawValue:))
                return ReportReferral(
                    id: referral.id.uuidString, la: la.code, childId: referral.child_id.uuidString, contactId: referral.contact_id?.uuidString,
                    referredAt: referral.referred_at, source: source, completedAt: referral.decided_at,
                    outcome: outcome.flatMap { ReferralReportOutcome(rawValue: $0.reportOutcome) },
                    strategyDiscussionAt: heldAt[referral.id] ?? referral.strategy_discussion_at,
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
    static func load(_ target: ReportTarget, from start: Date, to end: Date, on db: any Database) async throws -> Rows {
        var rows = Rows(contacts: [], referrals: [])
        for la in target.authorities {
            let part = try await load(la: la, from: start, to: end, on: db)
            rows.contacts += part.contacts
            rows.referrals += part.referrals
        }
        return rows
    }

    /// The monthly front-door report for whole months, from live data.
    static func monthly(la: LocalAuthorityModel, from: ReportMonth, through: ReportMonth, holidays: BankHolidays, on db: any Database) async throws -> MonthlyReport {
        try await monthly(ReportTarget(la), from: from, through: through, holidays: holidays, on: db)
    }

    /// The monthly report of one authority or of the whole hub (`ReportScope`).
    static func monthly(_ target: ReportTarget, from: ReportMonth, through: ReportMonth, holidays: BankHolidays, on db: any Database) async throws -> MonthlyReport {
        try await monthlyWithRows(target, from: from, through: through, holidays: holidays, on: db).report
    }

    /// The monthly report and the rows it was computed from (which name each record's authority).
    static func monthlyWithRows(
        _ target: ReportTarget, from: ReportMonth, through: ReportMonth, holidays: BankHolidays, on db: any Database
    ) async throws -> (report: MonthlyReport, rows: Rows) {
        // Months are Europe/London months in every authority's calendar.
        let calendar = WorkingCalendar(holidays: holidays)
        guard let first = LocalDate(year: from.year, month: from.month, day: 1),
              let afterLast = ReportMonth.range(from: through, through: through).first.flatMap({ LocalDate(year: $0.year, month: $0.month, day: 1) }),
              let next = calendar.date(byAddingDays: 32, to: afterLast).flatMap({ LocalDate(year: $0.year, month: $0.month, day: 1) })
        else { throw APIError.badRequest("the months could not be read") }
        let rows = try await load(target, from: calendar.startOfDay(first), to: calendar.startOfDay(next), on: db)
        let report = Reports.monthly(scope: target.scope(holidays: holidays), from: from, through: through, contacts: rows.contacts, referrals: rows.referrals)
        return (report, rows)
    }
}
