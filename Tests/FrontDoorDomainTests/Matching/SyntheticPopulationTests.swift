import FrontDoorDomain
import Testing

@Suite("Synthetic population")
struct SyntheticPopulationTests {
    static let people = SyntheticPopulation.generate(count: 5000, seed: 1)

    @Test("the same seed gives the same people; another seed, others")
    func deterministic() {
        #expect(SyntheticPopulation.generate(count: 300, seed: 1) == SyntheticPopulation.generate(count: 300, seed: 1))
        // A smaller population is the start of a larger one (bar the last, cut-short household).
        #expect(Array(SyntheticPopulation.generate(count: 300, seed: 1).prefix(290)) == Array(Self.people.prefix(290)))
        #expect(SyntheticPopulation.generate(count: 300, seed: 2) != Array(Self.people.prefix(300)))
        let a = SyntheticPopulation.corrupt(Self.people, count: 50, seed: 3)
        #expect(a == SyntheticPopulation.corrupt(Self.people, count: 50, seed: 3))
    }

    @Test("ids, NHS numbers in the 999 range with valid check digits, UPNs, ages 0 to 17")
    func records() {
        #expect(Self.people.count == 5000)
        #expect(Self.people.map(\.id) == Array(0..<5000))
        let nhs = Self.people.compactMap(\.details.nhsNumber)
        #expect(Double(nhs.count) / 5000 > 0.85)
        #expect(Set(nhs).count == nhs.count)
        for number in nhs {
            #expect(number.digits.hasPrefix("999"))
            #expect(NHSNumber(number.digits) == number)
        }
        let upns = Self.people.compactMap(\.details.upn)
        #expect(Set(upns).count == upns.count)
        #expect(upns.allSatisfy { UPN($0.value) == $0 })
        for person in Self.people {
            guard let dob = person.details.dateOfBirth else { continue }
            let age = person.details.age(on: SyntheticPopulation.referenceDate)
            #expect(age != nil && age! >= 0 && age! <= 17)
            if person.details.upn != nil { #expect(age! >= 4) }
            #expect(dob <= SyntheticPopulation.referenceDate)
        }
    }

    @Test("names fall off like UK names: Smith about 1.5%, a long tail of rare names")
    func zipf() {
        let frequencies = NameFrequencies(people: Self.people.map(\.details))
        let smith = frequencies.familyNameShare("Smith")
        #expect(smith > 0.008 && smith < 0.03)
        #expect(frequencies.familyNameShare("Smith") > frequencies.familyNameShare("Fletcher"))
        var counts: [String: Int] = [:]
        for p in Self.people { counts[NameText.fold(p.details.familyName), default: 0] += 1 }
        #expect(counts.count > 600)
        let rare = counts.values.filter { $0 <= 3 }.count
        #expect(Double(rare) / Double(counts.count) > 0.3)
        let girls = Self.people.filter { $0.details.sex == .female }
        #expect(abs(Double(girls.count) / 5000 - 0.5) < 0.03)
    }

    @Test("households: brothers and sisters share a postcode and mostly a surname; some are twins")
    func households() {
        let byHousehold = Dictionary(grouping: Self.people, by: \.household)
        #expect(byHousehold.count > 2000 && byHousehold.count < 4000)
        var twins = 0, sameSurname = 0, pairs = 0
        for (_, children) in byHousehold where children.count > 1 {
            #expect(Set(children.map(\.details.address)).count == 1)
            #expect(Set(children.map { NameText.fold($0.details.givenName) }).count == children.count)
            let dates = children.compactMap(\.details.dateOfBirth)
            twins += dates.count - Set(dates).count
            for child in children.dropFirst() {
                pairs += 1
                if child.details.familyName == children[0].details.familyName { sameSurname += 1 }
            }
        }
        #expect(twins > 10)
        #expect(Double(sameSurname) / Double(pairs) > 0.8)
    }

    @Test("queries: about 10% about children not in the population; the record of what went wrong is right")
    func queries() {
        let queries = SyntheticPopulation.corrupt(Self.people, count: 2000, seed: 4)
        let outsiders = queries.filter { $0.identity == nil }.count
        #expect(outsiders > 140 && outsiders < 260)
        let nhsInPopulation = Set(Self.people.compactMap(\.details.nhsNumber))
        for q in queries {
            if q.identity == nil, let nhs = q.query.nhsNumber { #expect(!nhsInPopulation.contains(nhs)) }
            guard let id = q.identity else { continue }
            let truth = Self.people[id].details
            if q.changes.contains(.dayMonthSwapped), let asked = q.query.dateOfBirth, let dob = truth.dateOfBirth {
                #expect(asked.day == dob.month && asked.month == dob.day)
                #expect(q.wrongFields.contains(.dateOfBirth))
            }
            if q.changes.contains(.nickname), let given = q.query.givenName {
                #expect(NameVariants.areVariants(given, truth.givenName))
                #expect(q.wrongFields.contains(.givenName))
            }
            if q.changes.contains(.surnameChanged) { #expect(q.wrongFields.contains(.familyName)) }
            if q.changes.isEmpty { #expect(q.wrongFields.isEmpty) }
            #expect(q.rightFields.isDisjoint(with: q.wrongFields))
        }
        let kinds = Set(queries.flatMap(\.changes))
        #expect(kinds.isSuperset(of: [.nickname, .givenNameTypo, .familyNameTypo, .surnameChanged, .dayMonthSwapped, .dateTypo, .moved, .yearOfBirthOnly, .ageRange]))
    }

    @Test("clean queries carry every field the record has, all right")
    func clean() {
        let queries = SyntheticPopulation.corrupt(Array(Self.people.prefix(200)), count: 100, seed: 9, rates: .clean)
        for q in queries {
            #expect(q.identity != nil)
            #expect(q.wrongFields.isEmpty)
            #expect(q.query.givenName == Self.people[q.identity!].details.givenName)
        }
    }

    @Test("duplicates keep their ids and differ from the original only as the rates say")
    func duplicates() {
        let copies = SyntheticPopulation.duplicates(of: Self.people, count: 300, seed: 10)
        #expect(copies.count == 300)
        let same = copies.filter { $0.details.givenName == Self.people[$0.id].details.givenName }.count
        #expect(same > 240)
    }
}
