import Fluent

/// Teams of an authority's front door (front door triage, MASH social work, assessment, early help)
/// and who is in them. A person is in at most one team of each authority: a hub worker serving two
/// authorities may be in one team of each. The membership row repeats the team's authority so that
/// the database itself refuses a second team in one authority.
struct CreateTeams: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("teams")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "la_id", "name")
            .create()
        try await database.schema("team_members")
            .id()
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .unique(on: "user_id", "la_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("team_members").delete()
        try await database.schema("teams").delete()
    }
}
