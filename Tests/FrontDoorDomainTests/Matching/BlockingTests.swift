import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Blocking keys")
struct BlockingTests {
    typealias F = MatchFixture

    static let population = SyntheticPopulation.generate(count: 3000, seed: 11)
    static let index = PersonIndex(people: population.map(\.details))

    @Test("a person's keys: identifiers, date, postcode, names with their variant groups, surname with month and year")
    func personKeys() {
        let keys = Blocking.keys(for: F.amira)
        #expect(keys.contains("nhs:" + F.amira.nhsNumber!.digits))
        #expect(keys.contains("upn:" + F.amira.upn!.value))
        #expect(keys.contains("dob:2016-07-04"))
        #expect(keys.contains("pc:SO238UJ"))
        #expect(keys.contains("name:PKM:AMR"))
        #expect(keys.contains("name:PKM:=amira"))
        // Other names stand for first names and surnames too.
        #expect(keys.contains("name:NR:AMR"))
        #expect(keys.contains("name:PKM:NR"))
        #expect(keys.contains("fam:PKM:2016-07"))
        #expect(keys.contains("fam:PKM:2016"))
        #expect(Set(keys).count == keys.count)
    }

    @Test("a query's keys: the swapped date too, the month for a full date, each year of an age range")
    func queryKeys() {
        let keys = Blocking.keys(for: PersonQuery(givenName: "Katie", familyName: "Smith", dateOfBirth: F.date("2016-07-04")))
        #expect(keys.contains("dob:2016-07-04"))
        #expect(keys.contains("dob:2016-04-07"))
        #expect(keys.contains("name:SM0:KT"))
        #expect(keys.contains("name:SM0:=catherine"))
        #expect(keys.contains("fam:SM0:2016-07"))
        #expect(!keys.contains("fam:SM0:2016"))
        let ranged = Blocking.keys(for: MatchQuery(familyName: "Smith", bornBetween: BirthRange.age(6...7, on: F.date("2026-04-01"))))
        #expect(ranged.filter { $0.hasPrefix("fam:") } == ["fam:SM0:2018", "fam:SM0:2019", "fam:SM0:2020"])
        // No swapped date when the day cannot be a month.
        #expect(Blocking.keys(for: PersonQuery(dateOfBirth: F.date("2016-07-24"))) == ["dob:2016-07-24"])
    }

    @Test("Katie finds Catherine and Mohammed finds Muhammad through the variant keys")
    func variantsShareKeys() {
        let catherine = PersonDetails(givenName: "Catherine", familyName: "Smith")
        let query = Blocking.keys(for: PersonQuery(givenName: "Katie", familyName: "Smyth"))
        #expect(!Set(query).isDisjoint(with: Blocking.keys(for: catherine)))
        let muhammad = PersonDetails(givenName: "Muhammad", familyName: "Hussain")
        #expect(!Set(Blocking.keys(for: PersonQuery(givenName: "Mohammed", familyName: "Hussein"))).isDisjoint(with: Blocking.keys(for: muhammad)))
    }

    /// The property: a true match whose query has at most one field wrong shares a key.
    /// (With something to go on: two of first name, surname, date of birth and postcode right, or
    /// a right NHS number or UPN. A lone right surname cannot be searched on among a million.)
    @Test("every true match with at most one field wrong shares a key with its query (synthetic queries)")
    func atMostOneWrong() {
        let queries = SyntheticPopulation.corrupt(Self.population, count: 3000, seed: 5)
        var checked = 0, inPopulation = 0, found = 0
        for q in queries {
            guard let id = q.identity else { continue }
            inPopulation += 1
            let shares = Self.index.candidates(for: q.query).contains(id)
            if shares { found += 1 }
            let basics = q.rightFields.intersection([.givenName, .familyName, .dateOfBirth, .address])
            guard q.wrongFields.count <= 1,
                  basics.count >= 2 || q.rightFields.contains(.nhsNumber) || q.rightFields.contains(.upn)
            else { continue }
            checked += 1
            #expect(shares, "query \(q.query) with \(q.changes) misses \(Self.population[id].details)")
        }
        #expect(checked > 2000)
        // Two or more mistakes, or too little to go on, still mostly block together.
        #expect(Double(found) / Double(inPopulation) > 0.98)
    }

    @Test("one field wrong, any field: the true record still shares a key")
    func oneFieldWrongProperty() async {
        let people = Self.population
        await propertyCheck(count: 400, input: MatchFixture.pick(people), MatchFixture.pick(people), Gen.int(in: 0...4)) { person, other, field in
            let p = person.details
            guard p.dateOfBirth != nil, p.postcode != nil else { return }
            var query = MatchQuery(givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, postcode: p.postcode)
            switch field {
            case 0: query.givenName = other.details.givenName
            case 1: query.familyName = other.details.familyName
            case 2: query.dateOfBirth = other.details.dateOfBirth
            case 3: query.postcode = other.details.postcode
            default: query.givenName = query.givenName.map { String($0.reversed()) }
            }
            #expect(Self.index.candidates(for: query).contains(person.id))
        }
    }

    @Test("blocks are small: a query scores about 1% of 3,000 people")
    func blockSizes() {
        let queries = SyntheticPopulation.corrupt(Self.population, count: 500, seed: 6)
        let total = queries.reduce(0) { $0 + Self.index.candidates(for: $1.query).count }
        #expect(Double(total) / Double(queries.count) < 30)
    }

    @Test("a first name and surname alone find the person")
    func nameOnly() throws {
        let person = Self.population[17]
        let query = MatchQuery(givenName: person.details.givenName, familyName: person.details.familyName)
        #expect(Self.index.candidates(for: query).contains(person.id))
        let results = F.model.search(query, in: Self.index, frequencies: NameFrequencies(people: Self.index.people))
        #expect(results.contains { $0.index == person.id })
    }
}
