import Foundation

/// One sign of possible risk of significant harm on a child's record.
public struct ProtectionIndicator: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A contact rated red at screening.
        case redContact = "red-contact"
        /// A domestic abuse notification the police rated high risk.
        case highRiskDomesticAbuse = "high-risk-domestic-abuse"
        /// A referral made as child protection.
        case childProtectionReferral = "child-protection-referral"
        /// A referral whose assessment factors name abuse (physical, sexual, emotional, neglect, domestic abuse of the child).
        case abuseFactor = "abuse-factor"

        public var label: String {
            switch self {
            case .redContact: "contact rated red"
            case .highRiskDomesticAbuse: "high-risk domestic abuse notification"
            case .childProtectionReferral: "child protection referral"
            case .abuseFactor: "referral with an abuse factor"
            }
        }
    }

    public let child: UUID
    public let at: Date
    public let kind: Kind
    /// The contact or referral that carries it.
    public let record: UUID
    /// The concern it belongs to: a referral made from a contact is the same concern as that
    /// contact, so the two count once. The record itself by default.
    public let concern: UUID

    public init(child: UUID, at: Date, kind: Kind, record: UUID, concern: UUID? = nil) {
        self.child = child
        self.at = at
        self.kind = kind
        self.record = record
        self.concern = concern ?? record
    }
}

/// A child the pattern finder lists for review.
public struct MissingStrategyDiscussionFinding: Equatable, Sendable {
    public let child: UUID
    /// The records carrying an indicator, oldest first (one entry per concern).
    public let indicators: [ProtectionIndicator]
    public var firstAt: Date { indicators.first?.at ?? .distantPast }
    public var lastAt: Date { indicators.last?.at ?? .distantPast }
}

/// Warwickshire's Ofsted finding (5.13): some children should have had a strategy discussion and
/// did not, and a later review of the pattern of concerns would not show that the threshold had
/// been met. The rule: a child with at least `threshold` distinct concerns (a contact, or a referral
/// not made from a contact already counted) carrying a child protection indicator inside the period, and no strategy discussion held between the first
/// of them and the end of the period, is listed for review. Nothing is hidden or decided: the list
/// is for a person to look at.
public enum MissingStrategyDiscussionRule {
    public static let defaultThreshold = 2

    /// The CIN census factor codes that name harm to the child: domestic abuse of the child (3A),
    /// child sexual exploitation (11A), trafficking (12A), neglect (16A), emotional abuse (17A),
    /// physical and sexual abuse by an adult (18C, 19C), FGM (22A), abuse linked to faith or
    /// belief (23A), child criminal exploitation (24A).
    public static let abuseFactorCodes: Set<String> = ["3A", "11A", "12A", "16A", "17A", "18C", "19C", "22A", "23A", "24A"]

    public static func find(indicators: [ProtectionIndicator], discussions: [UUID: [Date]], period: DateInterval,
                            threshold: Int = defaultThreshold) -> [MissingStrategyDiscussionFinding] {
        let inPeriod = indicators.filter { period.start <= $0.at && $0.at < period.end }
        var findings: [MissingStrategyDiscussionFinding] = []
        for (child, list) in Dictionary(grouping: inPeriod, by: \.child) {
            // One entry per concern (a contact and the referral made from it are one concern): the earliest.
            var byRecord: [UUID: ProtectionIndicator] = [:]
            for indicator in list.sorted(by: { ($0.at, $0.kind.rawValue, $0.record.uuidString) < ($1.at, $1.kind.rawValue, $1.record.uuidString) })
            where byRecord[indicator.concern] == nil {
                byRecord[indicator.concern] = indicator
            }
            let ordered = byRecord.values.sorted { ($0.at, $0.record.uuidString) < ($1.at, $1.record.uuidString) }
            guard ordered.count >= max(1, threshold), let first = ordered.first else { continue }
            let held = (discussions[child] ?? []).contains { first.at <= $0 && $0 < period.end }
            if !held { findings.append(MissingStrategyDiscussionFinding(child: child, indicators: ordered)) }
        }
        // Most concerns first, then the longest-standing, then by id: the same order every time.
        return findings.sorted { (-$0.indicators.count, $0.firstAt, $0.child.uuidString) < (-$1.indicators.count, $1.firstAt, $1.child.uuidString) }
    }
}
