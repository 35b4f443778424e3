import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Match model properties, over synthetic people")
struct MatchPropertyTests {
    typealias F = MatchFixture
    static let frequencies = NameFrequencies(people: F.people)
    static let masks = Gen.int(in: 0...255)
    static let fields = Gen.int(in: 0...7)

    @Test("comparing two records gives the same score whichever is the query")
    func symmetric() async {
        await propertyCheck(count: 300, input: F.personGen, F.personGen) { a, b in
            for frequencies in [nil, Self.frequencies] {
                let ab = F.model.evaluate(MatchQuery(a), b, frequencies: frequencies)
                let ba = F.model.evaluate(MatchQuery(b), a, frequencies: frequencies)
                #expect(abs(ab.weight - ba.weight) < 1e-9)
                #expect(ab.fields.map(\.level) == ba.fields.map(\.level))
            }
        }
    }

    @Test("a record compared with itself is certain, and scores at least as well as with anyone else")
    func selfIsBest() async {
        await propertyCheck(count: 200, input: F.personGen, F.personGen) { a, b in
            let itself = F.model.evaluate(MatchQuery(a), a, frequencies: Self.frequencies)
            let other = F.model.evaluate(MatchQuery(a), b, frequencies: Self.frequencies)
            #expect(itself.band == .certain)
            #expect(itself.weight >= other.weight)
        }
    }

    @Test("adding a field that agrees with the candidate never lowers the score")
    func agreeingFieldNeverLowers() async {
        await propertyCheck(count: 500, input: F.personGen, F.personGen, Self.masks, Self.fields) { candidate, other, mask, bit in
            // The query starts as some of another person's fields and some of the candidate's.
            var query = F.query(other, mask: mask)
            let half = F.query(candidate, mask: mask >> 4)
            query.givenName = query.givenName ?? half.givenName
            query.dateOfBirth = query.dateOfBirth ?? half.dateOfBirth
            for frequencies in [nil, Self.frequencies] {
                let before = F.model.evaluate(query, candidate, frequencies: frequencies)
                // Only a field the query lacks is added. (Changing one that disagrees to one that
                // agrees is another matter: "same postcode, another house" and the same date of
                // birth is rarer between strangers than "same address" — twins — and the same date.)
                var more = query
                switch bit {
                case 0 where query.givenName == nil: more.givenName = candidate.givenName
                case 1 where query.familyName == nil: more.familyName = candidate.familyName
                case 2 where query.dateOfBirth == nil: more.dateOfBirth = candidate.dateOfBirth
                case 3 where query.sex == nil: more.sex = candidate.sex
                case 4 where query.nhsNumber == nil: more.nhsNumber = candidate.nhsNumber
                case 5 where query.upn == nil: more.upn = candidate.upn
                case 6 where query.postcode == nil: more.postcode = candidate.postcode
                case 7 where query.postcode == nil && query.address == nil:
                    more.postcode = candidate.postcode
                    more.address = candidate.address
                default: return
                }
                let after = F.model.evaluate(more, candidate, frequencies: frequencies)
                #expect(after.weight >= before.weight - 1e-9, "adding field \(bit): \(before.reasons) → \(after.reasons)")
            }
        }
    }

    @Test("an exact NHS number is certain, whatever else of the person's is given")
    func nhsNumberIsCertain() async {
        let withNHS = F.people.filter { $0.nhsNumber != nil }
        let large = MatchModel.standard.withPopulation(1_000_000)
        await propertyCheck(count: 300, input: F.pick(withNHS), Self.masks) { person, mask in
            var query = F.query(person, mask: mask)
            query.nhsNumber = person.nhsNumber
            for model in [F.model, MatchModel.standard, large] {
                #expect(model.evaluate(query, person, frequencies: Self.frequencies).band == .certain)
                #expect(model.compare(query.personQuery, person, frequencies: nil).band == .certain)
            }
        }
    }

    @Test("an exact UPN is certain on its own")
    func upnIsCertain() async {
        let withUPN = F.people.filter { $0.upn != nil }
        await propertyCheck(count: 100, input: F.pick(withUPN)) { person in
            #expect(MatchModel.standard.evaluate(MatchQuery(upn: person.upn), person, frequencies: nil).band == .certain)
        }
    }

    @Test("probability rises with the score, and the bands follow it")
    func bandsAreOrdered() async {
        await propertyCheck(count: 300, input: Gen.double(in: -30...30), Gen.double(in: -30...30)) { a, b in
            let (low, high) = (min(a, b), max(a, b))
            let p = MatchModel.probability(weight: low), q = MatchModel.probability(weight: high)
            #expect(p <= q)
            #expect(F.model.band(probability: p) <= F.model.band(probability: q))
        }
    }

    @Test("a more common surname never counts for more (term frequency is monotone)")
    func termFrequencyMonotone() async {
        let names = Self.frequencies
        await propertyCheck(count: 200, input: F.personGen, F.personGen) { a, b in
            let wa = F.model.evaluate(MatchQuery(familyName: a.familyName), a, frequencies: names).evidence
            let wb = F.model.evaluate(MatchQuery(familyName: b.familyName), b, frequencies: names).evidence
            let sa = names.familyNameShare(a.familyName), sb = names.familyNameShare(b.familyName)
            if sa < sb { #expect(wa >= wb) }
            if sa == sb { #expect(abs(wa - wb) < 1e-9) }
        }
    }
}
