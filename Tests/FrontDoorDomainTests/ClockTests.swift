import Foundation
import FrontDoorDomain
import Testing

@Suite("Decision clocks on contacts")
struct ClockTests {
    static let calendar = WorkingCalendar()
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    @Test("the RAG rating sets the decision clock: red 240, amber 480, green and unrated 1,440 working minutes", arguments: [
        (RAG?.some(.red), "2026-11-04T13:30:00Z"), (.some(.amber), "2026-11-05T09:30:00Z"),
        (.some(.green), "2026-11-09T09:30:00Z"), (nil, "2026-11-09T09:30:00Z"),
    ])
    func ragClock(pair: (RAG?, String)) {
        let clocks = ContactClocks(receivedAt: Self.at("2026-11-04T09:30:00Z"), rag: pair.0, decidedAt: nil,
                                   now: Self.at("2026-11-04T10:00:00Z"), policy: .standard, calendar: Self.calendar)
        #expect(clocks.decision.dueAt == Self.at(pair.1))
        #expect(!clocks.decision.breached)
        #expect(clocks.decision.remainingWorkingMinutes == ClockPolicy.standard.minutes(for: pair.0) - 30)
        #expect(clocks.oneWorkingDay.dueAt == Self.at("2026-11-05T09:30:00Z"))
    }

    @Test("a red contact received at 16:00 on Friday 28 August 2026 is due at 12:00 on Tuesday 1 September (Monday is a bank holiday)")
    func augustBankHoliday() {
        let clocks = ContactClocks(receivedAt: Self.at("2026-08-28T16:00:00+01:00"), rag: .red, decidedAt: nil,
                                   now: Self.at("2026-09-01T12:30:00+01:00"), policy: .standard, calendar: Self.calendar)
        #expect(clocks.decision.dueAt == Self.at("2026-09-01T12:00:00+01:00"))
        #expect(clocks.decision.breached)
        #expect(clocks.decision.remainingWorkingMinutes == -30)
    }

    @Test("a decision stops the clock: a late decision stays breached, an early one never becomes breached")
    func stoppedClock() {
        let received = Self.at("2026-11-04T09:30:00Z")
        let late = ContactClocks(receivedAt: received, rag: .red, decidedAt: Self.at("2026-11-04T14:00:00Z"),
                                 now: Self.at("2026-12-01T10:00:00Z"), policy: .standard, calendar: Self.calendar)
        #expect(late.decision.breached)
        #expect(late.decision.remainingWorkingMinutes == -30)
        let early = ContactClocks(receivedAt: received, rag: .red, decidedAt: Self.at("2026-11-04T11:00:00Z"),
                                  now: Self.at("2026-12-01T10:00:00Z"), policy: .standard, calendar: Self.calendar)
        #expect(!early.decision.breached)
        #expect(early.decision.remainingWorkingMinutes == 150)
    }

    @Test("an authority's own clock policy is used")
    func customPolicy() {
        let policy = ClockPolicy(red: 120, amber: 240, green: 960, unrated: 480)
        let clocks = ContactClocks(receivedAt: Self.at("2026-11-04T09:00:00Z"), rag: .red, decidedAt: nil,
                                   now: Self.at("2026-11-04T09:00:00Z"), policy: policy, calendar: Self.calendar)
        #expect(clocks.decision.dueAt == Self.at("2026-11-04T11:00:00Z"))
    }

    @Test("out-of-hours receipt starts the clock at the next working minute")
    func outOfHours() {
        let clocks = ContactClocks(receivedAt: Self.at("2026-11-07T22:00:00Z"), rag: .red, decidedAt: nil,
                                   now: Self.at("2026-11-08T10:00:00Z"), policy: .standard, calendar: Self.calendar)
        #expect(clocks.decision.dueAt == Self.at("2026-11-09T13:00:00Z"))
        #expect(clocks.decision.remainingWorkingMinutes == 240)
    }
}
