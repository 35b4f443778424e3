import Fluent
import SQLKit

/// The dashboard counts the contacts decided today: by index, not by reading every contact of the
/// authority (ten years of a county is about a million).
struct IndexDecisionTimes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("contacts_la_decided", on: ContactModel.schema, "la_id", "decided_at")
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "contacts_la_decided").run()
    }
}
