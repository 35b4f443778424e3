import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Interchange timestamps")
struct InterchangeTimestampTests {
    static let offsets = ["Z", "z", "+00:00", "-00:00", "+01:00", "-05:00", "+05:30", "+14:00", "-12:00", "+13:45", "-09:30"]

    static func text(_ instant: Date, offset: String, fractionDigits: Int) -> String {
        let minutes: Int
        if offset.lowercased() == "z" {
            minutes = 0
        } else {
            let sign = offset.hasPrefix("-") ? -1 : 1
            minutes = sign * (Int(offset.dropFirst().prefix(2))! * 60 + Int(offset.suffix(2))!)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: minutes * 60)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: instant)
        func pad(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        var text = "\(pad(parts.year!, 4))-\(pad(parts.month!, 2))-\(pad(parts.day!, 2))T\(pad(parts.hour!, 2)):\(pad(parts.minute!, 2)):\(pad(parts.second!, 2))"
        if fractionDigits > 0 {
            let milliseconds = Int((Double(parts.nanosecond!) / 1_000_000).rounded())
            text += "." + String(pad(min(milliseconds, 999), 3).prefix(fractionDigits)) + String(repeating: "7", count: max(0, fractionDigits - 3))
        }
        return text + offset
    }

    /// Foundation's reading, as an independent reference (it guesses where the format is strict).
    static func foundation(_ text: String) -> Date? {
        guard text.count >= 20, text.contains("T"),
              text.hasSuffix("Z") || text.hasSuffix("z") || text.dropLast(5).last == "+" || text.dropLast(5).last == "-"
        else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text.uppercased()) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text.uppercased())
    }

    @Test("reads every timestamp to the same instant as Foundation's ISO 8601 reader, to the millisecond")
    func agreesWithRFC3339() async {
        let instants = Gen.dateTime(in: InterchangeFixture.utc(1900, 1, 2)..<InterchangeFixture.utc(2100, 1, 1))
        let offsets = Gen.int(in: 0..<Self.offsets.count).map { Self.offsets[$0] }
        await propertyCheck(count: 300, input: instants, offsets, Gen.int(in: 0...9)) { instant, offset, digits in
            let text = Self.text(instant, offset: offset, fractionDigits: digits)
            let ours = InterchangeTimestamp.parse(text)
            let theirs = Self.foundation(text)
            #expect(ours != nil, "\(text)")
            #expect(theirs != nil, "\(text)")
            if let ours, let theirs {
                #expect((ours.timeIntervalSince1970 * 1000).rounded() == (theirs.timeIntervalSince1970 * 1000).rounded(), "\(text)")
            }
        }
    }

    @Test("is stricter than RFC3339.parse where Foundation guesses", arguments: [
        "2019-02-30T10:00:00Z", "2019-06-03T24:00:00Z", "2019-06-03T10:00:00+25:00", "2019-06-03T10:00:00.1234567890Z",
        "1582-10-10T10:00:00Z",
    ])
    func stricter(text: String) {
        #expect(InterchangeTimestamp.parse(text) == nil)
    }

    @Test("refuses what RFC3339.parse refuses", arguments: [
        "2019-06-03T10:15:00", "2019-06-03 10:15:00Z", "2019-06-03t10:15:00Z", "2019-06-03T10:15:00+0100",
        "2019-06-03T10:15:60Z", "+2019-06-03T10:15:00Z", "2019-06-03T10:15Z", "", "2019-06-03T10:15:00.Z",
    ])
    func refusals(text: String) {
        #expect(InterchangeTimestamp.parse(text) == nil)
        #expect(Self.foundation(text) == nil)
    }

    @Test("writes UTC with milliseconds only when there are any, and reads back what it wrote")
    func format() async {
        #expect(InterchangeTimestamp.format(InterchangeFixture.utc(2019, 6, 3, 9, 15)) == "2019-06-03T09:15:00Z")
        #expect(InterchangeTimestamp.format(InterchangeTimestamp.parse("2019-06-03T10:15:00.25+01:00")!) == "2019-06-03T09:15:00.250Z")
        #expect(InterchangeTimestamp.format(InterchangeTimestamp.parse("1969-12-31T23:59:59.999Z")!) == "1969-12-31T23:59:59.999Z")
        await propertyCheck(count: 500, input: Gen.dateTime(in: InterchangeFixture.utc(1900, 1, 1)..<InterchangeFixture.utc(2200, 1, 1))) { instant in
            let written = InterchangeTimestamp.format(instant)
            let read = InterchangeTimestamp.parse(written)
            #expect(read == InterchangeTimestamp.canonical(instant))
            #expect(read.map(InterchangeTimestamp.format) == written)
            #expect(abs(InterchangeTimestamp.canonical(instant).timeIntervalSince(instant)) <= 0.0005 + 1e-6)
        }
    }
}
