import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("The HRDA meeting's rules: agenda window, what qualifies, action status")
struct HRDAMeetingRulesTests {
    typealias F = CalendarFixture
    let calendar = F.standard

    @Test("consecutive meetings' windows meet exactly, every day 2019-2027, so no notification is missed or taken twice")
    func windowsTile() throws {
        var day = try F.date("2019-01-02")
        let last = try F.date("2027-12-31")
        var previous: DateInterval?
        var daysCovered = 0
        while day <= last {
            if let window = HRDAMeetingRules.window(for: day, calendar: calendar) {
                #expect(window.end == calendar.startOfDay(day))
                if let previous { #expect(previous.end == window.start, "\(day)") }
                // The window opens on the previous working day and covers everything since.
                let opening = calendar.localDate(of: window.start)
                #expect(opening == calendar.adding(workingDays: -1, to: day))
                #expect(calendar.startOfDay(opening) == window.start)
                previous = window
                daysCovered += 1
            } else {
                #expect(!calendar.isWorkingDay(day), "\(day) is a working day and has no window")
            }
            day = try #require(calendar.date(byAddingDays: 1, to: day))
        }
        #expect(daysCovered > 2000)
    }

    @Test("a Monday covers the weekend; after a bank holiday the window reaches back over it; the clock change is respected")
    func examples() throws {
        // Monday 9 November 2026 (GMT): Friday 6 November 00:00 to Monday 00:00.
        let monday = try #require(HRDAMeetingRules.window(for: F.date("2026-11-09"), calendar: calendar))
        #expect(monday.start == F.utc(2026, 11, 6))
        #expect(monday.end == F.utc(2026, 11, 9))
        // Tuesday 10 November covers Monday only.
        let tuesday = try #require(HRDAMeetingRules.window(for: F.date("2026-11-10"), calendar: calendar))
        #expect(tuesday.start == F.utc(2026, 11, 9))
        // Tuesday after Easter Monday (Good Friday 3 April 2026, Easter Monday 6 April, BST): from Thursday 2 April 00:00 BST.
        let easter = try #require(HRDAMeetingRules.window(for: F.date("2026-04-07"), calendar: calendar))
        #expect(easter.start == F.utc(2026, 4, 1, 23))
        #expect(easter.end == F.utc(2026, 4, 6, 23))
        // Across the end of summer time (Sunday 25 October 2026): Friday 00:00 BST is Thursday 23:00Z.
        let clocks = try #require(HRDAMeetingRules.window(for: F.date("2026-10-26"), calendar: calendar))
        #expect(clocks.start == F.utc(2026, 10, 22, 23))
        #expect(clocks.end == F.utc(2026, 10, 26))
        // Two working days back, when an authority looks further.
        let wider = try #require(HRDAMeetingRules.window(for: F.date("2026-11-10"), lookbackWorkingDays: 2, calendar: calendar))
        #expect(wider.start == F.utc(2026, 11, 6))
        // No meeting at the weekend or on a bank holiday, and no empty window.
        #expect(HRDAMeetingRules.window(for: try F.date("2026-11-07"), calendar: calendar) == nil)
        #expect(HRDAMeetingRules.window(for: try F.date("2026-12-25"), calendar: calendar) == nil)
        #expect(HRDAMeetingRules.window(for: try F.date("2026-11-10"), lookbackWorkingDays: 0, calendar: calendar) == nil)
    }

    @Test("any instant falls in the window of exactly one meeting: the first working day after its local date")
    func everyInstantOnce() async {
        await propertyCheck(count: 300, input: F.instants) { instant in
            let received = calendar.localDate(of: instant)
            let meetingDay = calendar.adding(workingDays: 1, to: received)
            guard let window = HRDAMeetingRules.window(for: meetingDay, calendar: calendar) else {
                Issue.record("no window for \(meetingDay)")
                return
            }
            #expect(window.start <= instant && instant < window.end, "\(instant) not in the window of \(meetingDay)")
            // The meeting before and the one after do not contain it.
            let before = calendar.adding(workingDays: -1, to: meetingDay)
            let after = calendar.adding(workingDays: 1, to: meetingDay)
            for other in [before, after] {
                if let w = HRDAMeetingRules.window(for: other, calendar: calendar) { #expect(!(w.start <= instant && instant < w.end)) }
            }
        }
    }

    @Test("only domestic abuse notifications rated high risk qualify (every combination)")
    func qualifies() {
        for isDA in [false, true] {
            for risk in [nil] + PoliceRisk.allCases.map(Optional.some) {
                #expect(HRDAMeetingRules.qualifies(isDomesticAbuseNotification: isDA, policeRisk: risk) == (isDA && risk == .high))
            }
        }
    }

    @Test("an open action is overdue from the day after its due date; done and cancelled never are (every state and ordering)")
    func actionStatus() throws {
        let due = try F.date("2026-11-10")
        for state in MeetingActionState.allCases {
            for (today, late) in [(try F.date("2026-11-09"), false), (due, false), (try F.date("2026-11-11"), true)] {
                let status = HRDAMeetingRules.status(of: state, due: due, today: today)
                switch state {
                case .open: #expect(status == (late ? .overdue : .open))
                case .done: #expect(status == .done)
                case .cancelled: #expect(status == .cancelled)
                }
            }
        }
    }
}
