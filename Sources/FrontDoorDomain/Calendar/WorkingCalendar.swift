import Foundation

/// Working time in one local authority: its hours, the bank holidays it observes, and the local time
/// zone in which both are read.
///
/// Every working day has one working period, from the first moment the local clock shows the start
/// time to the first moment it shows the end time. Periods are converted to instants for each date
/// separately, so 09:00 is 08:00Z in summer and 09:00Z in winter.
///
/// All calculations work in whole seconds: an instant's fraction of a second is dropped (rounded
/// down) before anything is measured or added. That keeps measurements exact integers, so spans can
/// be split and summed without rounding drift.
public struct WorkingCalendar: Sendable {
    public let hours: WorkingHours
    public let holidays: BankHolidays
    public let timeZone: TimeZone
    let gregorian: Calendar
    /// Bit n set when ISO weekday n is worked: the per-day test is then a shift, not a hash lookup.
    let weekdayMask: UInt8
    /// Days worked out in advance (`tabulated(days:)`), or nil.
    let table: DayTable?

    /// `hours` must be valid (as `WorkingHours.init` guarantees). Hours mutated into an invalid state
    /// stop the program here, because a calendar with no working time would leave every clock
    /// searching for a next working minute forever.
    public init(
        hours: WorkingHours = .standard, holidays: BankHolidays = .englandAndWales,
        timeZone: TimeZone = TimeZone(identifier: "Europe/London")!
    ) {
        if let problem = hours.problem {
            preconditionFailure("WorkingCalendar needs valid working hours: \(problem)")
        }
        self.hours = hours
        self.holidays = holidays
        self.timeZone = timeZone
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        self.gregorian = gregorian
        weekdayMask = hours.weekdays.reduce(0) { $0 | (1 << UInt8($1)) }
        table = nil
    }

    private init(_ calendar: WorkingCalendar, table: DayTable?) {
        hours = calendar.hours
        holidays = calendar.holidays
        timeZone = calendar.timeZone
        gregorian = calendar.gregorian
        weekdayMask = calendar.weekdayMask
        self.table = table
    }

    /// The same calendar with the working periods of the days `first...last` and the time zone's
    /// offsets over them worked out once, in advance: a report that starts thousands of clocks in
    /// one span of days then asks Foundation's calendar and time zone about each day once, not
    /// once per clock. Every answer is the one the calendar gives without the table (the table
    /// holds only what the calendar itself computed); instants and days outside the span are
    /// worked out as before.
    public func tabulated(from first: LocalDate, through last: LocalDate) -> WorkingCalendar {
        let plain = WorkingCalendar(self, table: nil)
        guard first <= last else { return plain }
        return WorkingCalendar(self, table: DayTable(plain, firstDay: first.dayNumber, lastDay: last.dayNumber))
    }

    public func localDate(of instant: Date) -> LocalDate {
        LocalDate(clampingDayNumber: localDay(of: Self.seconds(instant)))
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        isWorkingDay(date.dayNumber)
    }

    public func isWorkingTime(_ instant: Date) -> Bool {
        let second = Self.seconds(instant)
        return period(onDay: localDay(of: second))?.contains(second) ?? false
    }

    /// Itself if inside working time, otherwise the start of the next working period: a contact
    /// received out of hours starts its clock at the next working minute.
    public func clockStart(for instant: Date) -> Date {
        let second = Self.seconds(instant)
        let day = localDay(of: second)
        if let today = period(onDay: day), second < today.end {
            return second >= today.start ? instant : Self.date(today.start)
        }
        return Self.date(nextPeriod(fromDay: day + 1).period.start)
    }
}

// MARK: - Days and periods

extension WorkingCalendar {
    /// One day's working time as whole seconds since the reference date, end exclusive.
    struct Period {
        let start: Int
        let end: Int

        func contains(_ second: Int) -> Bool { start <= second && second < end }

        /// Seconds of this period inside [from, to).
        func overlap(from: Int, to: Int) -> Int {
            max(0, min(end, to) - max(start, from))
        }
    }

    func isWorkingDay(_ day: Int) -> Bool {
        isWorkingWeekday(day) && !holidays.dayNumbers.contains(day)
    }

    func isWorkingWeekday(_ day: Int) -> Bool {
        weekdayMask & (1 << UInt8(DayNumber.isoWeekday(day))) != 0
    }

    /// nil on a non-working day, and on the rare day a clock change swallows the whole period.
    func period(onDay day: Int) -> Period? {
        if let table, let index = table.index(ofDay: day) { return table.periods[index] }
        return computedPeriod(onDay: day)
    }

    func computedPeriod(onDay day: Int) -> Period? {
        guard isWorkingDay(day) else { return nil }
        let start = instant(day: day, minute: hours.start)
        let end = instant(day: day, minute: hours.end)
        return end > start ? Period(start: start, end: end) : nil
    }

    /// The first working period on or after `day`. Terminates because `init` requires at least one
    /// working weekday and a holiday list is finite.
    func nextPeriod(fromDay day: Int) -> (day: Int, period: Period) {
        var day = day
        while true {
            if let period = period(onDay: day) { return (day, period) }
            day += 1
        }
    }

    /// The local date (as a day number) on which an instant falls.
    func localDay(of second: Int) -> Int {
        let offset = table?.offset(at: second) ?? timeZone.secondsFromGMT(for: Self.date(second))
        return Self.floorDivide(second + Self.unixOffset + offset, 86_400)
    }

    /// The first instant at which the local clock on `day` shows `minute` (1440 = the next midnight).
    func instant(day: Int, minute: Int) -> Int {
        let wall = day * 86_400 + minute * 60 - Self.unixOffset
        let civil = DayNumber.civil(minute == 1440 ? day + 1 : day)
        let components = DateComponents(
            year: civil.year, month: civil.month, day: civil.day, hour: minute % 1440 / 60, minute: minute % 60)
        guard let date = gregorian.date(from: components) else {
            return wall - timeZone.secondsFromGMT(for: Self.date(wall))
        }
        let second = Self.seconds(date)
        // Foundation reads a time inside a spring-forward gap with the old offset (01:30 becomes
        // 02:30 BST). The clock first shows that time at the change itself, so the period starts or
        // ends there. Repeated autumn times already resolve to their first occurrence.
        if second + timeZone.secondsFromGMT(for: date) != wall,
            let change = timeZone.nextDaylightSavingTimeTransition(after: Self.date(second - 86_400)),
            Self.seconds(change) <= second
        {
            return Self.seconds(change)
        }
        return second
    }
}

// MARK: - Days worked out in advance

extension WorkingCalendar {
    /// A span of days' working periods and the time zone's UTC offsets across it, as the calendar
    /// computes them. Immutable once made.
    final class DayTable: Sendable {
        let firstDay: Int
        /// `period(onDay:)` for each day from `firstDay`.
        let periods: [Period?]
        /// The instants (whole seconds) covered: from `firstSecond`, before `endSecond`.
        let firstSecond: Int
        let endSecond: Int
        /// Where the offset changes: each entry's offset holds from its second until the next
        /// entry's. The first entry is `firstSecond`.
        let offsets: [(second: Int, offset: Int)]

        init(_ calendar: WorkingCalendar, firstDay: Int, lastDay: Int) {
            self.firstDay = firstDay
            periods = (firstDay...lastDay).map { calendar.computedPeriod(onDay: $0) }
            // A day before and after the span, so that every instant of its local days is covered.
            firstSecond = (firstDay - 1) * 86_400 - WorkingCalendar.unixOffset
            endSecond = (lastDay + 2) * 86_400 - WorkingCalendar.unixOffset
            let zone = calendar.timeZone
            var offsets = [(second: firstSecond, offset: zone.secondsFromGMT(for: WorkingCalendar.date(firstSecond)))]
            var cursor = WorkingCalendar.date(firstSecond)
            while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change > cursor {
                let second = WorkingCalendar.seconds(change)
                guard second < endSecond else { break }
                // The time zone is asked for each change's offset as `localDay(of:)` would ask it.
                offsets.append((second, zone.secondsFromGMT(for: WorkingCalendar.date(second))))
                cursor = change
            }
            self.offsets = offsets
        }

        func index(ofDay day: Int) -> Int? {
            let index = day - firstDay
            return index >= 0 && index < periods.count ? index : nil
        }

        /// The offset at a whole second inside the span; nil outside it.
        func offset(at second: Int) -> Int? {
            guard second >= firstSecond, second < endSecond else { return nil }
            var offset = offsets[0].offset
            for entry in offsets.dropFirst() {
                guard entry.second <= second else { break }
                offset = entry.offset
            }
            return offset
        }
    }
}

// MARK: - Whole seconds

extension WorkingCalendar {
    /// Seconds from 1970-01-01 to Foundation's reference date, 2001-01-01.
    static let unixOffset = 978_307_200

    /// Instants are pinned to years 1...9999 so that every conversion stays representable.
    static let secondRange = (DayNumber.first + 2) * 86_400 - unixOffset...(DayNumber.last - 2) * 86_400 - unixOffset

    static func seconds(_ instant: Date) -> Int {
        let interval = instant.timeIntervalSinceReferenceDate.rounded(.down)
        guard interval > Double(secondRange.lowerBound) else { return secondRange.lowerBound }
        guard interval < Double(secondRange.upperBound) else { return secondRange.upperBound }
        return Int(interval)
    }

    static func date(_ second: Int) -> Date {
        Date(timeIntervalSinceReferenceDate: TimeInterval(second))
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : (a - b + 1) / b
    }
}
