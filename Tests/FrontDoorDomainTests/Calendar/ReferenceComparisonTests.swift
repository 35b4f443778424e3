import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Working calendar agrees with a minute-by-minute reference")
struct ReferenceComparisonTests {
    typealias F = CalendarFixture

    /// Up to ten days either way, to the second.
    static let spans = Gen.int(in: -864_000...864_000)

    @Test("working seconds between random instants up to ten days apart", arguments: try NamedCalendar.all())
    func measuring(_ named: NamedCalendar) async {
        let reference = ReferenceWorkingClock(named.calendar)
        await propertyCheck(count: 40, input: F.instants, Self.spans) { from, span in
            let to = from + Double(span)
            #expect(named.calendar.workingSeconds(from: from, to: to) == reference.workingSeconds(from: from, to: to))
        }
    }

    @Test("due times for random receipts and clocks of up to ten working days", arguments: try NamedCalendar.all())
    func adding(_ named: NamedCalendar) async {
        let reference = ReferenceWorkingClock(named.calendar)
        let lengths = Gen.int(in: 0...(10 * named.calendar.hours.minutesPerDay))
        await propertyCheck(count: 30, input: F.instants, lengths) { received, minutes in
            #expect(
                named.calendar.adding(workingMinutes: minutes, to: received)
                    == reference.adding(workingMinutes: minutes, to: received))
        }
    }

    @Test("clock starts and working-time checks for random instants", arguments: try NamedCalendar.all())
    func clockStart(_ named: NamedCalendar) async {
        let reference = ReferenceWorkingClock(named.calendar)
        await propertyCheck(count: 200, input: F.instants) { instant in
            #expect(named.calendar.clockStart(for: instant) == reference.clockStart(for: instant))
            let minute = ReferenceWorkingClock.minuteContaining(ReferenceWorkingClock.wholeSeconds(instant))
            #expect(named.calendar.isWorkingTime(instant) == reference.isWorkingMinute(minute))
        }
    }

    @Test("every minute of the weeks around both 2026 clock changes is classified the same way")
    func aroundClockChanges() {
        let calendar = F.standard
        let reference = ReferenceWorkingClock(calendar)
        for (from, to) in [(F.utc(2026, 3, 26), F.utc(2026, 4, 1)), (F.utc(2026, 10, 22), F.utc(2026, 10, 28))] {
            var minute = ReferenceWorkingClock.wholeSeconds(from)
            var mismatches = 0
            while minute < ReferenceWorkingClock.wholeSeconds(to) {
                let instant = Date(timeIntervalSinceReferenceDate: Double(minute))
                if calendar.isWorkingTime(instant) != reference.isWorkingMinute(minute) { mismatches += 1 }
                minute += 60
            }
            #expect(mismatches == 0, "between \(from) and \(to)")
        }
    }

    @Test("the reference itself knows the August 2026 answer, so agreement is not agreement on nonsense")
    func referenceSanity() {
        let reference = ReferenceWorkingClock(F.standard)
        #expect(reference.adding(workingMinutes: 240, to: F.london(2026, 8, 28, 16)) == F.utc(2026, 9, 1, 11))
        #expect(reference.workingSeconds(from: F.london(2026, 9, 8, 10, 0, 30), to: F.london(2026, 9, 8, 10, 2)) == 90)
    }
}
