import Foundation

/// What a synthetic query got wrong or left out, against the true record.
public enum QueryChange: String, Sendable, CaseIterable {
    case nickname, givenNameTypo, givenNamePhonetic, middleNameAsFirst
    case familyNameTypo, familyNamePhonetic, surnameChanged
    case dayMonthSwapped, dateTypo, dateOff, yearOfBirthOnly, ageRange
    case moved, movedNearby
}

/// How often a synthetic query carries each field, and how often it is wrong.
public struct CorruptionRates: Sendable, Equatable {
    // Fields a query carries (when the true record has them).
    public var givenName = 0.97
    public var familyName = 0.95
    public var dateOfBirth = 0.88
    /// Of queries without an exact date of birth: only the year of birth is known.
    public var yearOfBirthOnly = 0.04
    /// … or only an age range ("about 7": 6 to 8).
    public var ageRange = 0.03
    public var postcode = 0.6
    public var address = 0.2
    public var sex = 0.6
    public var nhsNumber = 0.2
    public var upn = 0.08
    // Mistakes in the fields carried.
    public var nickname = 0.08
    public var givenNameTypo = 0.04
    public var givenNamePhonetic = 0.02
    public var middleNameAsFirst = 0.01
    public var familyNameTypo = 0.04
    public var familyNamePhonetic = 0.01
    public var surnameChanged = 0.04
    public var dayMonthSwapped = 0.03
    public var dateTypo = 0.03
    public var dateOff = 0.01
    /// Moved house: to anywhere (half of these) or within the same postcode district.
    public var moved = 0.12
    /// Queries about children who are not in the population at all.
    public var notInPopulation = 0.1

    public init() {}

    /// Typical front-door queries (documented in docs/matching.md).
    public static let standard = CorruptionRates()

    /// Every query carries every field the record has, without mistakes.
    public static let clean: CorruptionRates = {
        var rates = CorruptionRates()
        rates.givenName = 1
        rates.familyName = 1
        rates.dateOfBirth = 1
        rates.postcode = 1
        rates.address = 1
        rates.sex = 1
        rates.nhsNumber = 1
        rates.upn = 1
        rates.nickname = 0
        rates.givenNameTypo = 0
        rates.givenNamePhonetic = 0
        rates.middleNameAsFirst = 0
        rates.familyNameTypo = 0
        rates.familyNamePhonetic = 0
        rates.surnameChanged = 0
        rates.dayMonthSwapped = 0
        rates.dateTypo = 0
        rates.dateOff = 0
        rates.moved = 0
        rates.notInPopulation = 0
        return rates
    }()
}

/// A query made from a synthetic person, with the truth about it.
public struct SyntheticQuery: Sendable, Equatable {
    /// The `SyntheticPerson.id` the query is about, or nil for a child not in the population.
    public let identity: Int?
    public let query: MatchQuery
    public let changes: [QueryChange]
    /// Fields the query carries that differ from the person's record.
    public let wrongFields: Set<MatchField>
    /// Fields the query carries that equal the person's record.
    public let rightFields: Set<MatchField>
}

extension SyntheticPopulation {
    /// `count` queries about the people (chosen at random, with repeats), with the mistakes and
    /// gaps of `rates`; a share `rates.notInPopulation` are about children who are not in it.
    public static func corrupt(
        _ people: [SyntheticPerson], count: Int, seed: UInt64, rates: CorruptionRates = .standard,
        today: LocalDate = referenceDate
    ) -> [SyntheticQuery] {
        var rng = SeededRandom(seed: seed ^ 0x5157_4552_5953)
        var newcomers = Generator(seed: seed &+ 0x6E65_7770_656F_706C, today: today)
        newcomers.usedNHS = Set(people.compactMap { $0.details.nhsNumber?.digits })
        newcomers.usedUPN = Set(people.compactMap { $0.details.upn?.value })
        var outsiders: [SyntheticPerson] = []
        var queries: [SyntheticQuery] = []
        queries.reserveCapacity(count)
        for _ in 0..<count {
            let person: SyntheticPerson
            let identity: Int?
            if people.isEmpty || rng.chance(rates.notInPopulation) {
                if outsiders.isEmpty { outsiders = newcomers.people(count: 64, firstID: -1) }
                person = outsiders.removeLast()
                identity = nil
            } else {
                person = rng.pick(people)
                identity = person.id
            }
            queries.append(query(about: person.details, identity: identity, rates: rates, today: today, &rng))
        }
        return queries
    }

    /// Further records of some of the people — the duplicates a real system accumulates — with
    /// the same ids and the mistakes of `rates` (every field the original has is kept, mistaken or not,
    /// except that an NHS number, UPN or address is missing as often as a query leaves it out).
    public static func duplicates(
        of people: [SyntheticPerson], count: Int, seed: UInt64, rates: CorruptionRates = .standard,
        today: LocalDate = referenceDate
    ) -> [SyntheticPerson] {
        var rng = SeededRandom(seed: seed ^ 0x4455_504C_4943)
        var result: [SyntheticPerson] = []
        guard !people.isEmpty else { return [] }
        for _ in 0..<count {
            let original = rng.pick(people)
            var details = original.details
            _ = mistake(&details, rates: rates, today: today, &rng)
            if !rng.chance(rates.nhsNumber) { details.nhsNumber = nil }
            if !rng.chance(rates.upn) { details.upn = nil }
            if !rng.chance(0.8) { details.address = nil }
            result.append(SyntheticPerson(id: original.id, household: original.household, details: details))
        }
        return result
    }

    static func query(
        about truth: PersonDetails, identity: Int?, rates: CorruptionRates, today: LocalDate, _ rng: inout SeededRandom
    ) -> SyntheticQuery {
        var details = truth
        var changes = mistake(&details, rates: rates, today: today, &rng)
        var query = MatchQuery()
        if rng.chance(rates.givenName) { query.givenName = details.givenName }
        if rng.chance(rates.familyName) { query.familyName = details.familyName }
        if let dob = details.dateOfBirth {
            if rng.chance(rates.dateOfBirth) {
                query.dateOfBirth = dob
            } else {
                let roll = Double.random(in: 0..<1, using: &rng)
                let known = 1 - rates.dateOfBirth
                if roll * known < rates.yearOfBirthOnly, let truthDOB = truth.dateOfBirth {
                    query.bornBetween = BirthRange.year(truthDOB.year)
                    changes.append(.yearOfBirthOnly)
                } else if roll * known < rates.yearOfBirthOnly + rates.ageRange, let truthDOB = truth.dateOfBirth,
                          let age = PersonDetails(givenName: "", familyName: "", dateOfBirth: truthDOB).age(on: today)
                {
                    let spread = Int.random(in: 0...1, using: &rng)
                    query.bornBetween = BirthRange.age(max(0, age - 1)...(age + spread), on: today)
                    changes.append(.ageRange)
                }
            }
        }
        if rng.chance(rates.postcode) { query.postcode = details.postcode }
        if rng.chance(rates.address) { query.address = details.address }
        if rng.chance(rates.sex) { query.sex = details.sex }
        if rng.chance(rates.nhsNumber) { query.nhsNumber = details.nhsNumber }
        if rng.chance(rates.upn) { query.upn = details.upn }
        changes = changes.filter { change in
            switch change {
            case .nickname, .givenNameTypo, .givenNamePhonetic, .middleNameAsFirst: query.givenName != nil
            case .familyNameTypo, .familyNamePhonetic, .surnameChanged: query.familyName != nil
            case .dayMonthSwapped, .dateTypo, .dateOff: query.dateOfBirth != nil
            case .moved, .movedNearby: query.postcode != nil || query.address != nil
            case .yearOfBirthOnly, .ageRange: true
            }
        }
        let (right, wrong) = judge(query, against: truth)
        return SyntheticQuery(identity: identity, query: query, changes: changes, wrongFields: wrong, rightFields: right)
    }

    /// Which fields of the query equal the record and which differ.
    static func judge(_ query: MatchQuery, against truth: PersonDetails) -> (right: Set<MatchField>, wrong: Set<MatchField>) {
        var right = Set<MatchField>(), wrong = Set<MatchField>()
        func mark(_ field: MatchField, _ same: Bool?) {
            guard let same else { return }
            if same { right.insert(field) } else { wrong.insert(field) }
        }
        mark(.givenName, query.givenName.map { NameText.fold($0) == NameText.fold(truth.givenName) })
        mark(.familyName, query.familyName.map { NameText.fold($0) == NameText.fold(truth.familyName) })
        if let a = query.dateOfBirth, let b = truth.dateOfBirth { mark(.dateOfBirth, a == b) }
        if let a = query.bornBetween, let b = truth.dateOfBirth { mark(.birthRange, a.contains(b)) }
        if let a = query.postcode, let b = truth.postcode { mark(.address, a == b) }
        if let a = query.nhsNumber, let b = truth.nhsNumber { mark(.nhsNumber, a == b) }
        if let a = query.upn, let b = truth.upn { mark(.upn, a == b) }
        if let a = query.sex, let b = truth.sex { mark(.sex, a == b) }
        return (right, wrong)
    }

    /// Puts mistakes into a record, as `rates` says; returns what was done.
    static func mistake(_ d: inout PersonDetails, rates: CorruptionRates, today: LocalDate, _ rng: inout SeededRandom) -> [QueryChange] {
        var changes: [QueryChange] = []
        // First name
        let roll = Double.random(in: 0..<1, using: &rng)
        var edge = rates.nickname
        if roll < edge {
            let options = NameVariants.alternatives(to: d.givenName).filter { !$0.contains("é") && $0.count > 1 }
            if !options.isEmpty {
                d.givenName = capitalised(rng.pick(options))
                changes.append(.nickname)
            }
        } else if roll < (edge + rates.givenNameTypo) {
            d.givenName = typo(d.givenName, &rng)
            changes.append(.givenNameTypo)
        } else if roll < (edge + rates.givenNameTypo + rates.givenNamePhonetic) {
            if let respelt = respell(d.givenName, &rng) {
                d.givenName = respelt
                changes.append(.givenNamePhonetic)
            }
        } else if roll < (edge + rates.givenNameTypo + rates.givenNamePhonetic + rates.middleNameAsFirst), let middle = d.otherNames.first {
            d.otherNames[0] = d.givenName
            d.givenName = middle
            changes.append(.middleNameAsFirst)
        }
        // Surname
        let familyRoll = Double.random(in: 0..<1, using: &rng)
        edge = rates.familyNameTypo
        if familyRoll < edge {
            d.familyName = typo(d.familyName, &rng)
            changes.append(.familyNameTypo)
        } else if familyRoll < edge + rates.familyNamePhonetic {
            if let respelt = respell(d.familyName, &rng) {
                d.familyName = respelt
                changes.append(.familyNamePhonetic)
            }
        } else if familyRoll < edge + rates.familyNamePhonetic + rates.surnameChanged {
            var other = surname(&rng)
            while other == d.familyName { other = surname(&rng) }
            d.familyName = other
            changes.append(.surnameChanged)
        }
        // Date of birth
        if let dob = d.dateOfBirth {
            let dateRoll = Double.random(in: 0..<1, using: &rng)
            if dateRoll < rates.dayMonthSwapped {
                if dob.day <= 12, dob.day != dob.month, let swapped = LocalDate(year: dob.year, month: dob.day, day: dob.month) {
                    d.dateOfBirth = swapped
                    changes.append(.dayMonthSwapped)
                } else if let changed = dateTypo(dob, &rng) {
                    d.dateOfBirth = changed
                    changes.append(.dateTypo)
                }
            } else if dateRoll < rates.dayMonthSwapped + rates.dateTypo {
                if let changed = dateTypo(dob, &rng) {
                    d.dateOfBirth = changed
                    changes.append(.dateTypo)
                }
            } else if dateRoll < rates.dayMonthSwapped + rates.dateTypo + rates.dateOff {
                let shift = Int.random(in: 1...20, using: &rng) * (rng.chance(0.5) ? 1 : -1)
                d.dateOfBirth = min(today, dob.addingDays(shift))
                if d.dateOfBirth != dob { changes.append(.dateOff) }
            }
        }
        // Address
        if rng.chance(rates.moved) {
            let nearby = rng.chance(0.5)
            let current = d.postcode ?? Generator.postcode(Int.random(in: 0..<4000, using: &rng))
            var n = Int.random(in: 0..<40_000, using: &rng)
            if nearby, let district = Int(current.outward.dropFirst(2)) {
                // Another postcode in the same district: districts are 400 postcodes apart.
                n = (district - 1) * 400 + Int.random(in: 0..<400, using: &rng)
                let areas = ["FD", "FX", "FZ", "QD", "QX", "QZ"]
                n += 99 * 400 * (areas.firstIndex(of: String(current.outward.prefix(2))) ?? 0)
            }
            let moved = Generator.postcode(n)
            if moved != d.postcode {
                d.postcode = moved
                d.address = "\(Int.random(in: 1...120, using: &rng)) \(rng.pick(SyntheticNames.streetNames))"
                changes.append(nearby ? .movedNearby : .moved)
            }
        }
        return changes
    }

    static func capitalised(_ name: String) -> String {
        name.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: "-")
    }

    /// One keyboard slip: a letter replaced, dropped, doubled or two letters swapped, rarely the first.
    static func typo(_ name: String, _ rng: inout SeededRandom) -> String {
        var chars = Array(name)
        guard chars.count >= 3 else { return name + "e" }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let position = rng.chance(0.1) ? 0 : Int.random(in: 1..<chars.count, using: &rng)
        let lower = chars[position].isUppercase ? { (c: Character) in Character(c.uppercased()) } : { (c: Character) in c }
        switch rng.weighted([(0, 0.35), (1, 0.25), (2, 0.15), (3, 0.25)]) {
        case 0:
            var replacement = rng.pick(letters)
            while replacement == Character(chars[position].lowercased()) { replacement = rng.pick(letters) }
            chars[position] = lower(replacement)
        case 1:
            chars.remove(at: position)
        case 2:
            chars.insert(Character(chars[position].lowercased()), at: min(position + 1, chars.count))
        default:
            let p = min(position, chars.count - 2)
            if chars[p] == chars[p + 1] {
                chars.remove(at: p)
            } else {
                let first = chars[p].isUppercase
                chars.swapAt(p, p + 1)
                if first {
                    chars[p] = Character(chars[p].uppercased())
                    chars[p + 1] = Character(chars[p + 1].lowercased())
                }
            }
        }
        let result = String(chars)
        return NameText.fold(result).isEmpty || result == name ? name + "e" : result
    }

    /// A spelling that sounds the same ("Philips" → "Fillips", "Katie" → "Katy"), if a rule applies.
    static func respell(_ name: String, _ rng: inout SeededRandom) -> String? {
        let rules: [(String, String)] = [
            ("ph", "f"), ("ck", "k"), ("c", "k"), ("k", "c"), ("ie", "y"), ("y", "ie"), ("ee", "ea"), ("ea", "ee"),
            ("ou", "ow"), ("s", "z"), ("z", "s"), ("ai", "ay"), ("ay", "ai"), ("th", "t"), ("mm", "m"), ("ll", "l"),
            ("l", "ll"), ("nn", "n"), ("tt", "t"), ("i", "y"), ("ey", "y"), ("y", "ey"), ("ss", "s"), ("er", "a"),
        ]
        let lower = name.lowercased()
        let applicable = rules.filter { lower.dropFirst().contains($0.0) }
        guard !applicable.isEmpty else { return nil }
        let (from, to) = rng.pick(applicable)
        guard let range = lower.range(of: from, range: lower.index(after: lower.startIndex)..<lower.endIndex) else { return nil }
        let changed = lower.replacingCharacters(in: range, with: to)
        return changed == lower ? nil : capitalised(changed)
    }

    /// A date with one digit changed (still a date, not in the future).
    static func dateTypo(_ date: LocalDate, _ rng: inout SeededRandom) -> LocalDate? {
        var digits = Array(date.iso.filter { $0 != "-" })
        for _ in 0..<20 {
            var attempt = digits
            let position = rng.pick([2, 3, 4, 5, 6, 7, 7, 6])
            attempt[position] = Character(String(Int.random(in: 0...9, using: &rng)))
            let text = String(attempt)
            let iso = "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
            if let changed = LocalDate(iso: iso), changed != date, changed <= referenceDate,
               changed.year >= date.year - 3
            {
                digits = attempt
                return changed
            }
        }
        return nil
    }
}
