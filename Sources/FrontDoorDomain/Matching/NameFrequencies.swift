/// How common each name (and each year of birth) is among the people searched: the term
/// frequencies that adjust an exact name agreement. Two records sharing a common surname are less
/// likely to be the same person than two sharing a rare one.
///
/// Build it from the same records the search runs over (the server keeps counts per local
/// authority, or rebuilds this nightly); names are counted folded (`NameText.fold`).
public struct NameFrequencies: Sendable, Equatable {
    public private(set) var population: Int
    private var given: [String: Int]
    private var family: [String: Int]
    private var birthYears: [Int: Int]
    private var withDateOfBirth: Int

    public init(people: [PersonDetails]) {
        population = 0
        given = [:]
        family = [:]
        birthYears = [:]
        withDateOfBirth = 0
        for person in people { add(person) }
    }

    /// Counts given directly (for example from a database's GROUP BY), folded by this type.
    public init(givenNames: [String: Int], familyNames: [String: Int], birthYears: [Int: Int] = [:], population: Int) {
        self.population = population
        given = [:]
        family = [:]
        for (name, count) in givenNames { given[NameText.fold(name), default: 0] += count }
        for (name, count) in familyNames { family[NameText.fold(name), default: 0] += count }
        self.birthYears = birthYears
        withDateOfBirth = birthYears.values.reduce(0, +)
    }

    public mutating func add(_ person: PersonDetails) {
        population += 1
        given[NameText.fold(person.givenName), default: 0] += 1
        family[NameText.fold(person.familyName), default: 0] += 1
        if let dob = person.dateOfBirth {
            birthYears[dob.year, default: 0] += 1
            withDateOfBirth += 1
        }
    }

    /// The share of people with this surname (0 if nobody has it).
    public func familyNameShare(_ name: String) -> Double {
        share(family[NameText.fold(name)])
    }

    /// The share of people with this first name (0 if nobody has it).
    public func givenNameShare(_ name: String) -> Double {
        share(given[NameText.fold(name)])
    }

    func familyNameShare(folded: String) -> Double { share(family[folded]) }
    func givenNameShare(folded: String) -> Double { share(given[folded]) }

    /// The share of people (with a date of birth) born in the years given.
    public func birthYearShare(_ years: ClosedRange<Int>) -> Double {
        guard withDateOfBirth > 0 else { return 0 }
        var count = 0
        for year in years { count += birthYears[year] ?? 0 }
        return Double(count) / Double(withDateOfBirth)
    }

    var hasBirthYears: Bool { withDateOfBirth > 0 }

    private func share(_ count: Int?) -> Double {
        guard population > 0, let count else { return 0 }
        return Double(count) / Double(population)
    }
}
