import Foundation
import FrontDoorDomain
import Testing

/// Instants, dates and records for report tests, written as a practitioner would say them.
/// Expected months and days are worked out by hand in each test, never by the code under test.
enum ReportFixture {
    static let london = TimeZone(identifier: "Europe/London")!
    static let calendar = WorkingCalendar()

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        instant(.gmt, year, month, day, hour, minute, second)
    }

    /// Wall-clock time in London, converted by Foundation.
    static func london(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        instant(london, year, month, day, hour, minute, second)
    }

    static func instant(_ zone: TimeZone, _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        return gregorian.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static func month(_ iso: String) -> ReportMonth { ReportMonth(iso: iso)! }

    static func period(_ from: String, _ through: String) -> ReportPeriod {
        ReportPeriod(from: date(from), through: date(through))!
    }

    static func contact(
        _ id: String, _ received: Date, source: ReferralSource = .police, open: Bool = false, children: Int = 1,
        rag: RAG? = nil, outcome: ContactOutcome? = nil, decided: Date? = nil, la: String = "850"
    ) -> ReportContact {
        let decision: ReportContact.Decision? = outcome.map { .init(outcome: $0, decidedAt: decided ?? received.addingTimeInterval(3600)) }
        return ReportContact(id: id, la: la, receivedAt: received, source: source, openCaseAtReceipt: open, children: children, rag: rag, decision: decision)
    }

    static func referral(
        _ id: String, _ referred: Date, child: String? = nil, contact: String? = nil, source: ReferralSource = .police,
        completed: Date? = nil, outcome: ReferralReportOutcome? = nil, strategy: Date? = nil, s47: String? = nil,
        assessment: String? = nil, authorised: String? = nil, icpc: String? = nil, la: String = "850"
    ) -> ReportReferral {
        ReportReferral(
            id: id, la: la, childId: child ?? "child-of-\(id)", contactId: contact, referredAt: referred, source: source,
            completedAt: completed, outcome: outcome, strategyDiscussionAt: strategy, s47StartedAt: s47.map(date),
            assessmentStartedAt: assessment.map(date), assessmentAuthorisedAt: authorised.map(date), icpcAt: icpc.map(date)
        )
    }
}

/// Random contacts and referrals over 2019 and 2020 in two authorities, for properties.
enum SyntheticReports {
    static func contacts(count: Int, rng: inout SeededRandom) -> [ReportContact] {
        (0..<count).map { index in
            let received = instant(rng: &rng)
            let decided = rng.chance(0.8)
                ? ReportContact.Decision(
                    outcome: rng.pick(ContactOutcome.allCases),
                    decidedAt: received.addingTimeInterval(Double(Int.random(in: 0...600_000, using: &rng))))
                : nil
            return ReportContact(
                id: "K\(index)", la: rng.chance(0.8) ? "850" : "921", receivedAt: received, source: rng.pick(ReferralSource.allCases),
                openCaseAtReceipt: rng.chance(0.1), children: Int.random(in: 1...4, using: &rng),
                rag: rng.chance(0.7) ? rng.pick(RAG.allCases) : nil, decision: decided
            )
        }
    }

    static func referrals(count: Int, contacts: [ReportContact], rng: inout SeededRandom) -> [ReportReferral] {
        (0..<count).map { index in
            let referred = instant(rng: &rng)
            let day = ReportFixture.calendar.localDate(of: referred)
            func later(_ days: Int) -> LocalDate? {
                rng.chance(0.4) ? ReportFixture.calendar.date(byAddingDays: Int.random(in: 0...days, using: &rng), to: day) : nil
            }
            let contact = contacts.isEmpty || rng.chance(0.2) ? nil : rng.pick(contacts)
            return ReportReferral(
                id: "R\(index)", la: contact?.la ?? (rng.chance(0.8) ? "850" : "921"), childId: "child\(Int.random(in: 0..<(count / 3 + 1), using: &rng))",
                contactId: contact?.id, referredAt: referred, source: rng.pick(ReferralSource.allCases),
                completedAt: rng.chance(0.8) ? referred.addingTimeInterval(Double(Int.random(in: 0...500_000, using: &rng))) : nil,
                outcome: rng.chance(0.8) ? rng.pick(ReferralReportOutcome.allCases) : nil,
                strategyDiscussionAt: rng.chance(0.2) ? referred.addingTimeInterval(7200) : nil,
                s47StartedAt: later(20), assessmentStartedAt: later(20), assessmentAuthorisedAt: later(120), icpcAt: later(40)
            )
        }
    }

    /// An instant in 2019 or 2020, with more of them near midnight so that month ends are exercised.
    static func instant(rng: inout SeededRandom) -> Date {
        let start = ReportFixture.utc(2019, 1, 1).timeIntervalSince1970
        if rng.chance(0.3) {
            // Around a month's turn: 22:00Z on the last day to 02:00Z on the first.
            let month = Int.random(in: 1...24, using: &rng)
            let first = ReportFixture.utc(2019 + (month - 1) / 12, (month - 1) % 12 + 1, 1)
            return first.addingTimeInterval(Double(Int.random(in: -7200...7200, using: &rng)))
        }
        return Date(timeIntervalSince1970: start + Double(Int.random(in: 0..<(2 * 365 * 86_400), using: &rng)))
    }
}
