import Foundation
import FrontDoorDomain
import Testing

@Suite("Comparison levels and their reasons")
struct ComparisonLevelTests {
    typealias F = MatchFixture
    let amira = F.amira

    @Test("first name levels", arguments: [
        ("Amira", "exact", "same first name"),
        ("AMIRA", "exact", "same first name"),
        ("Ameera", "variant", "first name a known variant (Ameera, Amira)"),
        ("Noor", "otherName", "first name matches one of their other names"),
        ("Amria", "typo", "first name one letter different"),
        ("Amiraa", "typo", "first name one letter different"),
        ("Emirah", "phonetic", "first name sounds alike"),
        ("Amirabelle", "similar", "first name spelt similarly"),
        ("Grace", "different", "different first name"),
    ])
    func givenName(_ example: (String, String, String)) {
        let query = MatchQuery(givenName: example.0)
        #expect(F.level(query, amira, .givenName) == example.1)
        #expect(F.reason(query, amira, .givenName) == example.2)
    }

    @Test("nicknames both ways round: Katie and Catherine, Mohammed and Muhammad")
    func nicknames() {
        let katie = PersonDetails(givenName: "Katie", familyName: "Smith")
        let catherine = PersonDetails(givenName: "Catherine", familyName: "Smith")
        #expect(F.level(MatchQuery(givenName: "Catherine"), katie, .givenName) == "variant")
        #expect(F.level(MatchQuery(givenName: "Katie"), catherine, .givenName) == "variant")
        let mohammed = PersonDetails(givenName: "Mohammed", familyName: "Khan")
        let muhammad = PersonDetails(givenName: "Muhammad", familyName: "Khan")
        #expect(F.level(MatchQuery(givenName: "Muhammad"), mohammed, .givenName) == "variant")
        #expect(F.level(MatchQuery(givenName: "Mohammed"), muhammad, .givenName) == "variant")
    }

    @Test("surname levels", arguments: [
        ("Begum", "exact", "same surname"),
        ("Begun", "typo", "surname one letter different"),
        ("Bgeum", "typo", "surname one letter different"),
        ("Begum-Ali", "otherName", "surname matches part of their surname or another name they use"),
        ("Baguma", "phonetic", "surname sounds alike"),
        ("Begumova", "similar", "surname spelt similarly"),
        ("Hussain", "different", "different surname"),
    ])
    func familyName(_ example: (String, String, String)) {
        let query = MatchQuery(familyName: example.0)
        #expect(F.level(query, amira, .familyName) == example.1)
        #expect(F.reason(query, amira, .familyName) == example.2)
    }

    @Test("first name and surname the other way round")
    func swapped() {
        let result = F.model.evaluate(MatchQuery(givenName: "Begum", familyName: "Amira"), amira, frequencies: nil)
        #expect(result.fields.map(\.level) == ["exact", "exact"])
        #expect(result.reasons == ["first name and surname the other way round", "surname and first name the other way round"])
    }

    @Test("date of birth levels", arguments: [
        ("2016-07-04", "exact", "same date of birth"),
        ("2016-04-07", "dayMonthSwapped", "date of birth with day and month swapped"),
        ("2016-07-14", "oneDigit", "date of birth one digit different"),
        ("2015-07-04", "oneDigit", "date of birth one digit different"),
        ("2016-07-25", "withinMonth", "date of birth within a month"),
        ("2017-02-01", "withinYear", "date of birth within a year"),
        ("2012-01-30", "different", "different date of birth"),
    ])
    func dateOfBirth(_ example: (String, String, String)) {
        let query = MatchQuery(dateOfBirth: F.date(example.0))
        #expect(F.level(query, amira, .dateOfBirth) == example.1)
        #expect(F.reason(query, amira, .dateOfBirth) == example.2)
    }

    @Test("year of birth and age range")
    func ranges() {
        let today = F.date("2026-04-01")
        func check(_ range: BirthRange?, _ level: String, _ reason: String) {
            let query = MatchQuery(bornBetween: range)
            #expect(F.level(query, amira, .birthRange) == level)
            #expect(F.reason(query, amira, .birthRange) == reason)
            #expect(F.level(query, amira, .dateOfBirth) == nil)
        }
        check(BirthRange.year(2016), "inRange", "same year of birth")
        check(BirthRange.year(2017), "nearRange", "year of birth one out")
        check(BirthRange.year(2010), "outside", "different year of birth")
        check(BirthRange.age(9...9, on: today), "inRange", "age in the range given")
        check(BirthRange.age(8...9, on: today), "inRange", "age in the range given")
        check(BirthRange.age(10...11, on: today), "nearRange", "age within a year of the range given")
        check(BirthRange.age(2...4, on: today), "outside", "age outside the range given")
        // A date of birth, when given, is compared instead of the range.
        let both = MatchQuery(dateOfBirth: F.date("2016-07-04"), bornBetween: BirthRange.year(2000))
        #expect(F.level(both, amira, .birthRange) == nil)
        #expect(F.level(both, amira, .dateOfBirth) == "exact")
    }

    @Test("aged 9 on 1 April 2026 means born 2 April 2016 to 1 April 2017")
    func ageRangeDates() throws {
        let range = try #require(BirthRange.age(9...9, on: F.date("2026-04-01")))
        #expect(range.earliest == F.date("2016-04-02"))
        #expect(range.latest == F.date("2017-04-01"))
        #expect(BirthRange.age(-1...3, on: F.date("2026-04-01")) == nil)
    }

    @Test("address levels", arguments: [
        ("SO23 8UJ", "12 Station Rd.", "sameAddress", "same address"),
        ("SO23 8UJ", nil, "samePostcode", "same postcode"),
        ("SO23 8UJ", "14 Station Road", "samePostcode", "same postcode"),
        (nil, "12 station road", "sameLine", "same house number and street"),
        ("SO23 8AB", nil, "sameSector", "same postcode sector"),
        ("SO23 9XY", nil, "sameDistrict", "same postcode district"),
        ("M1 1AE", "12 Station Road", "different", "different postcode"),
    ] as [(String?, String?, String, String)])
    func address(_ example: (String?, String?, String, String)) {
        let query = MatchQuery(postcode: example.0.flatMap(Postcode.init), address: example.1)
        #expect(F.level(query, amira, .address) == example.2)
        #expect(F.reason(query, amira, .address) == example.3)
    }

    @Test("identifiers and sex")
    func identifiers() {
        #expect(F.reason(MatchQuery(nhsNumber: amira.nhsNumber), amira, .nhsNumber) == "same NHS number")
        #expect(F.reason(MatchQuery(nhsNumber: F.nhs(654_321)), amira, .nhsNumber) == "different NHS number")
        #expect(F.reason(MatchQuery(upn: amira.upn), amira, .upn) == "same UPN")
        #expect(F.reason(MatchQuery(sex: .female), amira, .sex) == "same sex")
        #expect(F.reason(MatchQuery(sex: .male), amira, .sex) == "different sex")
        #expect(F.level(MatchQuery(sex: .unknown), amira, .sex) == nil)
    }

    @Test("a field either side lacks is not compared and gives no reason")
    func missing() {
        let sparse = PersonDetails(givenName: "Amira", familyName: "Begum")
        let result = F.model.evaluate(MatchQuery(amira), sparse, frequencies: nil)
        #expect(result.fields.map(\.field) == [.givenName, .familyName])
        #expect(result.reasons == ["same first name", "same surname"])
    }

    @Test("the reasons read in order: identifiers, names, date of birth, address")
    func reasonsText() {
        let query = MatchQuery(
            givenName: "Amira", familyName: "Bagum", dateOfBirth: F.date("2016-07-04"), postcode: Postcode("SO23 8UJ"))
        let match = F.model.compare(query, amira, frequencies: nil)
        #expect(match.reasons == ["same first name", "surname one letter different", "same date of birth", "same postcode"])
        #expect(match.band == .certain)
        let person = F.model.compare(PersonQuery(familyName: "Begum", dateOfBirth: F.date("2016-07-04")), amira, frequencies: nil)
        #expect(person.reasons == ["same surname", "same date of birth"])
    }

    @Test("a common surname counts for less than a rare one (term frequency)")
    func termFrequency() {
        var people = (0..<200).map { PersonDetails(givenName: "A\($0)", familyName: "Smith") }
        people += (0..<800).map { PersonDetails(givenName: "B\($0)", familyName: "Name\($0)") }
        people.append(PersonDetails(givenName: "Cara", familyName: "Featherstonehaugh"))
        let frequencies = NameFrequencies(people: people)
        #expect(abs(frequencies.familyNameShare("smith") - 200.0 / 1001) < 1e-12)
        #expect(frequencies.familyNameShare("Nobody") == 0)
        let smith = F.model.evaluate(MatchQuery(familyName: "Smith"), people[0], frequencies: frequencies)
        let rare = F.model.evaluate(MatchQuery(familyName: "Featherstonehaugh"), people.last!, frequencies: frequencies)
        let plain = F.model.evaluate(MatchQuery(familyName: "Smith"), people[0], frequencies: nil)
        #expect(smith.evidence < plain.evidence)
        #expect(rare.evidence > plain.evidence)
        #expect(abs(smith.evidence - log2(0.85 / (200.0 / 1001))) < 1e-9)
        #expect(smith.evidence >= 0)
    }

    @Test("brothers and sisters: same surname and address do not make a match when the first name differs")
    func siblings() {
        let sister = PersonDetails(
            givenName: "Zainab", familyName: "Begum", dateOfBirth: F.date("2014-02-11"), sex: .female,
            address: "12 Station Road", postcode: Postcode("SO23 8UJ"))
        let query = MatchQuery(givenName: "Amira", familyName: "Begum", postcode: Postcode("SO23 8UJ"))
        #expect(F.model.evaluate(query, sister, frequencies: nil).band == .possible)
        #expect(F.model.evaluate(query, amira, frequencies: nil).band >= .likely)
        // A twin: even the date of birth is shared.
        var twin = sister
        twin.dateOfBirth = amira.dateOfBirth
        let withDate = MatchQuery(givenName: "Amira", familyName: "Begum", dateOfBirth: amira.dateOfBirth, postcode: Postcode("SO23 8UJ"))
        #expect(F.model.evaluate(withDate, twin, frequencies: nil).band == .possible)
        #expect(F.model.evaluate(withDate, amira, frequencies: nil).band == .certain)
    }

    @Test("score, probability and band agree")
    func bands() {
        let result = F.model.evaluate(MatchQuery(amira), amira, frequencies: nil)
        #expect(abs(result.probability - MatchModel.probability(weight: result.weight)) < 1e-12)
        #expect(abs(result.weight - (F.model.priorWeight + result.evidence)) < 1e-9)
        #expect(result.band == .certain)
        #expect(result.personMatch.score == (result.weight * 100).rounded() / 100)
        #expect(F.model.band(probability: 0.995) == .certain)
        #expect(F.model.band(probability: 0.95) == .likely)
        #expect(F.model.band(probability: 0.5) == .possible)
    }

    @Test("a name alone still finds the person, in a lower band")
    func nameOnly() {
        let result = F.model.evaluate(MatchQuery(givenName: "Amira", familyName: "Begum"), amira, frequencies: nil)
        #expect(result.isPlausible)
        #expect(result.band == .possible)
        let stranger = F.model.evaluate(MatchQuery(givenName: "Grace", familyName: "Hussain"), amira, frequencies: nil)
        #expect(!stranger.isPlausible)
    }

    @Test("the model survives a JSON round trip")
    func codable() throws {
        let data = try JSONEncoder().encode(MatchModel.standard)
        let back = try JSONDecoder().decode(MatchModel.self, from: data)
        #expect(back == MatchModel.standard)
        #expect(String(decoding: data, as: UTF8.self).contains("\"dayMonthSwapped\""))
    }
}
