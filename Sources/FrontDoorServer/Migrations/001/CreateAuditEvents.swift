import Fluent
import SQLKit

struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .uuid)
            .field("route", .string, .required)
            .field("remote_address", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("audit_record", on: "audit_events", "record_id", "at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
