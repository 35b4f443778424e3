import Foundation

/// A calendar date with no time zone (a local date in Europe/London).
///
/// Dates of birth, bank holidays and "today" are days, not instants: holding them without a time
/// zone means a date of birth cannot drift by a day when the server runs in UTC.
public struct LocalDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil if the date does not exist. Years are limited to 1...9999 so that every date has exactly
    /// one four-digit ISO form and `init(iso:)` reads back everything `iso` writes.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...DayNumber.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Strictly "YYYY-MM-DD" in ASCII digits: no missing zero padding, no time, no whitespace.
    /// Being strict here is what lets a form report "2026-2-1" as a mistake instead of guessing.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Self.digits(bytes[0..<4]), let month = Self.digits(bytes[5..<7]),
            let day = Self.digits(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var iso: String {
        Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    public var description: String { iso }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date in the form YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension LocalDate {
    /// Days since 1970-01-01. The calendar works on these integers so that skipping weekends and
    /// counting days is plain arithmetic, with no Foundation calendar call per day.
    var dayNumber: Int { DayNumber.from(year: year, month: month, day: day) }

    /// The date of a day number, pinned to 0001-01-01...9999-12-31 so that converting any instant
    /// (even `Date.distantPast`) always yields a date rather than failing.
    init(clampingDayNumber number: Int) {
        let clamped = min(max(number, DayNumber.first), DayNumber.last)
        let civil = DayNumber.civil(clamped)
        self.year = civil.year
        self.month = civil.month
        self.day = civil.day
    }
}

/// Proleptic Gregorian day arithmetic (Howard Hinnant's civil-from-days algorithms), exact for all
/// years and free of time zones.
enum DayNumber {
    static let first = from(year: 1, month: 1, day: 1)
    static let last = from(year: 9999, month: 12, day: 31)

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func from(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// ISO weekday, 1 = Monday … 7 = Sunday. Day 0 (1970-01-01) was a Thursday.
    static func isoWeekday(_ number: Int) -> Int {
        ((number % 7 + 7 + 3) % 7) + 1
    }
}
