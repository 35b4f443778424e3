import Fluent
import SQLKit

struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("seq", .int64, .required)
            .field("at", .datetime, .required)
            .field("at_ms", .int64, .required)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .uuid)
            .field("route", .string, .required)
            .field("remote_address", .string)
            .field("changes", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        try await AuditHeadModel(seq: 0, hash: AuditLog.genesis).create(on: database)
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("audit_record", on: "audit_events", "record_id", "at")
        try await sql.index("audit_actor", on: "audit_events", "actor_id", "at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_events").delete()
    }
}
