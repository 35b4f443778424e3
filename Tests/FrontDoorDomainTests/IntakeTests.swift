import Foundation
import FrontDoorDomain
import Testing

@Suite("Recording a contact: checking what the caller gave")
struct IntakeTests {
    static let now = ISO8601DateFormatter().date(from: "2026-11-04T10:00:00Z")!
    static let today = LocalDate(year: 2026, month: 11, day: 4)!

    static func child(_ given: String? = "Ava", _ family: String? = "Test", dob: String? = "2019-02-03") -> ContactInput.Person {
        .init(details: PersonInput(givenName: given, familyName: family, dateOfBirth: dob))
    }

    @Test("a complete contact is accepted with its codes read")
    func accepted() throws {
        let input = ContactInput(
            receivedAt: "2026-11-04T09:15:00+00:00", source: "2a", channel: "web-form", type: "concern",
            referrer: Referrer(name: "A Teacher", organisation: "Primary school", email: "teacher@school.example"),
            children: [Self.child()], adults: [.init(details: PersonInput(givenName: "Mum", familyName: "Test"))],
            narrative: "Bruise seen", consent: "given", rag: "Amber"
        )
        let contact = try input.validated(now: Self.now, today: Self.today)
        #expect(contact.source == .schools)
        #expect(contact.source.group == .education)
        #expect(contact.channel == .webForm)
        #expect(contact.rag == .amber)
        #expect(contact.children.count == 1)
        #expect(contact.adults.count == 1)
        #expect(contact.consent == .given)
    }

    @Test("every problem is reported at once, each under its field")
    func everyProblem() {
        let input = ContactInput(
            receivedAt: "2026-11-04 09:15", source: "11", channel: "pigeon", children: [Self.child(nil, "Test", dob: "2026-13-01")],
            consent: "not-sought", rag: "purple"
        )
        #expect {
            try input.validated(now: Self.now, today: Self.today)
        } throws: { error in
            guard let failure = error as? ValidationFailure else { return false }
            return failure.problems.map(\.field) == [
                "receivedAt", "source", "channel", "children[0].givenName", "children[0].dateOfBirth", "consent.reason", "rag",
            ]
        }
    }

    @Test("a receipt time needs an offset and cannot be in the future", arguments: [
        "2026-11-04T09:15:00", "2026-11-04", "2026-11-05T09:15:00Z", "not a time",
    ])
    func receiptTime(text: String) {
        let input = ContactInput(receivedAt: text, source: "6", children: [Self.child()])
        #expect(throws: ValidationFailure.self) { try input.validated(now: Self.now, today: Self.today) }
    }

    @Test("RFC 3339 times with offsets and fractions are read exactly")
    func rfc3339() {
        #expect(RFC3339.parse("2026-08-28T16:00:00+01:00") == ISO8601DateFormatter().date(from: "2026-08-28T15:00:00Z"))
        #expect(RFC3339.parse("2026-08-28T15:00:00.250Z")?.timeIntervalSince1970 == ISO8601DateFormatter().date(from: "2026-08-28T15:00:00Z")!.timeIntervalSince1970 + 0.25)
        #expect(RFC3339.parse("2026-08-28T15:00:00") == nil)
    }

    @Test("an unborn child has an expected date of birth and sex U")
    func unborn() throws {
        var check = InputChecker()
        let details = PersonInput(givenName: "Unborn", familyName: "Test", expectedDateOfBirth: "2027-02-01")
            .validated(as: "child", today: Self.today, into: &check)
        #expect(check.problems.isEmpty)
        #expect(details?.isUnborn == true)
        #expect(details?.sex == .unknown)
        var check2 = InputChecker()
        _ = PersonInput(givenName: "Unborn", familyName: "Test", expectedDateOfBirth: "2027-02-01", sex: "F")
            .validated(as: "child", today: Self.today, into: &check2)
        #expect(check2.problems.map(\.field) == ["child.sex"])
    }

    @Test("over-long and control-character text is refused, not truncated")
    func overLong() {
        var check = InputChecker()
        _ = check.require(String(repeating: "x", count: 201), "name")
        _ = check.require("bad\u{0}name", "other")
        #expect(check.problems.map(\.field) == ["name", "other"])
    }

    @Test("ages are whole years on a date")
    func ages() {
        let person = PersonDetails(givenName: "A", familyName: "B", dateOfBirth: LocalDate(year: 2016, month: 7, day: 4))
        #expect(person.age(on: LocalDate(year: 2026, month: 7, day: 3)!) == 9)
        #expect(person.age(on: LocalDate(year: 2026, month: 7, day: 4)!) == 10)
    }
}

@Suite("A first person matcher")
struct MatcherTests {
    @Test("Soundex codes names that sound alike the same", arguments: [
        ("Robert", "R163"), ("Rupert", "R163"), ("Ashcraft", "A261"), ("Tymczak", "T522"), ("Pfister", "P236"), ("Thompson", "T512"), ("Tomson", "T525"),
    ])
    func soundex(pair: (String, String)) {
        #expect(PersonMatcher.soundex(pair.0) == pair.1)
    }

    @Test("the same NHS number is certain; a misspelt surname with the same birthday is likely")
    func bands() {
        let person = PersonDetails(givenName: "Muhammad", familyName: "Begum", dateOfBirth: LocalDate(year: 2015, month: 3, day: 9), nhsNumber: NHSNumber("9434765919"))
        #expect(PersonMatcher.match(PersonQuery(nhsNumber: NHSNumber("9434765919")), person)?.band == .certain)
        let likely = PersonMatcher.match(PersonQuery(givenName: "Mohammed", familyName: "Begun", dateOfBirth: LocalDate(year: 2015, month: 3, day: 9)), person)
        #expect(likely?.band == .likely)
        #expect(likely?.reasons == ["same date of birth", "surname sounds alike", "first name sounds alike"])
        let swapped = PersonMatcher.match(PersonQuery(familyName: "Begum", dateOfBirth: LocalDate(year: 2015, month: 9, day: 3)), person)
        #expect(swapped?.reasons.contains("date of birth with day and month swapped") == true)
        #expect(PersonMatcher.match(PersonQuery(familyName: "Smith", dateOfBirth: LocalDate(year: 2001, month: 1, day: 1)), person) == nil)
    }
}
