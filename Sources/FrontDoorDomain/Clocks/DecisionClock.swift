import Foundation

/// How many working minutes a manager has to decide a contact, by RAG rating.
///
/// Oxfordshire's clock: red 240, amber 480, green or unrated 1,440 working minutes from receipt.
/// Each local authority may set its own.
public struct ClockPolicy: Equatable, Sendable, Codable {
    public var red: Int
    public var amber: Int
    public var green: Int
    public var unrated: Int

    public static let standard = ClockPolicy(red: 240, amber: 480, green: 1440, unrated: 1440)

    public init(red: Int, amber: Int, green: Int, unrated: Int) {
        self.red = red
        self.amber = amber
        self.green = green
        self.unrated = unrated
    }

    public func minutes(for rag: RAG?) -> Int {
        switch rag {
        case .red: red
        case .amber: amber
        case .green: green
        case nil: unrated
        }
    }
}

/// One clock read at one moment: when it falls due, how much working time is left (negative once
/// overdue), and whether it was (or is now) breached. A stopped clock reads at the moment it stopped.
public struct ClockReading: Equatable, Sendable {
    public let dueAt: Date
    public let remainingWorkingMinutes: Int
    public let breached: Bool
    public let stoppedAt: Date?

    public static func read(dueAt: Date, stoppedAt: Date?, now: Date, calendar: WorkingCalendar) -> ClockReading {
        let at = stoppedAt ?? now
        return ClockReading(
            dueAt: dueAt,
            remainingWorkingMinutes: calendar.workingMinutes(from: at, to: dueAt),
            breached: at > dueAt,
            stoppedAt: stoppedAt
        )
    }
}

/// The clocks every contact carries: the RAG decision clock and the statutory one-working-day
/// decision (Working Together: a decision within one working day of receipt). Both run from
/// receipt — out of hours, from the next working minute — and stop at the decision.
public struct ContactClocks: Equatable, Sendable {
    public let decision: ClockReading
    public let oneWorkingDay: ClockReading

    public init(receivedAt: Date, rag: RAG?, decidedAt: Date?, now: Date, policy: ClockPolicy, calendar: WorkingCalendar) {
        let due = calendar.adding(workingMinutes: policy.minutes(for: rag), to: receivedAt)
        // One working day is one full working period of the authority's hours.
        let statutoryDue = calendar.adding(workingMinutes: calendar.hours.minutesPerDay, to: receivedAt)
        decision = .read(dueAt: due, stoppedAt: decidedAt, now: now, calendar: calendar)
        oneWorkingDay = .read(dueAt: statutoryDue, stoppedAt: decidedAt, now: now, calendar: calendar)
    }
}
