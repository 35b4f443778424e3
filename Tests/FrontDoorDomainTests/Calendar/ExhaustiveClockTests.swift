import Foundation
import FrontDoorDomain
import Testing

/// A fortnight of receipts, named for test output.
struct ReceiptWindow: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let from: Date
    let to: Date
}

@Suite("Working calendar: every receipt in a fortnight")
struct ExhaustiveClockTests {
    typealias F = CalendarFixture

    static let windows = [
        ReceiptWindow(
            testDescription: "24 August to 6 September 2026, with the August bank holiday",
            from: F.london(2026, 8, 24), to: F.london(2026, 9, 7)),
        ReceiptWindow(
            testDescription: "23 March to 5 April 2026, with the spring clock change and Good Friday",
            from: F.london(2026, 3, 23), to: F.london(2026, 4, 6)),
        ReceiptWindow(
            testDescription: "19 October to 1 November 2026, with the autumn clock change",
            from: F.london(2026, 10, 19), to: F.london(2026, 11, 2)),
        ReceiptWindow(
            testDescription: "21 December 2026 to 3 January 2027, with Christmas, Boxing Day and New Year",
            from: F.london(2026, 12, 21), to: F.london(2027, 1, 4)),
    ]

    static let durations = [0, 1, 59, 60, 239, 240, 480, 1440, 2400]

    @Test(
        "every 15-minute receipt, every clock length: the due time is exactly that many working minutes later, and lands in working time or at 17:00",
        arguments: windows)
    func everyReceipt(_ window: ReceiptWindow) throws {
        let calendar = F.standard
        var london = Calendar(identifier: .gregorian)
        london.timeZone = F.london
        var checked = 0
        var received = window.from
        while received < window.to {
            for minutes in Self.durations {
                let due = calendar.adding(workingMinutes: minutes, to: received)
                #expect(calendar.workingMinutes(from: received, to: due) == minutes, "\(received) + \(minutes)")
                #expect(calendar.workingSeconds(from: received, to: due) == minutes * 60)
                #expect(due >= received)
                let parts = london.dateComponents([.year, .month, .day, .hour, .minute, .second], from: due)
                let date = try #require(LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0))
                let atEndOfDay = parts.hour == 17 && parts.minute == 0 && parts.second == 0
                #expect(
                    calendar.isWorkingTime(due) || (atEndOfDay && calendar.isWorkingDay(date)),
                    "\(received) + \(minutes) is due at \(due), outside working time")
                #expect(minutes == 0 || calendar.isWorkingTime(due - 1), "the last second counted was working time")
                checked += 1
            }
            received += 15 * 60
        }
        // A fortnight is 1,344 quarter-hours, give or take the four an hour's clock change adds or removes.
        let quarterHours = Int(window.to.timeIntervalSince(window.from)) / 900
        #expect((1340...1348).contains(quarterHours))
        #expect(checked == quarterHours * Self.durations.count)
    }
}
