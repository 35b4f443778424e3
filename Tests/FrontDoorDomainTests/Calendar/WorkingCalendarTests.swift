import Foundation
import FrontDoorDomain
import Testing

/// A receipt outside working time and the instant its clock should start.
struct OutOfHoursReceipt: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let received: Date
    let clockStarts: Date
}

@Suite("Working calendar: decision clocks")
struct WorkingCalendarTests {
    typealias F = CalendarFixture
    let calendar = CalendarFixture.standard

    @Test(
        "a red contact (240 working minutes) received at 16:00 on Friday 28 August 2026 is due at 12:00 on Tuesday 1 September 2026 (Monday 31 August is a bank holiday)"
    )
    func redContactOverBankHolidayWeekend() {
        let received = F.london(2026, 8, 28, 16, 0)
        #expect(received == F.utc(2026, 8, 28, 15, 0))
        let due = calendar.adding(workingMinutes: 240, to: received)
        #expect(due == F.utc(2026, 9, 1, 11, 0), "12:00 BST is 11:00Z")
        #expect(calendar.workingMinutes(from: received, to: due) == 240)
    }

    static let outOfHours: [OutOfHoursReceipt] = [
        .init(
            testDescription: "received on Saturday 5 September 2026: the clock starts at 09:00 on Monday 7th",
            received: F.london(2026, 9, 5, 11), clockStarts: F.utc(2026, 9, 7, 8)),
        .init(
            testDescription: "received on Sunday 6 September 2026: the clock starts at 09:00 on Monday 7th",
            received: F.london(2026, 9, 6, 15), clockStarts: F.utc(2026, 9, 7, 8)),
        .init(
            testDescription: "received at 08:59 on Tuesday 8 September 2026: the clock starts at 09:00 that day",
            received: F.london(2026, 9, 8, 8, 59), clockStarts: F.utc(2026, 9, 8, 8)),
        .init(
            testDescription: "received at 08:59 on Tuesday 1 December 2026 (GMT): the clock starts at 09:00Z",
            received: F.london(2026, 12, 1, 8, 59), clockStarts: F.utc(2026, 12, 1, 9)),
        .init(
            testDescription: "received at exactly 17:00 on Tuesday 8 September 2026: the clock starts at 09:00 on Wednesday",
            received: F.london(2026, 9, 8, 17), clockStarts: F.utc(2026, 9, 9, 8)),
        .init(
            testDescription: "received at 23:30 on Tuesday 8 September 2026: the clock starts at 09:00 on Wednesday",
            received: F.london(2026, 9, 8, 23, 30), clockStarts: F.utc(2026, 9, 9, 8)),
        .init(
            testDescription: "received at 23:30 on Friday 11 September 2026: the clock starts at 09:00 on Monday 14th",
            received: F.london(2026, 9, 11, 23, 30), clockStarts: F.utc(2026, 9, 14, 8)),
        .init(
            testDescription: "received on the August bank holiday, Monday 31 August 2026: the clock starts on Tuesday",
            received: F.london(2026, 8, 31, 10), clockStarts: F.utc(2026, 9, 1, 8)),
        .init(
            testDescription: "received on Christmas Day, Friday 25 December 2026: the clock starts on Tuesday 29th (Boxing Day substitute on Monday)",
            received: F.london(2026, 12, 25, 12), clockStarts: F.utc(2026, 12, 29, 9)),
        .init(
            testDescription: "received on Boxing Day, Sunday 26 December 2027: the clock starts on Wednesday 29th (substitutes on 27th and 28th)",
            received: F.london(2027, 12, 26, 12), clockStarts: F.utc(2027, 12, 29, 9)),
        .init(
            testDescription: "received at 17:30 on New Year's Eve 2026: the clock starts on Monday 4 January 2027",
            received: F.london(2026, 12, 31, 17, 30), clockStarts: F.utc(2027, 1, 4, 9)),
        .init(
            testDescription: "received on Good Friday, 3 April 2026: the clock starts on Tuesday 7 April, after Easter Monday",
            received: F.london(2026, 4, 3, 10), clockStarts: F.utc(2026, 4, 7, 8)),
        .init(
            testDescription: "received at 08:00 on Easter Monday, 6 April 2026: the clock starts on Tuesday 7 April",
            received: F.london(2026, 4, 6, 8), clockStarts: F.utc(2026, 4, 7, 8)),
    ]

    @Test("out-of-hours receipt starts the clock at the next working minute", arguments: outOfHours)
    func outOfHoursReceipt(_ receipt: OutOfHoursReceipt) {
        #expect(!calendar.isWorkingTime(receipt.received))
        #expect(calendar.clockStart(for: receipt.received) == receipt.clockStarts)
        #expect(calendar.adding(workingMinutes: 0, to: receipt.received) == receipt.clockStarts)
        #expect(calendar.workingSeconds(from: receipt.received, to: receipt.clockStarts) == 0)
        #expect(calendar.adding(workingMinutes: 30, to: receipt.received) == receipt.clockStarts + 1800)
    }

    @Test("09:00:00 and 16:59:59 are working time; 08:59:59 and 17:00:00 are not")
    func edgesOfTheDay() {
        #expect(calendar.isWorkingTime(F.london(2026, 9, 8, 9, 0, 0)))
        #expect(calendar.isWorkingTime(F.london(2026, 9, 8, 16, 59, 59)))
        #expect(!calendar.isWorkingTime(F.london(2026, 9, 8, 8, 59, 59)))
        #expect(!calendar.isWorkingTime(F.london(2026, 9, 8, 17, 0, 0)))
        let lastSecond = F.london(2026, 9, 8, 16, 59, 59)
        #expect(calendar.clockStart(for: lastSecond) == lastSecond)
        #expect(calendar.adding(workingMinutes: 1, to: lastSecond) == F.london(2026, 9, 9, 9, 0, 59))
    }

    @Test("a clock that runs out exactly at 17:00 is due at 17:00, not at 09:00 the next morning")
    func dueAtEndOfDay() {
        let red = calendar.adding(workingMinutes: 240, to: F.london(2026, 9, 8, 13))
        #expect(red == F.utc(2026, 9, 8, 16))
        #expect(!calendar.isWorkingTime(red))
        let amber = calendar.adding(workingMinutes: 480, to: F.london(2026, 9, 8, 9))
        #expect(amber == F.utc(2026, 9, 8, 16))
        // Adding nothing to a period end is a fresh receipt at 17:00, which waits for the morning.
        #expect(calendar.adding(workingMinutes: 0, to: red) == F.utc(2026, 9, 9, 8))
    }

    @Test("Christmas 2026: a red contact received at 15:00 on Thursday 24 December is due at 11:00 on Tuesday 29th")
    func christmas2026() {
        #expect(calendar.adding(workingMinutes: 240, to: F.london(2026, 12, 24, 15)) == F.utc(2026, 12, 29, 11))
        #expect(calendar.adding(workingMinutes: 1440, to: F.london(2026, 12, 23, 10)) == F.utc(2026, 12, 30, 10))
    }

    @Test("Christmas 2027 falls on a weekend: an amber contact received at 12:00 on Friday 24 December is due at 12:00 on Wednesday 29th")
    func christmas2027() {
        #expect(calendar.adding(workingMinutes: 480, to: F.london(2027, 12, 24, 12)) == F.utc(2027, 12, 29, 12))
    }

    @Test("Easter 2026: a red contact received at 16:00 on Thursday 2 April is due at 12:00 BST on Tuesday 7 April")
    func easter2026() {
        #expect(calendar.adding(workingMinutes: 240, to: F.london(2026, 4, 2, 16)) == F.utc(2026, 4, 7, 11))
    }

    @Test("Easter 2027 spans the clock change: a red contact received at 16:00 GMT on Thursday 25 March is due at 12:00 BST on Tuesday 30 March")
    func easter2027() {
        let received = F.london(2027, 3, 25, 16)
        #expect(received == F.utc(2027, 3, 25, 16))
        #expect(calendar.adding(workingMinutes: 240, to: received) == F.utc(2027, 3, 30, 11))
    }

    @Test("one working day (the statutory decision) from 11:00 on Friday 28 August 2026 ends at 11:00 on Tuesday 1 September")
    func oneWorkingDay() {
        let due = calendar.adding(workingMinutes: calendar.hours.minutesPerDay, to: F.london(2026, 8, 28, 11))
        #expect(due == F.utc(2026, 9, 1, 10))
    }

    @Test("an overdue clock reads negative: checked at 10:00 Wednesday, a clock due at 16:00 Tuesday is 120 minutes over")
    func overdue() {
        let due = F.london(2026, 9, 8, 16)
        let now = F.london(2026, 9, 9, 10)
        #expect(calendar.workingMinutes(from: now, to: due) == -120)
        #expect(calendar.workingMinutes(from: due, to: now) == 120)
    }

    @Test("seconds count: 10:00:30 to 10:02:00 is 90 seconds, which reads as 1 whole minute either way round")
    func seconds() {
        let from = F.london(2026, 9, 8, 10, 0, 30)
        let to = F.london(2026, 9, 8, 10, 2, 0)
        #expect(calendar.workingSeconds(from: from, to: to) == 90)
        #expect(calendar.workingMinutes(from: from, to: to) == 1)
        #expect(calendar.workingSeconds(from: to, to: from) == -90)
        #expect(calendar.workingMinutes(from: to, to: from) == -1)
        #expect(calendar.workingSeconds(from: F.london(2026, 9, 8, 16, 59, 30), to: F.london(2026, 9, 9, 9, 0, 30)) == 60)
        #expect(calendar.workingMinutes(from: F.london(2026, 9, 11, 16), to: F.london(2026, 9, 14, 10)) == 120)
        #expect(calendar.workingSeconds(from: F.london(2026, 9, 5, 10), to: F.london(2026, 9, 6, 10)) == 0)
    }

    @Test("fractions of a second are dropped: the calendar works in whole seconds")
    func fractionsOfASecond() {
        let base = F.london(2026, 9, 8, 10)
        #expect(calendar.workingSeconds(from: base + 0.9, to: base + 1.1) == 1)
        #expect(calendar.workingSeconds(from: base + 0.1, to: base + 0.9) == 0)
        #expect(calendar.adding(workingMinutes: 60, to: F.london(2026, 9, 8, 16) + 0.7) == F.utc(2026, 9, 8, 16))
        #expect(calendar.clockStart(for: base + 0.7) == base + 0.7)
    }

    @Test("working days: Friday 28 August 2026 plus one working day is Tuesday 1 September")
    func workingDays() throws {
        let friday = try F.date("2026-08-28")
        let tuesday = try F.date("2026-09-01")
        #expect(calendar.adding(workingDays: 1, to: friday) == tuesday)
        #expect(calendar.adding(workingDays: 0, to: try F.date("2026-08-29")) == tuesday)
        #expect(calendar.adding(workingDays: 0, to: tuesday) == tuesday)
        #expect(calendar.adding(workingDays: -1, to: tuesday) == friday)
        #expect(calendar.workingDays(from: friday, to: tuesday) == 1)
        #expect(calendar.workingDays(from: tuesday, to: friday) == -1)
        #expect(calendar.workingDays(from: friday, to: friday) == 0)
        #expect(calendar.workingDays(from: try F.date("2026-08-29"), to: try F.date("2026-08-31")) == 0)
        #expect(calendar.adding(workingDays: 1, to: try F.date("2026-12-24")) == (try F.date("2026-12-29")))
        #expect(!calendar.isWorkingDay(try F.date("2026-08-31")))
        #expect(calendar.isWorkingDay(tuesday))
    }

    @Test("2026 has 253 working days in England: 261 weekdays less 8 bank holidays")
    func workingDaysIn2026() throws {
        #expect(calendar.workingDays(from: try F.date("2025-12-31"), to: try F.date("2026-12-31")) == 253)
    }

    @Test("beyond the shipped data only weekends are skipped, and the range shows where the data stops")
    func beyondTheData() throws {
        let christmas2029 = try F.date("2029-12-25")
        #expect(calendar.isWorkingDay(christmas2029))
        let known = try #require(calendar.holidays.range)
        #expect(!known.contains(christmas2029))
    }

    // The time limit is loose enough for a debug build on a busy machine, and still far below what
    // a minute-by-minute count (millions of steps per measurement) would need.
    @Test("measuring sixteen years agrees with counting working days, and is quick")
    func longSpans() throws {
        let from = F.london(2012, 1, 1)
        let to = F.london(2028, 12, 31)
        let days = calendar.workingDays(from: try F.date("2012-01-01"), to: try F.date("2028-12-31"))
        #expect(calendar.workingSeconds(from: from, to: to) == days * 480 * 60)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var total = 0
            for offset in 0..<200 {
                total &+= calendar.workingSeconds(from: from + Double(offset) * 3671, to: to)
            }
            #expect(total != 0)
        }
        #expect(elapsed < .seconds(5), "200 sixteen-year measurements took \(elapsed)")
    }
}
