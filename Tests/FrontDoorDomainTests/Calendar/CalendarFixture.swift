import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

/// Instants and dates for calendar tests, written the way a practitioner would say them.
///
/// Expected instants are given in UTC (`utc`) wherever the offset matters, so that a test states
/// "12:00 BST is 11:00Z" itself instead of trusting the code under test to convert.
enum CalendarFixture {
    static let london = TimeZone(identifier: "Europe/London")!

    static let standard = WorkingCalendar()

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0)
        -> Date
    {
        instant(in: .gmt, year, month, day, hour, minute, second)
    }

    /// Local wall-clock time in London, converted by Foundation (not by the calendar under test).
    static func london(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0
    ) -> Date {
        instant(in: london, year, month, day, hour, minute, second)
    }

    static func date(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LocalDate {
        try #require(LocalDate(iso: iso), sourceLocation: sourceLocation)
    }

    /// Random instants, to the second and with a fraction, over the years the bundled holidays cover.
    static let instants = Gen.dateTime(in: utc(2012, 1, 1)..<utc(2029, 1, 1))

    /// Random local dates over the same years.
    static let dates = Gen.int(in: 0...6209).compactMap { offset in
        LocalDate(year: 2012, month: 1, day: 1).map { shifted($0, by: offset) }
    }

    /// `date` moved by `days`, worked out with Foundation's calendar.
    static func shifted(_ date: LocalDate, by days: Int) -> LocalDate {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = .gmt
        let start = DateComponents(year: date.year, month: date.month, day: date.day)
        guard let base = gregorian.date(from: start),
            let moved = gregorian.date(byAdding: .day, value: days, to: base)
        else { return date }
        let parts = gregorian.dateComponents([.year, .month, .day], from: moved)
        return LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0) ?? date
    }

    private static func instant(
        in zone: TimeZone, _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int
    ) -> Date {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        // A date that cannot be built becomes one no expectation will match, so the test fails.
        return gregorian.date(from: parts) ?? .distantPast
    }
}

/// A calendar under test, named for test output.
struct NamedCalendar: Sendable, CustomTestStringConvertible {
    let name: String
    let calendar: WorkingCalendar
    var testDescription: String { name }

    /// Throws rather than quietly testing fewer calendars if a configuration is rejected.
    static func all() throws -> [NamedCalendar] {
        let scotland = try BankHolidays.bundled(division: "scotland")
        return [
            NamedCalendar(name: "09:00-17:00 Monday-Friday, England and Wales", calendar: CalendarFixture.standard),
            NamedCalendar(
                name: "08:30-17:30 Monday-Friday",
                calendar: WorkingCalendar(hours: try WorkingHours(start: 510, end: 1050, weekdays: Set(1...5)))),
            NamedCalendar(
                name: "09:00-17:00 Monday-Thursday",
                calendar: WorkingCalendar(hours: try WorkingHours(start: 540, end: 1020, weekdays: [1, 2, 3, 4]))),
            NamedCalendar(
                name: "07:00-21:00 Monday-Saturday, Scotland",
                calendar: WorkingCalendar(
                    hours: try WorkingHours(start: 420, end: 1260, weekdays: Set(1...6)), holidays: scotland)),
        ]
    }
}
