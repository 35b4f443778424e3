import Fluent
import SQLKit

/// The reports read an authority's referrals received in a span, or with a section 47 enquiry or
/// an assessment starting in it. Without an index on those dates the three conditions together
/// could only be answered by reading every referral of the authority (about 370,000 in ten years
/// of a county: 200 ms in the sqlite3 shell); with one per date, SQLite and PostgreSQL combine
/// three index searches (30 ms), the first reading the monthly report's columns from the index.
struct IndexReferralReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "referrals_la_referred").run()
        try await sql.index(
            "referrals_la_referred_report", on: ReferralModel.schema,
            "la_id", "referred_at", "source", "decided_at", "outcome", "s47_started_at", "assessment_started_at"
        )
        try await sql.index("referrals_la_s47", on: ReferralModel.schema, "la_id", "s47_started_at")
        try await sql.index("referrals_la_assessment", on: ReferralModel.schema, "la_id", "assessment_started_at")
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for name in ["referrals_la_referred_report", "referrals_la_s47", "referrals_la_assessment"] {
            try await sql.drop(index: name).run()
        }
        try await sql.index("referrals_la_referred", on: ReferralModel.schema, "la_id", "referred_at")
    }
}
