import Foundation

extension WorkingCalendar {
    /// The date `days` calendar days after (or before) `date`.
    public func date(byAddingDays days: Int, to date: LocalDate) -> LocalDate? {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC") ?? timeZone
        guard let start = gregorian.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)),
              let moved = gregorian.date(byAdding: .day, value: days, to: start)
        else { return nil }
        let parts = gregorian.dateComponents([.year, .month, .day], from: moved)
        guard let y = parts.year, let m = parts.month, let d = parts.day else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// Local midnight at the start of `date`, as an instant.
    public func startOfDay(_ date: LocalDate) -> Date {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        let noon = gregorian.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) ?? Date(timeIntervalSince1970: 0)
        return gregorian.startOfDay(for: noon)
    }
}
