import Fluent

struct CreateLocalAuthorities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("local_authorities")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("child_population", .int)
            .field("work_start", .int, .required)
            .field("work_end", .int, .required)
            .field("work_days", .string, .required)
            .field("clock_red", .int, .required)
            .field("clock_amber", .int, .required)
            .field("clock_green", .int, .required)
            .field("clock_unrated", .int, .required)
            .field("agencies", .array(of: .string), .required)
            .field("referral_cin_minutes", .int, .required)
            .field("referral_cp_minutes", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("local_authorities").delete()
    }
}
