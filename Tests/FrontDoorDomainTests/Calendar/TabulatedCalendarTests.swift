import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

/// A calendar with a span of days worked out in advance (`tabulated`) answers exactly as the
/// calendar without it, inside the span, at its edges and outside it.
@Suite("Working calendar with days worked out in advance")
struct TabulatedCalendarTests {
    typealias F = CalendarFixture

    /// The named calendars, and London hours in zones whose offsets changed other than by summer
    /// time within the years tested (Moscow's standard offset in 2014, Samoa's summer time ending
    /// in 2021), and one far west of London.
    static func calendars() throws -> [NamedCalendar] {
        try NamedCalendar.all() + ["Europe/Moscow", "Pacific/Apia", "America/New_York"].map { zone in
            NamedCalendar(name: "09:00-17:00 Monday-Friday in \(zone)", calendar: WorkingCalendar(timeZone: try #require(TimeZone(identifier: zone))))
        }
    }

    @Test("every answer equals the calendar's own, for instants in, around and outside the span", arguments: try calendars())
    func sameAnswers(_ named: NamedCalendar) async {
        let plain = named.calendar
        await propertyCheck(count: 150, input: F.dates, Gen.int(in: 0...800), Gen.int(in: -30...830), Gen.int(in: 0...86_399), Gen.int(in: 0...10_000)) { first, length, dayOffset, second, minutes in
            let last = F.shifted(first, by: length)
            let table = plain.tabulated(from: first, through: last)
            let day = F.shifted(first, by: dayOffset)
            let instant = plain.startOfDay(day).addingTimeInterval(Double(second) + 0.25)
            #expect(table.localDate(of: instant) == plain.localDate(of: instant))
            #expect(table.isWorkingDay(day) == plain.isWorkingDay(day))
            #expect(table.isWorkingTime(instant) == plain.isWorkingTime(instant))
            #expect(table.clockStart(for: instant) == plain.clockStart(for: instant))
            #expect(table.adding(workingMinutes: minutes, to: instant) == plain.adding(workingMinutes: minutes, to: instant))
            let other = plain.startOfDay(F.shifted(first, by: length / 2)).addingTimeInterval(Double(second))
            #expect(table.workingSeconds(from: instant, to: other) == plain.workingSeconds(from: instant, to: other))
        }
    }

    @Test("around each clock change, second by second, the local date is the calendar's own", arguments: try calendars())
    func clockChanges(_ named: NamedCalendar) throws {
        let plain = named.calendar
        let table = plain.tabulated(from: try F.date("2012-01-01"), through: try F.date("2028-12-31"))
        var cursor = F.utc(2012, 1, 1)
        var changes = 0
        while let change = plain.timeZone.nextDaylightSavingTimeTransition(after: cursor), change < F.utc(2029, 1, 1) {
            for delta in -3...3 {
                let instant = change.addingTimeInterval(Double(delta))
                #expect(table.localDate(of: instant) == plain.localDate(of: instant), "\(instant)")
                #expect(table.adding(workingMinutes: 60, to: instant) == plain.adding(workingMinutes: 60, to: instant))
            }
            changes += 1
            cursor = change
        }
        #expect(changes > 0 || plain.timeZone.identifier == "UTC")
    }
}
