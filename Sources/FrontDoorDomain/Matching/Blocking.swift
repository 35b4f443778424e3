/// Blocking keys: short strings a database indexes so that a search scores only the records that
/// share a key with the query, a few hundred even among a million people.
///
/// Store every key of `keys(for: person)` against the person (a table of key → person id with an
/// index on key); to search, look up the records holding any of `keys(for: query)` and score those.
///
/// | key | holds |
/// |---|---|
/// | `nhs:<digits>` | NHS number |
/// | `upn:<UPN>` | UPN |
/// | `dob:<YYYY-MM-DD>` | date of birth; a query also asks for its day and month swapped |
/// | `pc:<postcode without space>` | postcode |
/// | `name:<surname code>:<first-name key>` | surname's Double Metaphone code with the first name's code, or with one of its variant groups (`=catherine`) |
/// | `fam:<surname code>:<YYYY-MM>` | surname's code and month of birth |
/// | `fam:<surname code>:<YYYY>` | surname's code and year of birth, for queries with only a year or an age range (they ask for each year it allows, up to `maximumYears`) |
///
/// A surname here is also each part of a double-barrelled surname and each of the person's other
/// names; a first name is also each of the other names. So any true match whose query has at most
/// one field wrong, and two of first name, surname, date of birth and postcode right (or a right
/// NHS number or UPN), shares a key with it: a right date of birth or postcode shares `dob:` or
/// `pc:`, and a right first name and surname share `name:`.
public enum Blocking {
    /// The keys to store for a person.
    public static func keys(for person: PersonDetails) -> [String] {
        keys(record: MatchRecord(person), asQuery: false)
    }

    /// The keys to look up for a query.
    public static func keys(for query: PersonQuery) -> [String] {
        keys(for: MatchQuery(query))
    }

    public static func keys(for query: MatchQuery) -> [String] {
        keys(record: MatchRecord(query), asQuery: true)
    }

    /// A query asks for at most this many years of birth (an age range wider than this asks by
    /// name, date and postcode only).
    public static let maximumYears = 5

    static func keys(record r: MatchRecord, asQuery: Bool) -> [String] {
        var keys: [String] = []
        var seen = Set<String>()
        func add(_ key: String) {
            if seen.insert(key).inserted { keys.append(key) }
        }
        if let nhs = r.nhsNumber { add("nhs:" + nhs.digits) }
        if let upn = r.upn { add("upn:" + upn.value) }
        if let dob = r.dateOfBirth {
            add("dob:" + dob.iso)
            if asQuery, dob.day <= 12, dob.day != dob.month, let swapped = LocalDate(year: dob.year, month: dob.day, day: dob.month) {
                add("dob:" + swapped.iso)
            }
        }
        if let postcode = r.postcode { add("pc:" + postcode.value.filter { $0 != " " }) }
        let families = r.familyForms
        for family in families {
            for given in r.givenForms {
                for key in given.givenKeys { add("name:\(family.primary):\(key)") }
            }
        }
        // Surname with the month of birth (a person stores it, a query with a full date asks for
        // it) and with the year (a person stores it, a query with only a year or an age asks).
        var periods: [String] = []
        if let dob = r.dateOfBirth {
            let month = String(dob.iso.prefix(7))
            periods = asQuery ? [month] : [month, String(dob.year)]
        } else if asQuery, let range = r.bornBetween, range.years.count <= maximumYears {
            periods = range.years.map(String.init)
        }
        for family in families {
            for period in periods { add("fam:\(family.primary):\(period)") }
        }
        return keys
    }
}

/// An in-memory blocking index over a list of people: what the database does with the key table,
/// for tests, benchmarks and small deployments.
public struct PersonIndex: Sendable {
    public let people: [PersonDetails]
    let records: [MatchRecord]
    private let postings: [String: [Int32]]

    public init(people: [PersonDetails]) {
        self.people = people
        records = people.map(MatchRecord.init)
        var postings: [String: [Int32]] = [:]
        for (i, record) in records.enumerated() {
            for key in Blocking.keys(record: record, asQuery: false) { postings[key, default: []].append(Int32(i)) }
        }
        self.postings = postings
    }

    /// The positions of the people sharing at least one key with the query, in order.
    public func candidates(for query: MatchQuery) -> [Int] {
        candidates(keys: Blocking.keys(for: query))
    }

    public func candidates(keys: [String]) -> [Int] {
        var found = Set<Int32>()
        for key in keys {
            if let list = postings[key] { found.formUnion(list) }
        }
        return found.map(Int.init).sorted()
    }

    /// How many people hold the key.
    public func count(of key: String) -> Int { postings[key]?.count ?? 0 }
}

/// A search result: the person's position in the index and how they compared.
public struct RankedMatch: Sendable, Equatable {
    public let index: Int
    public let result: MatchResult
}

extension MatchModel {
    /// Searches an index: scores every candidate sharing a blocking key, keeps the plausible ones
    /// (`MatchResult.isPlausible`), best first, at most `limit`.
    public func search(_ query: MatchQuery, in index: PersonIndex, frequencies: NameFrequencies?, limit: Int = 50) -> [RankedMatch] {
        let q = MatchRecord(query)
        var results: [RankedMatch] = []
        for i in index.candidates(for: query) {
            let result = evaluate(q, index.records[i], frequencies: frequencies)
            if result.isPlausible { results.append(RankedMatch(index: i, result: result)) }
        }
        results.sort { ($0.result.weight, -$0.index) > ($1.result.weight, -$1.index) }
        return Array(results.prefix(limit))
    }
}
