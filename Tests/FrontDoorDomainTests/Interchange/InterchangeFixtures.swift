import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

/// Interchange lines and records for tests. Every person is synthetic.
enum InterchangeFixture {
    /// One JSON object as a line, keys sorted so that the text is predictable.
    static func line(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static var la: [String: Any] { ["kind": "localAuthority", "code": "850", "name": "Synthetic County", "childPopulation": 280_000] }

    /// A valid UPN issued in LA 850, its check letter worked out by the domain's own rule.
    static let upn: String = {
        let rest = Array("850123419001")
        return String(UPN.checkLetter(for: rest[...])!) + String(rest)
    }()

    static var person: [String: Any] {
        [
            "kind": "person", "ref": "P1", "la": "850", "givenName": "Ava", "familyName": "Testchild",
            "otherNames": ["Ava Sample"], "dateOfBirth": "2015-03-02", "sex": "F", "ethnicity": "WBRI",
            "nhsNumber": "9434765919", "upn": upn, "postcode": "SO23 8UJ", "disabilities": ["NONE"],
        ]
    }

    static var adult: [String: Any] { ["kind": "person", "ref": "A1", "la": "850", "givenName": "Sam", "familyName": "Testparent"] }

    static var contact: [String: Any] {
        [
            "kind": "contact", "ref": "C1", "la": "850", "receivedAt": "2019-06-03T10:15:00+01:00", "source": "2A",
            "channel": "web-form", "type": "concern", "children": ["P1"], "adults": ["A1"], "openCaseAtReceipt": false,
            "rag": "amber", "summary": "Bruise seen at school",
            "decision": ["outcome": "referral", "decidedAt": "2019-06-03T15:00:00+01:00"],
        ]
    }

    static var referral: [String: Any] {
        [
            "kind": "referral", "ref": "R1", "la": "850", "child": "P1", "contact": "C1",
            "referredAt": "2019-06-03T15:00:00+01:00", "source": "2A", "completedAt": "2019-06-05T12:00:00+01:00",
            "outcome": "assessment", "nfa": false, "strategyDiscussionAt": "2019-06-04T11:00:00+01:00",
            "s47StartedAt": "2019-06-04", "assessmentStartedAt": "2019-06-06", "assessmentAuthorisedAt": "2019-07-20",
            "icpcAt": "2019-06-25", "cpPlanStartedAt": "2019-06-25", "closedAt": "2020-01-10", "reasonForClosure": "RC7",
            "primaryNeed": "N1",
        ]
    }

    static func with(_ object: [String: Any], _ changes: [String: Any?]) -> [String: Any] {
        var copy = object
        for (key, value) in changes {
            if let value { copy[key] = value } else { copy.removeValue(forKey: key) }
        }
        return copy
    }

    /// The problems with one line on its own, as `field: message`.
    static func problems(_ object: [String: Any]) -> [FieldProblem] {
        problems(line(object))
    }

    static func problems(_ text: String) -> [FieldProblem] {
        do {
            _ = try InterchangeParser.parse(text)
            return []
        } catch {
            return error.problems
        }
    }

    static func validate(_ lines: [String], isKnown: @escaping (InterchangeKey) -> Bool = { _ in false }) -> InterchangeValidation {
        InterchangeValidator.validate(data: Data(lines.joined(separator: "\n").utf8), isKnown: isKnown)
    }

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }
}

/// Random but valid records, for round-trip properties and for files at scale.
enum SyntheticInterchange {
    static let las = ["850", "921"]

    /// A consistent history: local authorities, then for each family its people, contacts and referrals,
    /// each defined before anything points at it.
    static func history(families: Int, rng: inout some RandomNumberGenerator) -> [InterchangeRecord] {
        var records: [InterchangeRecord] = [
            .localAuthority(InterchangeLocalAuthority(code: "850", name: "Synthetic County", childPopulation: 280_000)),
            .localAuthority(InterchangeLocalAuthority(code: "921", name: "Synthetic Island")),
        ]
        for family in 0..<families {
            let la = las[family % 2]
            let childRefs = (0..<Int.random(in: 1...3, using: &rng)).map { "F\(family)-C\($0)" }
            let adultRef = "F\(family)-A"
            for ref in childRefs { records.append(.person(person(ref: ref, la: la, child: true, rng: &rng))) }
            records.append(.person(person(ref: adultRef, la: la, child: false, rng: &rng)))
            let contactRef = "F\(family)-K"
            let contact = contact(ref: contactRef, la: la, children: childRefs, adults: [adultRef], rng: &rng)
            records.append(.contact(contact))
            if contact.decision?.outcome == .referral {
                for childRef in childRefs {
                    records.append(.referral(referral(ref: "F\(family)-R-\(childRef)", la: la, child: childRef, contact: contact, rng: &rng)))
                }
            }
        }
        return records
    }

    static func person(ref: String, la: String, child: Bool, rng: inout some RandomNumberGenerator) -> InterchangePerson {
        let girl = Bool.random(using: &rng)
        let names = child ? (girl ? SyntheticNames.girls : SyntheticNames.boys) : (girl ? SyntheticNames.adultsFemale : SyntheticNames.adultsMale)
        let unborn = child && Int.random(in: 0..<20, using: &rng) == 0
        return InterchangePerson(
            ref: ref, la: la, givenName: unborn ? "Unknown" : names.randomElement(using: &rng)!,
            familyName: SyntheticNames.surnames.randomElement(using: &rng)!,
            otherNames: Bool.random(using: &rng) ? [] : [names.randomElement(using: &rng)! + " \u{201C}Jo\u{201D}, \"quoted\"\\"],
            dateOfBirth: unborn ? nil : date(in: child ? 2008...2024 : 1970...2000, rng: &rng),
            expectedDateOfBirth: unborn ? date(in: 2025...2026, rng: &rng) : nil,
            sex: unborn ? .unknown : (Bool.random(using: &rng) ? nil : Sex.allCases.randomElement(using: &rng)),
            ethnicity: Bool.random(using: &rng) ? Ethnicity.allCases.randomElement(using: &rng) : nil,
            nhsNumber: Bool.random(using: &rng) ? nhsNumber(rng: &rng) : nil,
            upn: child && Bool.random(using: &rng) ? upn(la: la, rng: &rng) : nil,
            postcode: Bool.random(using: &rng) ? Postcode(["SO23 8UJ", "PO30 1UD", "B1 1AA", "EC1A 1BB", "M1 1AE"].randomElement(using: &rng)!) : nil,
            disabilities: Bool.random(using: &rng) ? [] : Array(Disability.allCases.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng)))
        )
    }

    static func contact(ref: String, la: String, children: [String], adults: [String], rng: inout some RandomNumberGenerator) -> InterchangeContact {
        let received = instant(rng: &rng)
        let decided = Int.random(in: 0..<5, using: &rng) == 0
            ? nil
            : InterchangeContact.Decision(
                outcome: ContactOutcome.allCases.randomElement(using: &rng)!,
                decidedAt: InterchangeTimestamp.canonical(received.addingTimeInterval(Double(Int.random(in: 0...400_000, using: &rng)))))
        return InterchangeContact(
            ref: ref, la: la, receivedAt: received, source: ReferralSource.allCases.randomElement(using: &rng)!,
            channel: Bool.random(using: &rng) ? ContactChannel.allCases.randomElement(using: &rng) : nil,
            type: ContactType.allCases.randomElement(using: &rng)!, children: children,
            adults: Bool.random(using: &rng) ? adults : [],
            openCaseAtReceipt: [true, false, nil].randomElement(using: &rng)!,
            rag: Bool.random(using: &rng) ? RAG.allCases.randomElement(using: &rng) : nil,
            summary: Bool.random(using: &rng) ? nil : "Concern raised;\nline two\twith a tab, a \"quote\" and é",
            decision: decided
        )
    }

    static func referral(ref: String, la: String, child: String, contact: InterchangeContact, rng: inout some RandomNumberGenerator) -> InterchangeReferral {
        let referred = contact.decision?.decidedAt ?? contact.receivedAt
        let day = LocalDate(iso: String(InterchangeTimestamp.format(referred).prefix(10)))!
        func later(_ maximum: Int) -> LocalDate? {
            Bool.random(using: &rng) ? shifted(day, by: Int.random(in: 0...maximum, using: &rng)) : nil
        }
        return InterchangeReferral(
            ref: ref, la: la, child: child, contact: Bool.random(using: &rng) ? contact.ref : nil, referredAt: referred,
            source: contact.source,
            completedAt: Bool.random(using: &rng)
                ? InterchangeTimestamp.canonical(referred.addingTimeInterval(Double(Int.random(in: 0...500_000, using: &rng)) + 0.25)) : nil,
            outcome: Bool.random(using: &rng) ? ReferralReportOutcome.allCases.randomElement(using: &rng) : nil,
            nfa: [true, false, nil].randomElement(using: &rng)!,
            strategyDiscussionAt: Bool.random(using: &rng) ? InterchangeTimestamp.canonical(referred.addingTimeInterval(3600)) : nil,
            s47StartedAt: later(10), assessmentStartedAt: later(10), assessmentAuthorisedAt: later(90), icpcAt: later(30),
            cpPlanStartedAt: later(30), closedAt: later(400),
            reasonForClosure: Bool.random(using: &rng) ? ReasonForClosure.allCases.randomElement(using: &rng) : nil,
            primaryNeed: Bool.random(using: &rng) ? PrimaryNeed.allCases.randomElement(using: &rng) : nil
        )
    }

    /// An instant between 2015 and 2026, to the whole millisecond as the format holds instants
    /// (a third of them to the whole second).
    static func instant(rng: inout some RandomNumberGenerator) -> Date {
        let start = InterchangeFixture.utc(2015, 1, 1).timeIntervalSinceReferenceDate
        let milliseconds = Int.random(in: 0..<(11 * 365 * 86_400_000), using: &rng)
        let whole = Int.random(in: 0..<3, using: &rng) == 0
        return InterchangeTimestamp.canonical(Date(timeIntervalSinceReferenceDate: start + Double(whole ? milliseconds / 1000 * 1000 : milliseconds) / 1000))
    }

    static func date(in years: ClosedRange<Int>, rng: inout some RandomNumberGenerator) -> LocalDate {
        let year = Int.random(in: years, using: &rng)
        let month = Int.random(in: 1...12, using: &rng)
        return LocalDate(year: year, month: month, day: Int.random(in: 1...28, using: &rng))!
    }

    static func shifted(_ date: LocalDate, by days: Int) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
        let moved = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: start)!)
        return LocalDate(year: moved.year!, month: moved.month!, day: moved.day!)!
    }

    static func nhsNumber(rng: inout some RandomNumberGenerator) -> NHSNumber {
        while true {
            let nine = (0..<9).map { _ in Int.random(in: 0...9, using: &rng) }
            if let check = NHSNumber.checkDigit(for: nine) {
                return NHSNumber((nine + [check]).map(String.init).joined())!
            }
        }
    }

    static func upn(la: String, rng: inout some RandomNumberGenerator) -> UPN {
        let rest = Array(la + (0..<9).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined())
        return UPN(String(UPN.checkLetter(for: rest[...])!) + String(rest))!
    }
}
