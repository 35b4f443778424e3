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
        try await inserting(people, on: sql).get()
    }

    /// Writes the keys of people who have none stored yet (written just now), as a chain of futures
    /// on the database's event loop.
    static func inserting(_ people: some Collection<PersonModel>, on sql: any SQLDatabase) -> EventLoopFuture<Void> {
        var rows: [[any Encodable & Sendable]] = []
        for person in people where person.anonymisedAt == nil && person.mergedInto == nil {
            guard let id = person.id else { continue }
            for key in Blocking.keys(for: person.details) {
                rows.append([person.laID, id, key])
            }
        }
        return RowInsert.insertingRows(into: table, columns: ["la_id", "person_id", "key"], rows, on: sql)
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

    /// A candidate as the match model sees it: the person's id and the fields it compares.
    struct Candidate: Sendable {
        var id: UUID
        var details: PersonDetails
    }

    /// At most this many candidates are scored: those sharing most keys with the query
    /// (`FRONTDOOR_SEARCH_CANDIDATES` changes it, for measuring; docs/matching.md).
    static let candidateLimit: Int = ProcessInfo.processInfo.environment["FRONTDOOR_SEARCH_CANDIDATES"].flatMap(Int.init).map { min(max($0, 50), 5000) } ?? 500

    /// The people of an authority sharing a key with the query, those sharing most first: one
    /// query that reads only the fields the model compares (whole records are loaded only for
    /// the results shown).
    static func candidates(for query: PersonQuery, la: UUID, limit: Int = candidateLimit, on db: any Database) async throws -> [Candidate] {
        let keys = Blocking.keys(for: query)
        guard !keys.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.raw("""
            SELECT p.id, p.given_name, p.family_name, p.other_names, p.date_of_birth, p.sex, p.nhs_number, p.upn, p.address, p.postcode
            FROM (SELECT person_id, COUNT(*) AS shared FROM person_blocking_keys
                  WHERE la_id = \(bind: la) AND key IN (\(binds: keys))
                  GROUP BY person_id ORDER BY shared DESC LIMIT \(literal: limit)) k
            JOIN people p ON p.id = k.person_id
            WHERE p.merged_into IS NULL
            ORDER BY k.shared DESC
            """).all(decoding: MatchRow.self)
        return rows.map(\.candidate)
    }

    /// For a query with a surname but no first name (or the other way round), which no key holds
    /// alone: the people with that name as typed (identifiers, dates of birth and postcodes are
    /// keys already), at most `limit`.
    static func sameName(as query: PersonQuery, la: UUID, limit: Int = 500, on db: any Database) async throws -> [Candidate] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let column: String, name: String
        if let family = query.familyName, query.givenName == nil {
            (column, name) = ("family_name", family)
        } else if let given = query.givenName, query.familyName == nil {
            (column, name) = ("given_name", given)
        } else {
            return []
        }
        let forms = Array(Set([name, name.capitalized, name.uppercased(), name.lowercased()])).sorted()
        return try await sql.raw("""
            SELECT id, given_name, family_name, other_names, date_of_birth, sex, nhs_number, upn, address, postcode
            FROM people
            WHERE la_id = \(bind: la) AND \(ident: column) IN (\(binds: forms)) AND merged_into IS NULL AND anonymised_at IS NULL
            LIMIT \(literal: limit)
            """).all(decoding: MatchRow.self).map(\.candidate)
    }

    /// The compared fields of a person, as stored.
    struct MatchRow: Decodable {
        var id: UUID
        var given_name: String
        var family_name: String
        var other_names: [String]
        var date_of_birth: String?
        var sex: String?
        var nhs_number: String?
        var upn: String?
        var address: String?
        var postcode: String?

        var candidate: Candidate {
            Candidate(id: id, details: PersonDetails(
                givenName: given_name, familyName: family_name, otherNames: other_names,
                dateOfBirth: date_of_birth.flatMap(LocalDate.init(iso:)), sex: sex.flatMap(Sex.init(rawValue:)),
                nhsNumber: nhs_number.flatMap(NHSNumber.init), upn: upn.flatMap(UPN.init), address: address,
                postcode: postcode.flatMap(Postcode.init)))
        }
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
