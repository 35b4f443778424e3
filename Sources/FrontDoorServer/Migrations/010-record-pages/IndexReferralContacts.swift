import Fluent
import SQLKit

/// A contact's page lists the referrals opened from it: by index, not by reading every referral
/// (ten years of a county is about 370,000).
struct IndexReferralContacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("referrals_contact", on: ReferralModel.schema, "contact_id")
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "referrals_contact").run()
    }
}
