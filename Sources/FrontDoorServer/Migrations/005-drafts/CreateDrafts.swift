import Fluent

/// Half-finished web forms kept on the server, one per user and form, so that nothing typed is
/// lost when a session ends or a browser closes.
struct CreateDrafts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("drafts")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("form", .string, .required)
            .field("data", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id", "form")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("drafts").delete()
    }
}
