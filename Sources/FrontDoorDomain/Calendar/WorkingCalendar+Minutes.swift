import Foundation

extension WorkingCalendar {
    /// The earliest instant, not before `clockStart(for: instant)`, by which `minutes` working
    /// minutes have elapsed since `instant`.
    ///
    /// Being the earliest such instant is why a clock that runs out exactly at the end of a period is
    /// due at that end (17:00), not at the next morning's start, and why 0 minutes gives
    /// `clockStart(for:)`. Negative minutes are treated as 0. The cost is one step per calendar day
    /// crossed, never per minute.
    public func adding(workingMinutes minutes: Int, to instant: Date) -> Date {
        guard minutes > 0 else { return clockStart(for: instant) }
        let start = Self.seconds(instant)
        var day = localDay(of: start)
        var position: Int
        var current: Period
        if let today = period(onDay: day), start < today.end {
            (position, current) = (max(start, today.start), today)
        } else {
            (day, current) = nextPeriod(fromDay: day + 1)
            position = current.start
        }
        var remaining = minutes * 60
        while remaining > current.end - position {
            remaining -= current.end - position
            (day, current) = nextPeriod(fromDay: day + 1)
            position = current.start
        }
        return Self.date(position + remaining)
    }

    /// Working time between two instants in whole seconds; only time inside working periods counts.
    /// Negative when `to` is before `from`, so that a clock's remaining time goes below zero once it
    /// is overdue.
    public func workingSeconds(from: Date, to: Date) -> Int {
        let start = Self.seconds(from)
        let end = Self.seconds(to)
        return end >= start ? forwardSeconds(from: start, to: end) : -forwardSeconds(from: end, to: start)
    }

    /// Whole working minutes, truncated toward zero: 59 seconds overdue still reads as 0 minutes.
    public func workingMinutes(from: Date, to: Date) -> Int {
        workingSeconds(from: from, to: to) / 60
    }

    private func forwardSeconds(from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        let firstDay = localDay(of: start)
        let lastDay = localDay(of: end)
        if firstDay == lastDay {
            return period(onDay: firstDay)?.overlap(from: start, to: end) ?? 0
        }
        let head = period(onDay: firstDay)?.overlap(from: start, to: end) ?? 0
        let tail = period(onDay: lastDay)?.overlap(from: start, to: end) ?? 0
        return head + wholeDaySeconds(from: firstDay + 1, through: lastDay - 1) + tail
    }

    /// Working seconds in whole days `from...through`. Every working day is the nominal length
    /// except a day with a clock change inside its period, so this counts working days
    /// arithmetically and then corrects only the days that contain a change: measuring across
    /// years costs a few time-zone look-ups, not one per day.
    func wholeDaySeconds(from first: Int, through last: Int) -> Int {
        guard first <= last else { return 0 }
        let nominal = hours.minutesPerDay * 60
        var total = workingDayCount(from: first, through: last) * nominal
        for day in clockChangeDays(from: first, through: last) where isWorkingDay(day) {
            let length = period(onDay: day).map { $0.end - $0.start } ?? 0
            total += length - nominal
        }
        return total
    }

    /// Days in `first...last` that might hold a UTC-offset change. The day before and after each
    /// change are included too: checking a day needlessly costs little, missing one would be wrong.
    private func clockChangeDays(from first: Int, through last: Int) -> Set<Int> {
        var days = Set<Int>()
        let limit = (last + 2) * 86_400 - Self.unixOffset
        var cursor = Self.date((first - 2) * 86_400 - Self.unixOffset)
        while let change = timeZone.nextDaylightSavingTimeTransition(after: cursor),
            Self.seconds(change) <= limit
        {
            let day = localDay(of: Self.seconds(change))
            for candidate in day - 1...day + 1 where (first...last).contains(candidate) {
                days.insert(candidate)
            }
            guard change > cursor else { break }
            cursor = change
        }
        return days
    }
}
