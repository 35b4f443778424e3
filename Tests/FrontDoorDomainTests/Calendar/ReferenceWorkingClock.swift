import Foundation
import FrontDoorDomain

/// A deliberately slow, obviously-correct working-time clock: it walks one UTC minute at a time and
/// asks Foundation what the London wall clock says. It shares no code with `WorkingCalendar` beyond
/// reading the same hours and holiday list, so agreement between the two means something.
///
/// Valid for hours whose start and end avoid 01:00-02:00 local (the hour a clock change removes or
/// repeats), which covers every configuration these tests compare.
struct ReferenceWorkingClock {
    let hours: WorkingHours
    let holidays: BankHolidays
    private let london: Calendar

    init(_ calendar: WorkingCalendar) {
        hours = calendar.hours
        holidays = calendar.holidays
        var london = Calendar(identifier: .gregorian)
        london.timeZone = CalendarFixture.london
        self.london = london
    }

    /// Is the UTC minute starting at `minute` (whole seconds since the reference date) working time?
    /// London's offsets are whole hours, so a UTC minute is a local minute.
    func isWorkingMinute(_ minute: Int) -> Bool {
        let parts = london.dateComponents(
            [.year, .month, .day, .hour, .minute, .weekday], from: Date(timeIntervalSinceReferenceDate: Double(minute)))
        guard let weekday = parts.weekday, let hour = parts.hour, let minuteOfHour = parts.minute,
            let date = LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
        else { return false }
        let isoWeekday = (weekday + 5) % 7 + 1  // Foundation counts Sunday as 1
        let minuteOfDay = hour * 60 + minuteOfHour
        return hours.weekdays.contains(isoWeekday) && !holidays.contains(date)
            && (hours.start..<hours.end).contains(minuteOfDay)
    }

    func workingSeconds(from: Date, to: Date) -> Int {
        let a = Self.wholeSeconds(from)
        let b = Self.wholeSeconds(to)
        if b < a { return -count(a: b, b: a) }
        return count(a: a, b: b)
    }

    private func count(a: Int, b: Int) -> Int {
        var total = 0
        var minute = Self.minuteContaining(a)
        while minute < b {
            if isWorkingMinute(minute) { total += min(minute + 60, b) - max(minute, a) }
            minute += 60
        }
        return total
    }

    func clockStart(for instant: Date) -> Date {
        var minute = Self.minuteContaining(Self.wholeSeconds(instant))
        if isWorkingMinute(minute) { return instant }
        repeat { minute += 60 } while !isWorkingMinute(minute)
        return Date(timeIntervalSinceReferenceDate: Double(minute))
    }

    func adding(workingMinutes minutes: Int, to instant: Date) -> Date {
        let start = clockStart(for: instant)
        if minutes == 0 { return start }
        var position = Self.wholeSeconds(start)
        var remaining = minutes * 60
        while true {
            let minute = Self.minuteContaining(position)
            if isWorkingMinute(minute) {
                let available = minute + 60 - position
                if remaining <= available { return Date(timeIntervalSinceReferenceDate: Double(position + remaining)) }
                remaining -= available
            }
            position = minute + 60
        }
    }

    static func wholeSeconds(_ instant: Date) -> Int {
        Int(instant.timeIntervalSinceReferenceDate.rounded(.down))
    }

    static func minuteContaining(_ second: Int) -> Int {
        second - ((second % 60) + 60) % 60
    }
}
