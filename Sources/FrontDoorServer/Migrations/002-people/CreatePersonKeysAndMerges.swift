import Fluent
import Foundation
import SQLKit

/// The blocking-key table behind person search (docs/matching.md), the mark left on a person
/// merged into another, and the record of each merge that lets it be undone exactly.
/// Existing people get their keys here, so an upgraded database searches the same way.
struct CreatePersonKeysAndMerges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonKeys.table)
            .field("la_id", .uuid, .required)
            .field("person_id", .uuid, .required)
            .field("key", .string, .required)
            .create()
        try await database.schema("people").field("merged_into", .uuid).update()
        try await database.schema(PersonMergeModel.schema)
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("survivor_id", .uuid, .required, .references("people", "id"))
            .field("merged_id", .uuid, .required, .references("people", "id"))
            .field("reason", .string, .required)
            .field("merged_by", .uuid)
            .field("merged_at", .datetime, .required)
            .field("moved", .string, .required)
            .field("undone_at", .datetime)
            .field("undone_by", .uuid)
            .field("undo_reason", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("person_keys_lookup", on: PersonKeys.table, "la_id", "key")
        try await sql.index("person_keys_person", on: PersonKeys.table, "person_id")
        try await sql.index("person_merges_survivor", on: PersonMergeModel.schema, "survivor_id")
        try await sql.index("person_merges_merged", on: PersonMergeModel.schema, "merged_id")
        // Keys for the people already recorded, a page at a time.
        var last: UUID?
        while true {
            // Only the columns this migration knows: later migrations add others to the model.
            var query = PersonModel.query(on: database).sort(\.$id).limit(1000)
                .field(\.$id).field(\.$laID).field(\.$givenName).field(\.$familyName).field(\.$otherNames)
                .field(\.$dateOfBirth).field(\.$expectedDateOfBirth).field(\.$sex).field(\.$ethnicity).field(\.$nhsNumber)
                .field(\.$upn).field(\.$address).field(\.$postcode).field(\.$disabilities).field(\.$anonymisedAt)
            if let last { query = query.filter(\.$id > last) }
            let page = try await query.all()
            guard let end = page.last?.id else { break }
            try await PersonKeys.index(page, on: database, fresh: true)
            last = end
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonMergeModel.schema).delete()
        try await database.schema("people").deleteField("merged_into").update()
        try await database.schema(PersonKeys.table).delete()
    }
}
