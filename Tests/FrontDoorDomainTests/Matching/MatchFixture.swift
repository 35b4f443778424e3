import FrontDoorDomain
import PropertyBased
import Testing

/// People and generators for the matching tests.
enum MatchFixture {
    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// A valid NHS number in the 999 test range from six digits.
    static func nhs(_ middle: Int) -> NHSNumber? {
        let text = "999" + String(repeating: "0", count: 6 - String(middle).count) + String(middle)
        guard let check = NHSNumber.checkDigit(for: text.compactMap(\.wholeNumberValue)) else { return nil }
        return NHSNumber(text + String(check))
    }

    /// A valid UPN from its twelve characters after the check letter.
    static func upn(_ rest: String) -> UPN? {
        UPN.checkLetter(for: ArraySlice(Array(rest))).flatMap { UPN(String($0) + rest) }
    }

    static let amira = PersonDetails(
        givenName: "Amira", familyName: "Begum", otherNames: ["Noor"], dateOfBirth: date("2016-07-04"), sex: .female,
        nhsNumber: nhs(123_455)!, upn: upn("850200017001")!, address: "12 Station Road", postcode: Postcode("SO23 8UJ"))

    /// A model for a small population, so that the prior does not swamp the fields.
    static let model = MatchModel.standard.withPopulation(10_000)

    static func level(_ query: MatchQuery, _ person: PersonDetails, _ field: MatchField) -> String? {
        model.evaluate(query, person, frequencies: nil).fields.first { $0.field == field }?.level
    }

    static func reason(_ query: MatchQuery, _ person: PersonDetails, _ field: MatchField) -> String? {
        model.evaluate(query, person, frequencies: nil).fields.first { $0.field == field }?.reason
    }

    /// Synthetic people to draw from in property tests (fixed, so failures reproduce).
    static let people = SyntheticPopulation.generate(count: 400, seed: 3).map(\.details)

    static let personGen = pick(people)

    /// An element of a non-empty list (shrinking towards the first).
    static func pick<T: Sendable>(_ items: [T]) -> Generator<T, Shrink.Integer<Int>> {
        Gen.int(in: 0...(items.count - 1)).map { items[$0] }
    }

    /// A query made from a person, keeping the fields whose bit is set in `mask`.
    static func query(_ p: PersonDetails, mask: Int) -> MatchQuery {
        MatchQuery(
            givenName: mask & 1 != 0 ? p.givenName : nil, familyName: mask & 2 != 0 ? p.familyName : nil,
            dateOfBirth: mask & 4 != 0 ? p.dateOfBirth : nil, sex: mask & 8 != 0 ? p.sex : nil,
            nhsNumber: mask & 16 != 0 ? p.nhsNumber : nil, upn: mask & 32 != 0 ? p.upn : nil,
            postcode: mask & 64 != 0 ? p.postcode : nil, address: mask & 128 != 0 ? p.address : nil)
    }
}
