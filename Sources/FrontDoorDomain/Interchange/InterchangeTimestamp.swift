import Foundation

/// Interchange timestamps: RFC 3339 with an offset, held and written to the whole millisecond.
///
/// Reading accepts exactly the strings `RFC3339.parse` reads to the same instant, less the ones it
/// reads by guessing: a day that does not exist ("2019-02-30", which Foundation rolls over to
/// 2 March), 24:00, offsets beyond ±23:59, more than nine decimals, and years before 1900 (which
/// Foundation reads in the Julian calendar). A tests compares the two on random instants. The reason
/// for a parser of its own is speed as much as strictness: `RFC3339.parse` builds a formatter per
/// call (about 0.1 ms), which would dominate the validation of a million-line history.
///
/// Fractions of a millisecond are dropped, as `RFC3339.parse` drops them, so that writing an instant
/// and reading it back gives the same instant exactly.
public enum InterchangeTimestamp {
    /// The instant, or nil if the text is not a strict RFC 3339 timestamp with an offset.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        // YYYY-MM-DDTHH:MM:SS[.f…]Z or …±HH:MM
        guard b.count >= 20, b[4] == dash, b[7] == dash, b[10] == UInt8(ascii: "T"), b[13] == colon, b[16] == colon,
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
            let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
            (1900...9999).contains(year), (1...12).contains(month), (1...DayNumber.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var milliseconds = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < b.count, isDigit(b[index]) { index += 1 }
            let count = index - start
            guard (1...9).contains(count) else { return nil }
            for position in 0..<3 {
                milliseconds = milliseconds * 10 + (position < count ? Int(b[start + position] - zero) : 0)
            }
        }
        guard index < b.count else { return nil }
        var offset = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), dash:
            guard index + 6 == b.count, b[index + 3] == colon, let hours = digits(b, index + 1, 2),
                let minutes = digits(b, index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (b[index] == dash ? -1 : 1)
        default:
            return nil
        }
        let days = DayNumber.from(year: year, month: month, day: day)
        let unixSeconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return date(millisecondsSinceReference: (unixSeconds - WorkingCalendar.unixOffset) * 1000 + milliseconds)
    }

    /// The canonical written form: UTC with "Z", with milliseconds only when there are any
    /// ("2019-06-03T09:15:00Z", "2019-06-03T09:15:00.250Z").
    public static func format(_ date: Date) -> String {
        let total = milliseconds(date)
        let unixMilliseconds = total + WorkingCalendar.unixOffset * 1000
        let unixSeconds = WorkingCalendar.floorDivide(unixMilliseconds, 1000)
        let fraction = unixMilliseconds - unixSeconds * 1000
        let days = WorkingCalendar.floorDivide(unixSeconds, 86_400)
        let secondOfDay = unixSeconds - days * 86_400
        let civil = DayNumber.civil(days)
        var text = pad(civil.year, 4) + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 { text += "." + pad(fraction, 3) }
        return text + "Z"
    }

    /// The instant to the whole millisecond, as the format holds it.
    public static func canonical(_ date: Date) -> Date {
        Self.date(millisecondsSinceReference: milliseconds(date))
    }

    static func milliseconds(_ date: Date) -> Int {
        Int((date.timeIntervalSinceReferenceDate * 1000).rounded(.toNearestOrAwayFromZero))
    }

    static func date(millisecondsSinceReference milliseconds: Int) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(milliseconds) / 1000)
    }

    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")
    private static let zero = UInt8(ascii: "0")

    private static func isDigit(_ byte: UInt8) -> Bool { (zero...UInt8(ascii: "9")).contains(byte) }

    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<start + count {
            guard isDigit(b[index]) else { return nil }
            value = value * 10 + Int(b[index] - zero)
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
