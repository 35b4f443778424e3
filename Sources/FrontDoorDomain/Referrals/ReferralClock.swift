import Foundation

/// How long the MASH has to complete a referral. Hampshire: a child in need referral within two
/// working days; a child protection concern within hours (four working hours here). Each local
/// authority may set its own.
public struct ReferralClockPolicy: Equatable, Sendable, Codable {
    public var childInNeedMinutes: Int
    public var childProtectionMinutes: Int

    public static let standard = ReferralClockPolicy(childInNeedMinutes: 2 * 480, childProtectionMinutes: 240)

    public init(childInNeedMinutes: Int, childProtectionMinutes: Int) {
        self.childInNeedMinutes = childInNeedMinutes
        self.childProtectionMinutes = childProtectionMinutes
    }

    public func minutes(for kind: ReferralKind) -> Int {
        switch kind {
        case .childInNeed: childInNeedMinutes
        case .childProtection: childProtectionMinutes
        }
    }
}

public enum ReReferral {
    /// A referral is a re-referral when the child's latest earlier referral was within the 12
    /// months before, counted in London calendar dates (the census convention, and the same rule
    /// as the re-referrals report). Returns that earlier referral.
    public static func previous<ID>(for referredAt: Date, among earlier: [(id: ID, referredAt: Date)], calendar: WorkingCalendar = WorkingCalendar()) -> ID? {
        guard let latest = earlier.filter({ $0.referredAt < referredAt }).max(by: { $0.referredAt < $1.referredAt }) else { return nil }
        let within = ReportDates.adding(months: 12, to: calendar.localDate(of: latest.referredAt)) >= calendar.localDate(of: referredAt)
        return within ? latest.id : nil
    }
}
