import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Working calendar properties, over random instants from 2012 to 2028")
struct WorkingCalendarPropertyTests {
    typealias F = CalendarFixture

    /// Clock lengths up to about four working weeks.
    static let lengths = Gen.int(in: 0...10_000)

    @Test("measuring a due time gives back exactly the clock's length", arguments: try NamedCalendar.all())
    func roundTrip(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 200, input: F.instants, Self.lengths) { received, minutes in
            let due = calendar.adding(workingMinutes: minutes, to: received)
            #expect(calendar.workingSeconds(from: received, to: due) == minutes * 60)
            #expect(calendar.workingMinutes(from: received, to: due) == minutes)
            #expect(due >= received)
        }
    }

    @Test("a longer clock is never due earlier", arguments: try NamedCalendar.all())
    func monotonic(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 200, input: F.instants, Self.lengths, Self.lengths) { received, a, b in
            let (shorter, longer) = (min(a, b), max(a, b))
            #expect(
                calendar.adding(workingMinutes: shorter, to: received)
                    <= calendar.adding(workingMinutes: longer, to: received))
            if shorter < longer {
                #expect(
                    calendar.adding(workingMinutes: shorter, to: received)
                        < calendar.adding(workingMinutes: longer, to: received))
            }
        }
    }

    // b is at least 1: adding nothing to a due time that falls at 17:00 is a fresh out-of-hours
    // receipt and moves to the next morning, which is the documented meaning of 0 minutes.
    @Test("for a clock running in working time, adding a then b is adding a + b", arguments: try NamedCalendar.all())
    func additive(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 200, input: F.instants, Gen.int(in: 0...5_000), Gen.int(in: 1...5_000)) { t, a, b in
            let start = calendar.clockStart(for: t)
            #expect(calendar.isWorkingTime(start))
            let stepwise = calendar.adding(workingMinutes: b, to: calendar.adding(workingMinutes: a, to: start))
            #expect(stepwise == calendar.adding(workingMinutes: a + b, to: start))
        }
    }

    @Test("working time splits at any instant: (a to b) + (b to c) = (a to c)", arguments: try NamedCalendar.all())
    func measuresAdd(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 300, input: F.instants, F.instants, F.instants) { a, b, c in
            #expect(
                calendar.workingSeconds(from: a, to: b) + calendar.workingSeconds(from: b, to: c)
                    == calendar.workingSeconds(from: a, to: c))
        }
    }

    @Test("measuring backwards is the negative of measuring forwards", arguments: try NamedCalendar.all())
    func antisymmetric(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 300, input: F.instants, F.instants) { a, b in
            #expect(calendar.workingSeconds(from: a, to: b) == -calendar.workingSeconds(from: b, to: a))
            #expect(calendar.workingMinutes(from: a, to: b) == -calendar.workingMinutes(from: b, to: a))
            #expect(calendar.workingSeconds(from: a, to: a) == 0)
        }
    }

    @Test("a clock starts at the receipt itself in working time, otherwise later and with no working time between", arguments: try NamedCalendar.all())
    func clockStart(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 300, input: F.instants) { received in
            let start = calendar.clockStart(for: received)
            #expect(calendar.isWorkingTime(start))
            #expect(start >= received)
            #expect((start == received) == calendar.isWorkingTime(received))
            #expect(calendar.workingSeconds(from: received, to: start) == 0)
            #expect(calendar.adding(workingMinutes: 0, to: received) == start)
        }
    }

    @Test("n working days after a working day is n working days later, and is a working day", arguments: try NamedCalendar.all())
    func workingDaysRoundTrip(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 300, input: F.dates, Gen.int(in: -600...600)) { date, n in
            let day = calendar.adding(workingDays: 0, to: date)
            #expect(calendar.isWorkingDay(day))
            #expect(day >= date)
            let later = calendar.adding(workingDays: n, to: day)
            #expect(calendar.workingDays(from: day, to: later) == n)
            #expect(calendar.isWorkingDay(later))
            #expect(calendar.isWorkingDay(calendar.adding(workingDays: abs(n), to: date)))
        }
    }

    @Test("counting working days agrees with checking each day in turn", arguments: try NamedCalendar.all())
    func workingDaysCount(_ named: NamedCalendar) async {
        let calendar = named.calendar
        await propertyCheck(count: 200, input: F.dates, Gen.int(in: -400...400)) { from, offset in
            let to = F.shifted(from, by: offset)
            let (earlier, later) = offset >= 0 ? (from, to) : (to, from)
            let counted = (0..<abs(offset)).filter { calendar.isWorkingDay(F.shifted(earlier, by: $0 + 1)) }.count
            #expect(F.shifted(earlier, by: abs(offset)) == later)
            let expected = offset >= 0 ? counted : -counted
            #expect(calendar.workingDays(from: from, to: to) == expected)
            #expect(calendar.workingDays(from: to, to: from) == -expected)
        }
    }
}
