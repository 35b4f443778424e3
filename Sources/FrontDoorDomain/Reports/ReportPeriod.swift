/// A calendar month, as reports group by: months are calendar months in Europe/London.
public struct ReportMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month a local date falls in.
    public init(_ date: LocalDate) {
        year = date.year
        month = date.month
    }

    /// Strictly "YYYY-MM", as the CSV and the `--from`/`--to` options write months.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 4 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) }),
            let year = Int(String(iso.prefix(4))), let month = Int(String(iso.suffix(2)))
        else { return nil }
        self.init(year: year, month: month)
    }

    public var iso: String {
        String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year) + (month < 10 ? "-0" : "-") + String(month)
    }

    public var description: String { iso }

    public var next: ReportMonth {
        month == 12 ? ReportMonth(uncheckedYear: year + 1, month: 1) : ReportMonth(uncheckedYear: year, month: month + 1)
    }

    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1)! }

    public var lastDay: LocalDate { LocalDate(year: year, month: month, day: DayNumber.daysIn(month: month, year: year))! }

    public var period: ReportPeriod { ReportPeriod(uncheckedFrom: firstDay, through: lastDay) }

    /// `from` through `through`, in order; empty if `through` is before `from`.
    public static func range(from: ReportMonth, through: ReportMonth) -> [ReportMonth] {
        var months: [ReportMonth] = []
        var month = from
        while month <= through {
            months.append(month)
            month = month.next
        }
        return months
    }

    public static func < (lhs: ReportMonth, rhs: ReportMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    private init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }
}

/// The days a report covers, both ends included, as local dates in Europe/London.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    public let from: LocalDate
    public let through: LocalDate

    /// nil when `through` is before `from`.
    public init?(from: LocalDate, through: LocalDate) {
        guard from <= through else { return nil }
        self.from = from
        self.through = through
    }

    init(uncheckedFrom from: LocalDate, through: LocalDate) {
        self.from = from
        self.through = through
    }

    /// The months `from` through `through`, whole.
    public init?(months from: ReportMonth, through: ReportMonth) {
        self.init(from: from.firstDay, through: through.lastDay)
    }

    public func contains(_ date: LocalDate) -> Bool {
        from <= date && date <= through
    }

    /// The same dates a year before (29 February becomes 28 February), for year-on-year change.
    public var yearEarlier: ReportPeriod {
        ReportPeriod(uncheckedFrom: ReportDates.adding(months: -12, to: from), through: ReportDates.adding(months: -12, to: through))
    }

    /// Working days from `from` through `through`, both included.
    public func workingDays(in calendar: WorkingCalendar) -> Int {
        calendar.workingDays(from: from, to: through) + (calendar.isWorkingDay(from) ? 1 : 0)
    }

    public var description: String { from.iso + ".." + through.iso }
}

enum ReportDates {
    /// `date` moved by whole calendar months, the day clamped to the end of a shorter month
    /// (31 March less one month is 28 or 29 February).
    static func adding(months: Int, to date: LocalDate) -> LocalDate {
        let index = date.year * 12 + (date.month - 1) + months
        let year = WorkingCalendar.floorDivide(index, 12)
        let month = index - year * 12 + 1
        let clampedYear = min(max(year, 1), 9999)
        let day = min(date.day, DayNumber.daysIn(month: month, year: clampedYear))
        return LocalDate(year: clampedYear, month: month, day: day)!
    }
}
