import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

/// British Summer Time in 2026 runs from 01:00Z on Sunday 29 March to 01:00Z on Sunday 25 October.
@Suite("Working calendar: clock changes")
struct ClockChangeTests {
    typealias F = CalendarFixture
    let calendar = CalendarFixture.standard

    @Test("the 09:00 local start is 09:00Z in winter and 08:00Z in summer")
    func startOfDayFollowsTheClocks() {
        #expect(calendar.clockStart(for: F.utc(2026, 3, 27, 6)) == F.utc(2026, 3, 27, 9))
        #expect(calendar.clockStart(for: F.utc(2026, 3, 28, 12)) == F.utc(2026, 3, 30, 8))
        #expect(calendar.clockStart(for: F.utc(2026, 10, 24, 12)) == F.utc(2026, 10, 26, 9))
        #expect(calendar.isWorkingTime(F.utc(2026, 3, 30, 8, 30)), "09:30 BST")
        #expect(!calendar.isWorkingTime(F.utc(2026, 10, 26, 8, 30)), "08:30 GMT")
        #expect(calendar.isWorkingTime(F.utc(2026, 10, 23, 15, 59)), "16:59 BST")
        #expect(!calendar.isWorkingTime(F.utc(2026, 10, 23, 16, 0)), "17:00 BST")
    }

    @Test("spring forward: a red contact received at 16:00 GMT on Friday 27 March 2026 is due at 12:00 BST (11:00Z) on Monday 30 March")
    func redAcrossSpringForward() {
        let received = F.utc(2026, 3, 27, 16)
        let due = calendar.adding(workingMinutes: 240, to: received)
        #expect(due == F.utc(2026, 3, 30, 11))
        #expect(calendar.workingMinutes(from: received, to: due) == 240)
    }

    @Test("fall back: a red contact received at 16:00 BST on Friday 23 October 2026 is due at 12:00 GMT (12:00Z) on Monday 26 October")
    func redAcrossFallBack() {
        let received = F.utc(2026, 10, 23, 15)
        let due = calendar.adding(workingMinutes: 240, to: received)
        #expect(due == F.utc(2026, 10, 26, 12))
        #expect(calendar.workingMinutes(from: received, to: due) == 240)
    }

    @Test("a 1,440-minute clock from 10:00 GMT on Friday 27 March 2026 is due at 10:00 BST (09:00Z) on Wednesday 1 April")
    func greenFromFridayBeforeSpringForward() {
        let received = F.london(2026, 3, 27, 10)
        #expect(received == F.utc(2026, 3, 27, 10))
        let due = calendar.adding(workingMinutes: 1440, to: received)
        #expect(due == F.utc(2026, 4, 1, 9))
        #expect(calendar.workingMinutes(from: received, to: due) == 1440)
    }

    @Test("a 1,440-minute clock from 10:00 BST on Friday 23 October 2026 is due at 10:00 GMT (10:00Z) on Wednesday 28 October")
    func greenFromFridayBeforeFallBack() {
        let received = F.london(2026, 10, 23, 10)
        #expect(received == F.utc(2026, 10, 23, 9))
        let due = calendar.adding(workingMinutes: 1440, to: received)
        #expect(due == F.utc(2026, 10, 28, 10))
        #expect(calendar.workingMinutes(from: received, to: due) == 1440)
    }

    @Test("a week that spans a clock change still holds five 480-minute days")
    func weekAcrossChange() {
        #expect(calendar.workingMinutes(from: F.utc(2026, 3, 27, 0), to: F.utc(2026, 4, 3, 0)) == 5 * 480)
        #expect(calendar.workingMinutes(from: F.utc(2026, 10, 23, 0), to: F.utc(2026, 10, 30, 0)) == 5 * 480)
    }

    @Test("an around-the-clock service counts real elapsed time, so the short spring day and long autumn day are 23 and 25 hours")
    func aroundTheClock() async throws {
        let always = WorkingCalendar(
            hours: try WorkingHours(start: 0, end: 1440, weekdays: Set(1...7)), holidays: BankHolidays(dates: []))
        #expect(always.workingMinutes(from: F.london(2026, 3, 29), to: F.london(2026, 3, 30)) == 23 * 60)
        #expect(always.workingMinutes(from: F.london(2026, 10, 25), to: F.london(2026, 10, 26)) == 25 * 60)
        #expect(always.adding(workingMinutes: 24 * 60, to: F.london(2026, 3, 28, 12)) == F.london(2026, 3, 29, 13))
        await propertyCheck(count: 300, input: F.instants, F.instants) { a, b in
            let elapsed = Int(b.timeIntervalSinceReferenceDate.rounded(.down)) - Int(a.timeIntervalSinceReferenceDate.rounded(.down))
            #expect(always.workingSeconds(from: a, to: b) == elapsed)
        }
        await propertyCheck(count: 300, input: F.instants, Gen.int(in: 0...200_000)) { t, minutes in
            let whole = Date(timeIntervalSinceReferenceDate: t.timeIntervalSinceReferenceDate.rounded(.down))
            let expected = minutes == 0 ? t : whole + Double(minutes * 60)
            #expect(always.adding(workingMinutes: minutes, to: t) == expected)
        }
    }

    @Test("hours that touch the missing or repeated hour run from when the clock first shows the start to when it first shows the end")
    func hoursInsideTheChange() throws {
        let night = WorkingCalendar(
            hours: try WorkingHours(start: 30, end: 180, weekdays: Set(1...7)), holidays: BankHolidays(dates: []))
        // 29 March: 00:30 GMT, then at 01:00Z the clocks jump to 02:00, and read 03:00 at 02:00Z.
        #expect(night.workingMinutes(from: F.utc(2026, 3, 28, 12), to: F.utc(2026, 3, 29, 12)) == 90)
        // 25 October: 00:30 BST is 23:30Z the day before; 03:00 GMT is 03:00Z.
        #expect(night.workingMinutes(from: F.utc(2026, 10, 24, 12), to: F.utc(2026, 10, 25, 12)) == 210)
        let gap = WorkingCalendar(
            hours: try WorkingHours(start: 90, end: 150, weekdays: Set(1...7)), holidays: BankHolidays(dates: []))
        // 01:30 never shows on 29 March; the clock passes it at the jump (01:00Z) and shows 02:30 at 01:30Z.
        #expect(gap.clockStart(for: F.utc(2026, 3, 29, 0)) == F.utc(2026, 3, 29, 1))
        #expect(gap.workingMinutes(from: F.utc(2026, 3, 28, 12), to: F.utc(2026, 3, 29, 12)) == 30)
        #expect(gap.workingMinutes(from: F.utc(2026, 3, 27, 12), to: F.utc(2026, 3, 28, 12)) == 60)
    }
}
