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
    /// A referral is a re-referral when the same child was referred within the 12 months before
    /// (Birmingham's measure; the DfE's definition). Returns the latest such earlier referral.
    public static func previous<ID>(for referredAt: Date, among earlier: [(id: ID, referredAt: Date)]) -> ID? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? calendar.timeZone
        guard let yearBefore = calendar.date(byAdding: .month, value: -12, to: referredAt) else { return nil }
        return earlier.filter { $0.referredAt >= yearBefore && $0.referredAt < referredAt }.max { $0.referredAt < $1.referredAt }?.id
    }
}
