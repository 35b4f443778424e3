extension WorkingCalendar {
    /// The n-th working day after `date`; with n == 0, `date` itself if it is a working day, else
    /// the next one. A negative n counts back: the |n|-th working day before `date`.
    public func adding(workingDays n: Int, to date: LocalDate) -> LocalDate {
        var day = date.dayNumber
        if n == 0 {
            while !isWorkingDay(day) { day += 1 }
            return LocalDate(clampingDayNumber: day)
        }
        let step = n > 0 ? 1 : -1
        var remaining = n.magnitude
        while remaining > 0 {
            day += step
            if isWorkingDay(day) { remaining -= 1 }
        }
        return LocalDate(clampingDayNumber: day)
    }

    /// The number of working days d with from < d <= to: "how many working days later" in the
    /// sense that Friday to the following Monday is one. Negative (and symmetric) if `to` < `from`.
    public func workingDays(from: LocalDate, to: LocalDate) -> Int {
        let start = from.dayNumber
        let end = to.dayNumber
        return end >= start
            ? workingDayCount(from: start + 1, through: end)
            : -workingDayCount(from: end + 1, through: start)
    }

    /// Working days in `first...last`, by arithmetic: whole weeks contribute the number of working
    /// weekdays each, then the few leftover days are checked, then holidays on working weekdays
    /// are taken off.
    func workingDayCount(from first: Int, through last: Int) -> Int {
        guard first <= last else { return 0 }
        let days = last - first + 1
        var count = days / 7 * weekdayMask.nonzeroBitCount
        var day = first + days / 7 * 7
        while day <= last {
            if isWorkingWeekday(day) { count += 1 }
            day += 1
        }
        return count - holidays.count(in: first...last, where: isWorkingWeekday)
    }
}
