import Fluent
import SQLKit

struct CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("ref", .string)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("other_names", .array(of: .string), .required)
            .field("date_of_birth", .string)
            .field("expected_date_of_birth", .string)
            .field("sex", .string)
            .field("ethnicity", .string)
            .field("nhs_number", .string)
            .field("upn", .string)
            .field("address", .string)
            .field("postcode", .string)
            .field("disabilities", .array(of: .string), .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "la_id", "ref")
            .create()
        try await database.schema("household_links")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("other_id", .uuid, .required, .references("people", "id"))
            .field("relationship", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "person_id", "other_id")
            .create()
        try await database.schema("case_episodes")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("opened_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("allocated_worker", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("people_la_family", on: "people", "la_id", "family_name")
        try await sql.index("people_la_dob", on: "people", "la_id", "date_of_birth")
        try await sql.index("people_nhs", on: "people", "nhs_number")
        try await sql.index("people_upn", on: "people", "upn")
        try await sql.index("people_la_postcode", on: "people", "la_id", "postcode")
        try await sql.index("household_other", on: "household_links", "other_id")
        try await sql.index("episodes_person", on: "case_episodes", "person_id", "opened_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_episodes").delete()
        try await database.schema("household_links").delete()
        try await database.schema("people").delete()
    }
}
