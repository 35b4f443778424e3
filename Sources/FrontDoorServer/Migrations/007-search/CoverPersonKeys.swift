import Fluent
import SQLKit

/// The blocking-key lookup index also holds the person: a search reads the people sharing each key
/// from the index alone, a few neighbouring pages per key, instead of one table row per entry
/// scattered over the whole table (docs/matching.md, docs/benchmarks.md). A first name as typed
/// (a query without a surname) is found by an index too.
struct CoverPersonKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("person_keys_cover", on: PersonKeys.table, "la_id", "key", "person_id")
        try await sql.drop(index: "person_keys_lookup").run()
        try await sql.index("people_la_given", on: PersonModel.schema, "la_id", "given_name")
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("person_keys_lookup", on: PersonKeys.table, "la_id", "key")
        try await sql.drop(index: "person_keys_cover").run()
        try await sql.drop(index: "people_la_given").run()
    }
}
