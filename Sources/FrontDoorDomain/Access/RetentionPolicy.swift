import Foundation

/// How long the front door keeps the personal details of contacts that went no further.
///
/// A contact closed with no further action is anonymised once its decision is older than
/// `nfaContactYears`: the narrative, the referrer and the case summary go; the dates, source and
/// outcome stay, so the council's statistics do not change. Everything else is kept: contacts that
/// led to advice, early help or a referral are part of a child's history.
public struct RetentionPolicy: Equatable, Sendable {
    public var nfaContactYears: Int

    public init(nfaContactYears: Int) {
        self.nfaContactYears = nfaContactYears
    }

    /// The instant before which a decision is old enough (the same calendar date, N years back).
    public func cutoff(now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? calendar.timeZone
        return calendar.date(byAdding: .year, value: -nfaContactYears, to: now) ?? now
    }

    public func isDue(outcome: ContactOutcome?, closure: ClosureKind?, decidedAt: Date?, now: Date) -> Bool {
        guard outcome == .closed, closure == nil || closure == .noFurtherAction, let decidedAt else { return false }
        return decidedAt < cutoff(now: now)
    }
}
