/// Date arithmetic the statutory returns need, on `LocalDate`'s day numbers (no time zone can
/// shift a day). Kept in one namespace so the returns add nothing to `LocalDate` that another part
/// of the domain might also want to name.
enum ReturnDates {
    static func adding(days: Int, to date: LocalDate) -> LocalDate {
        LocalDate(clampingDayNumber: date.dayNumber + days)
    }

    /// The same day `months` months later (earlier if negative); a day the target month lacks
    /// becomes its last day (31 August minus six months is 28 or 29 February).
    static func adding(months: Int, to date: LocalDate) -> LocalDate {
        let index = date.year * 12 + (date.month - 1) + months
        let year = index / 12
        let month = index % 12 + 1
        let day = min(date.day, DayNumber.daysIn(month: month, year: year))
        return LocalDate(year: year, month: month, day: day) ?? date
    }

    static func adding(years: Int, to date: LocalDate) -> LocalDate {
        adding(months: 12 * years, to: date)
    }

    /// Calendar days from `from` to `to` (negative if `to` is earlier).
    static func days(from: LocalDate, to: LocalDate) -> Int {
        to.dayNumber - from.dayNumber
    }

    /// Saturday or Sunday.
    static func isWeekend(_ date: LocalDate) -> Bool {
        DayNumber.isoWeekday(date.dayNumber) >= 6
    }

    /// Whole years of age on `date`; nil if `birth` is after it.
    static func age(born birth: LocalDate, on date: LocalDate) -> Int? {
        guard birth <= date else { return nil }
        var years = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { years -= 1 }
        return years
    }

    /// dd/mm/yyyy, as Ofsted's lists write dates.
    static func ukFormat(_ date: LocalDate) -> String {
        let iso = date.iso  // YYYY-MM-DD
        let parts = iso.split(separator: "-")
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }
}
