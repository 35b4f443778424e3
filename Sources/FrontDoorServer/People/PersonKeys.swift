import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// The blocking-key table (docs/matching.md): every key of `Blocking.keys(for:)` stored against its
/// person, so that a search scores only the people sharing a key with the query — a few hundred
/// even among a million. Kept in step wherever a person is written: recorded in a contact or on
/// their own, imported, loaded by the demo, anonymised, merged or unmerged.
enum PersonKeys {
    static let table = "person_blocking_keys"

    /// Replaces the stored keys of these people with their current ones. Anonymised people and
    /// people merged into another have none: search never finds them. `fresh` skips the delete
    /// for people written just now.
    static func index(_ people: some Collection<PersonModel>, on db: any Database, fresh: Bool = false) async throws {
        guard !people.isEmpty, let sql = db as? any SQLDatabase else { return }
        if !fresh { try await remove(people.compactMap(\.id), on: db) }
        var rows: [[any SQLExpression]] = []
        for person in people where person.anonymisedAt == nil && person.mergedInto == nil {
            guard let id = person.id else { continue }
            for key in Blocking.keys(for: person.details) {
                rows.append([SQLBind(person.laID), SQLBind(id), SQLBind(key)])
            }
        }
        for chunk in rows.chunked(300) {
            var insert = sql.insert(into: table).columns("la_id", "person_id", "key")
            for row in chunk { insert = insert.values(row) }
            try await insert.run()
        }
    }

    static func remove(_ people: [UUID], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for chunk in people.chunked(500) {
            try await sql.delete(from: table).where("person_id", .in, SQLBind.group(Array(chunk))).run()
        }
    }

    /// The stored keys of one person (for tests and checks).
    static func keys(of person: UUID, on db: any Database) async throws -> [String] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var key: String }
        return try await sql.select().column("key").from(table).where("person_id", .equal, SQLBind(person))
            .all(decoding: Row.self).map(\.key).sorted()
    }

    /// The people of an authority sharing a key with the query, those sharing most first.
    static func candidates(for query: PersonQuery, la: UUID, limit: Int = 500, on db: any Database) async throws -> [PersonModel] {
        let keys = Blocking.keys(for: query)
        guard !keys.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var person_id: UUID; var shared: Int }
        let rows = try await sql.select()
            .column("person_id")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("shared")))
            .from(table)
            .where("la_id", .equal, SQLBind(la))
            .where("key", .in, SQLBind.group(keys))
            .groupBy("person_id")
            .orderBy(SQLOrderBy(expression: SQLIdentifier("shared"), direction: SQLDirection.descending))
            .limit(limit)
            .all(decoding: Row.self)
        var people: [PersonModel] = []
        for chunk in rows.map(\.person_id).chunked(500) {
            people += try await PersonModel.query(on: db).filter(\.$id ~~ Array(chunk)).filter(\.$mergedInto == nil).all()
        }
        return people
    }
}

/// The number of people of an authority, for the match model's prior. Counting a million rows on
/// every search would cost more than the search itself, and the prior moves only with the order
/// of magnitude: the count is kept for five minutes.
actor PopulationCounts {
    static let shared = PopulationCounts()
    private var counts: [UUID: (count: Int, at: Date)] = [:]

    func count(of la: UUID, on db: any Database, now: Date = Date()) async throws -> Int {
        if let cached = counts[la], now.timeIntervalSince(cached.at) < 300 { return cached.count }
        let count = try await PersonModel.query(on: db).filter(\.$laID == la).count()
        counts[la] = (count, now)
        return count
    }
}
