import Foundation
import FrontDoorDomain
import Testing

@Suite("Reading one interchange line")
struct InterchangeParserTests {
    typealias F = InterchangeFixture

    @Test("a complete line of each kind is read into its typed record")
    func completeLines() throws {
        let la = try InterchangeParser.parse(F.line(F.la))
        #expect(la == .localAuthority(InterchangeLocalAuthority(code: "850", name: "Synthetic County", childPopulation: 280_000)))

        guard case .person(let person) = try InterchangeParser.parse(F.line(F.person)) else { Issue.record("not a person"); return }
        #expect(person.ref == "P1")
        #expect(person.la == "850")
        #expect(person.givenName == "Ava")
        #expect(person.otherNames == ["Ava Sample"])
        #expect(person.dateOfBirth == LocalDate(year: 2015, month: 3, day: 2))
        #expect(person.sex == .female)
        #expect(person.ethnicity == .WBRI)
        #expect(person.nhsNumber == NHSNumber("9434765919"))
        #expect(person.upn?.value == F.upn)
        #expect(person.postcode?.value == "SO23 8UJ")
        #expect(person.disabilities == [.NONE])

        guard case .contact(let contact) = try InterchangeParser.parse(F.line(F.contact)) else { Issue.record("not a contact"); return }
        // 10:15 BST is 09:15Z.
        #expect(contact.receivedAt == F.utc(2019, 6, 3, 9, 15))
        #expect(contact.source == .schools)
        #expect(contact.channel == .webForm)
        #expect(contact.type == .concern)
        #expect(contact.children == ["P1"])
        #expect(contact.adults == ["A1"])
        #expect(contact.openCaseAtReceipt == false)
        #expect(contact.rag == .amber)
        #expect(contact.summary == "Bruise seen at school")
        #expect(contact.decision == .init(outcome: .referral, decidedAt: F.utc(2019, 6, 3, 14)))

        guard case .referral(let referral) = try InterchangeParser.parse(F.line(F.referral)) else { Issue.record("not a referral"); return }
        #expect(referral.child == "P1")
        #expect(referral.contact == "C1")
        #expect(referral.referredAt == F.utc(2019, 6, 3, 14))
        #expect(referral.completedAt == F.utc(2019, 6, 5, 11))
        #expect(referral.outcome == .assessment)
        #expect(referral.nfa == false)
        #expect(referral.strategyDiscussionAt == F.utc(2019, 6, 4, 10))
        #expect(referral.s47StartedAt == LocalDate(iso: "2019-06-04"))
        #expect(referral.assessmentStartedAt == LocalDate(iso: "2019-06-06"))
        #expect(referral.assessmentAuthorisedAt == LocalDate(iso: "2019-07-20"))
        #expect(referral.icpcAt == LocalDate(iso: "2019-06-25"))
        #expect(referral.cpPlanStartedAt == LocalDate(iso: "2019-06-25"))
        #expect(referral.closedAt == LocalDate(iso: "2020-01-10"))
        #expect(referral.reasonForClosure == .RC7)
        #expect(referral.primaryNeed == .N1)
    }

    @Test("the smallest valid lines: only the required fields, with the defaults filled in")
    func minimalLines() throws {
        let contact = try InterchangeParser.parse(#"{"kind":"contact","ref":"C1","la":"850","receivedAt":"2019-01-03T10:15:00Z","source":"6","children":["P1"]}"#)
        #expect(contact == .contact(InterchangeContact(ref: "C1", la: "850", receivedAt: F.utc(2019, 1, 3, 10, 15), source: .police, children: ["P1"])))
        if case .contact(let c) = contact {
            #expect(c.type == .concern)
            #expect(c.openCaseAtReceipt == nil)
            #expect(c.decision == nil)
        }
        let person = try InterchangeParser.parse(#"{"kind":"person","ref":"P1","la":"850","givenName":"Unknown","familyName":"Unknown"}"#)
        #expect(person == .person(InterchangePerson(ref: "P1", la: "850", givenName: "Unknown", familyName: "Unknown")))
        let la = try InterchangeParser.parse(#"{"kind":"localAuthority","code":"921","name":"Synthetic Island"}"#)
        #expect(la == .localAuthority(InterchangeLocalAuthority(code: "921", name: "Synthetic Island")))
        let referral = try InterchangeParser.parse(#"{"kind":"referral","ref":"R1","la":"850","child":"P1","referredAt":"2019-01-03T10:15:00Z","source":"10"}"#)
        #expect(referral == .referral(InterchangeReferral(ref: "R1", la: "850", child: "P1", referredAt: F.utc(2019, 1, 3, 10, 15), source: .unknown)))
    }

    @Test("an unknown field is an error, with a suggestion when it looks like a typo")
    func unknownField() {
        let problems = F.problems(F.with(F.person, ["dateofbirth": "2015-03-02", "favouriteColour": "blue"]))
        #expect(problems.map(\.field).sorted() == ["dateofbirth", "favouriteColour"])
        let typo = problems.first { $0.field == "dateofbirth" }
        #expect(typo?.message.contains("did you mean \"dateOfBirth\"?") == true)
        #expect(problems.first { $0.field == "favouriteColour" }?.message.contains("did you mean") == false)
    }

    @Test("an unknown field inside the decision is an error too")
    func unknownNestedField() {
        let problems = F.problems(F.with(F.contact, ["decision": ["outcome": "closed", "decidedAt": "2019-06-03T15:00:00+01:00", "reason": "NFA"]]))
        #expect(problems.map(\.field) == ["decision.reason"])
    }

    @Test("a field given twice is an error rather than a silent choice")
    func repeatedField() {
        let problems = F.problems(#"{"kind":"localAuthority","code":"850","name":"A","name":"B"}"#)
        #expect(problems.map(\.field) == ["name"])
        #expect(problems.first?.message.contains("more than once") == true)
    }

    @Test("kind is required and must be one of the four", arguments: [
        (#"{"code":"850","name":"A"}"#, "is required"),
        (#"{"kind":"school","code":"850"}"#, "'school' is not one of"),
        (#"{"kind":"Person","ref":"P1"}"#, "'Person' is not one of"),
        (#"{"kind":3}"#, "a number is not one of"),
    ])
    func kind(line: String, message: String) {
        let problems = F.problems(line)
        #expect(problems.map(\.field) == ["kind"])
        #expect(problems.first?.message.contains(message) == true, "\(problems)")
    }

    @Test("a line that is not one JSON object is reported under json", arguments: [
        #"{"kind":"person""#, #"["kind","person"]"#, #"{"kind":'person'}"#, #"{"kind":"person"} {"kind":"person"}"#,
        "{\"kind\":\"person\",\"givenName\":\"A\u{0001}\"}", #"{"kind":"person",}"#, #"{"a":01}"#, #"{"a":tru}"#, "\"text\"",
        #"{"a":"\ud800"}"#, #"{"a":"\q"}"#,
    ])
    func notJSON(line: String) {
        let problems = F.problems(line)
        #expect(problems.map(\.field) == ["json"], "\(problems)")
    }

    @Test("text that is not UTF-8 is refused")
    func notUTF8() {
        var bytes = Array(#"{"kind":"localAuthority","code":"850","name":"X"}"#.utf8)
        bytes[bytes.count - 3] = 0xFF
        let result = InterchangeValidator.validate(data: Data(bytes))
        #expect(result.problems.map(\.field) == ["json"])
        #expect(result.problems.first?.message.contains("UTF-8") == true)
    }

    @Test("deep nesting is refused before it can exhaust the stack")
    func deepNesting() {
        let line = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(F.problems(line).map(\.field) == ["json"])
    }

    @Test("escapes in strings are read: quotes, backslashes, control characters and surrogate pairs")
    func escapes() throws {
        let record = try InterchangeParser.parse(#"{"kind":"localAuthority","code":"850","name":"A \"B\" \\ C \u00e9 \ud83d\ude00 \/"}"#)
        #expect(record == .localAuthority(InterchangeLocalAuthority(code: "850", name: "A \"B\" \\ C é 😀 /")))
    }

    @Test("required fields are reported when missing, null or blank")
    func requiredFields() {
        #expect(F.problems(F.with(F.person, ["ref": nil, "la": nil, "givenName": nil, "familyName": nil])).map(\.field)
            == ["ref", "la", "givenName", "familyName"])
        #expect(F.problems(F.with(F.person, ["givenName": NSNull(), "familyName": "   "])).map(\.field) == ["givenName", "familyName"])
        #expect(F.problems(F.with(F.contact, ["receivedAt": nil, "source": nil, "children": nil])).map(\.field)
            == ["receivedAt", "source", "children"])
        #expect(F.problems(F.with(F.referral, ["child": nil, "referredAt": nil, "source": nil])).map(\.field)
            == ["child", "referredAt", "source"])
        #expect(F.problems(F.with(F.la, ["code": nil, "name": nil])).map(\.field) == ["code", "name"])
    }

    @Test("optional fields may be null, which means absent")
    func nullOptional() throws {
        let record = try InterchangeParser.parse(F.line(F.with(F.contact, ["rag": NSNull(), "decision": NSNull(), "channel": NSNull()])))
        guard case .contact(let contact) = record else { Issue.record("not a contact"); return }
        #expect(contact.rag == nil)
        #expect(contact.decision == nil)
        #expect(contact.channel == nil)
    }

    @Test("an LA code is exactly three digits", arguments: ["85", "8500", "85O", " 850", "８５０"])
    func laCode(code: String) {
        #expect(F.problems(F.with(F.person, ["la": code])).map(\.field) == ["la"])
        #expect(F.problems(F.with(F.la, ["code": code])).map(\.field) == ["code"])
    }

    @Test("an LA code given as a number is refused with the expected form")
    func laCodeNumber() {
        let problems = F.problems(F.with(F.person, ["la": 850]))
        #expect(problems.map(\.field) == ["la"])
        #expect(problems.first?.message.contains("not a number") == true)
    }

    @Test("codes are checked against the CIN lists, exactly as written")
    func codes() {
        let cases: [([String: Any], String)] = [
            (F.with(F.person, ["sex": "X"]), "sex"),
            (F.with(F.person, ["sex": "f"]), "sex"),
            (F.with(F.person, ["ethnicity": "WHITE"]), "ethnicity"),
            (F.with(F.person, ["disabilities": ["NONE", "SIGHT"]]), "disabilities[1]"),
            (F.with(F.contact, ["source": "11"]), "source"),
            (F.with(F.contact, ["source": "2a"]), "source"),
            (F.with(F.contact, ["channel": "pigeon"]), "channel"),
            (F.with(F.contact, ["type": "worry"]), "type"),
            (F.with(F.contact, ["rag": "purple"]), "rag"),
            (F.with(F.contact, ["decision": ["outcome": "nfa", "decidedAt": "2019-06-03T15:00:00+01:00"]]), "decision.outcome"),
            (F.with(F.referral, ["outcome": "referral"]), "outcome"),
            (F.with(F.referral, ["reasonForClosure": "RC10"]), "reasonForClosure"),
            (F.with(F.referral, ["primaryNeed": "N10"]), "primaryNeed"),
            (F.with(F.referral, ["source": 6]), "source"),
        ]
        for (object, field) in cases {
            #expect(F.problems(object).map(\.field) == [field], "\(field)")
        }
    }

    @Test("every CIN referral source code is accepted")
    func everySource() {
        for source in ReferralSource.allCases {
            #expect(F.problems(F.with(F.contact, ["source": source.rawValue])).isEmpty, "\(source)")
        }
    }

    @Test("identifiers must pass their checks: NHS number modulus 11, UPN check letter, postcode shape")
    func identifiers() {
        #expect(F.problems(F.with(F.person, ["nhsNumber": "9434765918"])).map(\.field) == ["nhsNumber"])
        #expect(F.problems(F.with(F.person, ["nhsNumber": "943476591"])).map(\.field) == ["nhsNumber"])
        #expect(F.problems(F.with(F.person, ["nhsNumber": 9434765919])).map(\.field) == ["nhsNumber"])
        let wrongLetter = (F.upn.first == "A" ? "B" : "A") + F.upn.dropFirst()
        #expect(F.problems(F.with(F.person, ["upn": wrongLetter])).map(\.field) == ["upn"])
        #expect(F.problems(F.with(F.person, ["postcode": "SO23"])).map(\.field) == ["postcode"])
    }

    @Test("identifiers are held in their normal form")
    func normalForms() throws {
        guard case .person(let person) = try InterchangeParser.parse(F.line(F.with(F.person, [
            "nhsNumber": "943 476 5919", "upn": F.upn.lowercased(), "postcode": "so238uj",
        ]))) else { Issue.record("not a person"); return }
        #expect(person.nhsNumber?.digits == "9434765919")
        #expect(person.upn?.value == F.upn)
        #expect(person.postcode?.value == "SO23 8UJ")
    }

    @Test("timestamps need an offset and must exist", arguments: [
        "2019-06-03T10:15:00", "2019-06-03 10:15:00Z", "2019-06-03", "2019-02-30T10:00:00Z", "2019-06-03T24:00:00Z",
        "2019-06-03T10:15:00+0100", "2019-06-03T10:15:00+25:00", "1899-12-31T10:00:00Z", "2019-06-03T10:15:60Z",
        "2019-6-3T10:15:00Z", "2019-06-03T10:15:00.Z",
    ])
    func badTimestamps(text: String) {
        let problems = F.problems(F.with(F.contact, ["receivedAt": text]))
        #expect(problems.map(\.field) == ["receivedAt"], "\(problems)")
        #expect(problems.first?.message.contains("RFC 3339") == true)
    }

    @Test("dates are YYYY-MM-DD and real", arguments: ["2019-02-29", "2019-6-4", "04/06/2019", "2019-06-04T00:00:00Z", ""])
    func badDates(text: String) {
        #expect(F.problems(F.with(F.referral, ["s47StartedAt": text])).map(\.field) == ["s47StartedAt"])
        #expect(F.problems(F.with(F.person, ["dateOfBirth": text])).map(\.field) == ["dateOfBirth"])
    }

    @Test("types are checked: a boolean is not a string, a whole number is not a decimal")
    func types() {
        #expect(F.problems(F.with(F.contact, ["openCaseAtReceipt": "true"])).map(\.field) == ["openCaseAtReceipt"])
        #expect(F.problems(F.with(F.contact, ["openCaseAtReceipt": 1])).map(\.field) == ["openCaseAtReceipt"])
        #expect(F.problems(F.with(F.referral, ["nfa": 0])).map(\.field) == ["nfa"])
        #expect(F.problems(#"{"kind":"localAuthority","code":"850","name":"A","childPopulation":1.5}"#).map(\.field) == ["childPopulation"])
        #expect(F.problems(#"{"kind":"localAuthority","code":"850","name":"A","childPopulation":1e5}"#).map(\.field) == ["childPopulation"])
        #expect(F.problems(#"{"kind":"localAuthority","code":"850","name":"A","childPopulation":-1}"#).map(\.field) == ["childPopulation"])
        #expect(F.problems(#"{"kind":"localAuthority","code":"850","name":"A","childPopulation":"280000"}"#).map(\.field) == ["childPopulation"])
        #expect(F.problems(F.with(F.contact, ["children": "P1"])).map(\.field) == ["children"])
        #expect(F.problems(F.with(F.contact, ["children": ["P1", 2]])).map(\.field) == ["children[1]"])
        #expect(F.problems(F.with(F.person, ["otherNames": "Ava Sample"])).map(\.field) == ["otherNames"])
        #expect(F.problems(F.with(F.contact, ["decision": "closed"])).map(\.field) == ["decision"])
        #expect(F.problems(F.with(F.contact, ["summary": 12])).map(\.field) == ["summary"])
    }

    @Test("a contact names at least one child, and nobody twice in one list")
    func contactPeople() {
        #expect(F.problems(F.with(F.contact, ["children": [String]()])).map(\.field) == ["children"])
        #expect(F.problems(F.with(F.contact, ["children": ["P1", "P2", "P1"]])).map(\.field) == ["children[2]"])
        #expect(F.problems(F.with(F.contact, ["adults": ["A1", " "]])).map(\.field) == ["adults[1]"])
    }

    @Test("a decision comes after receipt, and a referral is completed after it is made")
    func order() {
        #expect(F.problems(F.with(F.contact, ["decision": ["outcome": "closed", "decidedAt": "2019-06-03T09:00:00Z"]])).map(\.field)
            == ["decision.decidedAt"])
        #expect(F.problems(F.with(F.referral, ["completedAt": "2019-06-03T13:59:59Z"])).map(\.field) == ["completedAt"])
        // The same instant written with another offset is not earlier.
        #expect(F.problems(F.with(F.referral, ["completedAt": "2019-06-03T14:00:00Z"])).isEmpty)
    }

    @Test("a decision needs both its outcome and its time")
    func decisionFields() {
        #expect(F.problems(F.with(F.contact, ["decision": ["outcome": "closed"]])).map(\.field) == ["decision.decidedAt"])
        #expect(F.problems(F.with(F.contact, ["decision": [String: Any]()])).map(\.field) == ["decision.outcome", "decision.decidedAt"])
    }

    @Test("text is trimmed, and too long or control characters are refused")
    func text() throws {
        guard case .person(let person) = try InterchangeParser.parse(F.line(F.with(F.person, ["givenName": "  Ava  "]))) else { return }
        #expect(person.givenName == "Ava")
        #expect(F.problems(F.with(F.person, ["givenName": String(repeating: "a", count: 101)])).map(\.field) == ["givenName"])
        #expect(F.problems(F.with(F.person, ["ref": String(repeating: "r", count: 101)])).map(\.field) == ["ref"])
        #expect(F.problems(F.with(F.person, ["familyName": "Test\u{07}"])).map(\.field) == ["familyName"])
        #expect(F.problems(F.with(F.contact, ["summary": String(repeating: "s", count: 20_001)])).map(\.field) == ["summary"])
    }

    @Test("every problem on a line is reported at once, in the order of the specification")
    func everyProblem() {
        let problems = F.problems(F.with(F.referral, [
            "la": "85", "referredAt": "yesterday", "source": "99", "outcome": "maybe", "icpcAt": "soon", "colour": "red",
        ]))
        #expect(problems.map(\.field) == ["colour", "la", "referredAt", "source", "outcome", "icpcAt"])
        #expect(problems.map(\.description).allSatisfy { $0.contains(": ") })
    }
}
