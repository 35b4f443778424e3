import Foundation
import FrontDoorDomain
import Testing

@Suite("Working hours")
struct WorkingHoursTests {
    typealias F = CalendarFixture

    @Test("standard hours are 09:00 to 17:00, Monday to Friday: 480 minutes a day")
    func standard() throws {
        #expect(WorkingHours.standard.start == 540)
        #expect(WorkingHours.standard.end == 1020)
        #expect(WorkingHours.standard.weekdays == [1, 2, 3, 4, 5])
        #expect(WorkingHours.standard.minutesPerDay == 480)
        #expect(try WorkingHours(start: 540, end: 1020, weekdays: Set(1...5)) == .standard)
    }

    @Test("hours that end at or before they start are refused with a message naming them")
    func endBeforeStart() {
        #expect(throws: CalendarError("working hours must end after they start, not 17:00–09:00")) {
            try WorkingHours(start: 1020, end: 540, weekdays: Set(1...5))
        }
        #expect(throws: CalendarError("working hours must end after they start, not 09:00–09:00")) {
            try WorkingHours(start: 540, end: 540, weekdays: Set(1...5))
        }
    }

    @Test(
        "hours outside the day, no working weekdays, or a weekday that is not 1...7 are refused",
        arguments: [
            (start: -1, end: 1020, weekdays: Set(1...5)), (start: 540, end: 1441, weekdays: Set(1...5)),
            (start: 540, end: 1020, weekdays: []), (start: 540, end: 1020, weekdays: [0, 1]),
            (start: 540, end: 1020, weekdays: [5, 8]),
        ] as [(start: Int, end: Int, weekdays: Set<Int>)]
    )
    func refused(hours: (start: Int, end: Int, weekdays: Set<Int>)) {
        #expect(throws: CalendarError.self) {
            try WorkingHours(start: hours.start, end: hours.end, weekdays: hours.weekdays)
        }
    }

    @Test("midnight to midnight, every day, is allowed (an out-of-hours service)")
    func wholeDay() throws {
        let hours = try WorkingHours(start: 0, end: 1440, weekdays: Set(1...7))
        #expect(hours.minutesPerDay == 1440)
    }

    @Test("hours round-trip through JSON, and stored hours that make no sense are refused on decoding")
    func codable() throws {
        let hours = try WorkingHours(start: 510, end: 1050, weekdays: [1, 2, 3, 4])
        let json = try JSONEncoder().encode(hours)
        #expect(try JSONDecoder().decode(WorkingHours.self, from: json) == hours)
        let backwards = Data(#"{"start": 1020, "end": 540, "weekdays": [1]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WorkingHours.self, from: backwards) }
    }

    @Test("08:30-17:30: a red contact received at 15:30 on Tuesday 8 September 2026 is due at 10:30 on Wednesday")
    func longerDay() throws {
        let calendar = WorkingCalendar(hours: try WorkingHours(start: 510, end: 1050, weekdays: Set(1...5)))
        let due = calendar.adding(workingMinutes: 240, to: F.london(2026, 9, 8, 15, 30))
        #expect(due == F.utc(2026, 9, 9, 9, 30))
        #expect(calendar.clockStart(for: F.london(2026, 9, 8, 8, 15)) == F.utc(2026, 9, 8, 7, 30))
        #expect(calendar.isWorkingTime(F.london(2026, 9, 8, 17, 15)))
        #expect(!calendar.isWorkingTime(F.london(2026, 9, 8, 17, 30)))
    }

    @Test("Monday-Thursday: a red contact received at 16:00 on Thursday 10 September 2026 is due at 12:00 on Monday 14th")
    func fourDayWeek() throws {
        let calendar = WorkingCalendar(hours: try WorkingHours(start: 540, end: 1020, weekdays: [1, 2, 3, 4]))
        #expect(calendar.adding(workingMinutes: 240, to: F.london(2026, 9, 10, 16)) == F.utc(2026, 9, 14, 11))
        #expect(!calendar.isWorkingDay(try F.date("2026-09-11")))
        #expect(calendar.workingDays(from: try F.date("2026-09-10"), to: try F.date("2026-09-14")) == 1)
        #expect(calendar.clockStart(for: F.london(2026, 9, 11, 10)) == F.utc(2026, 9, 14, 8))
    }

    @Test("an authority's own closure day counts like a bank holiday; with no holidays, 31 August 2026 is worked")
    func customHolidays() throws {
        let closure = WorkingCalendar(holidays: BankHolidays(dates: [try F.date("2026-09-08")]))
        #expect(closure.adding(workingMinutes: 240, to: F.london(2026, 9, 7, 16)) == F.utc(2026, 9, 9, 11))
        #expect(closure.isWorkingDay(try F.date("2026-08-31")))
        let none = WorkingCalendar(holidays: BankHolidays(dates: []))
        #expect(none.adding(workingMinutes: 240, to: F.london(2026, 8, 28, 16)) == F.utc(2026, 8, 31, 11))
    }
}
