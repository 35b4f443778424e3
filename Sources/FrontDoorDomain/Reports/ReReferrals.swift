import Foundation

/// Re-referrals (Birmingham): referrals within 12 months of a previous referral of the same child.
public enum ReReferralMeasure: String, ReportMeasure {
    case referrals = "referrals"
    case reReferrals = "re_referrals_within_12_months"
    case reReferralPercentage = "re_referrals_within_12_months_percentage"

    public var label: String {
        switch self {
        case .referrals: "Referrals"
        case .reReferrals: "Re-referrals within 12 months"
        case .reReferralPercentage: "% of referrals that are re-referrals within 12 months"
        }
    }
}

public typealias ReReferralReport = MeasureTable<ReReferralMeasure>

extension Reports {
    /// Of the referrals received in the period, how many came within 12 months of a previous referral
    /// of the same child: the child's latest earlier referral (earlier `referredAt`) has a local date
    /// no more than 12 calendar months before this one's (so 1 May 2019 then 1 May 2020 is a
    /// re-referral, 30 April 2019 then 1 May 2020 is not).
    ///
    /// `referrals` must include the children's earlier referrals, from at least 12 months before the
    /// period. `relatedRecord(of:)` names the previous referral of each re-referral.
    public static func reReferrals(
        la: String, period: ReportPeriod, referrals: some Sequence<ReportReferral>, calendar: WorkingCalendar = WorkingCalendar()
    ) -> ReReferralReport {
        reReferrals(scope: ReportScope(.init(code: la, calendar: calendar)), period: period, referrals: referrals)
    }

    /// Re-referrals over every authority in `scope`. A previous referral counts only in the same
    /// authority: a child referred in one authority of a hub and then in another is not re-referred.
    public static func reReferrals(scope: ReportScope, period: ReportPeriod, referrals: some Sequence<ReportReferral>) -> ReReferralReport {
        var byChild: [ReReferralChild: [ReportReferral]] = [:]
        for referral in referrals where scope.authority(referral.la) != nil {
            byChild[ReReferralChild(la: referral.la, id: referral.childId), default: []].append(referral)
        }
        var inPeriod = Tally()
        var again = Tally()
        var previousOf: [String: String] = [:]
        // Walk in order of receipt so that the records are listed as they happened.
        var ordered: [(referral: ReportReferral, previous: ReportReferral?)] = []
        for (_, history) in byChild {
            let sorted = history.sorted { ($0.referredAt, $0.id) < ($1.referredAt, $1.id) }
            var latestEarlier: ReportReferral?
            var index = 0
            for referral in sorted {
                // The latest referral strictly before this one (same-instant referrals are not each other's previous).
                while index < sorted.count, sorted[index].referredAt < referral.referredAt {
                    latestEarlier = sorted[index]
                    index += 1
                }
                ordered.append((referral, latestEarlier))
            }
        }
        ordered.sort { ($0.referral.referredAt, $0.referral.id) < ($1.referral.referredAt, $1.referral.id) }
        for (referral, previous) in ordered {
            guard let calendar = scope.authority(referral.la)?.calendar else { continue }
            let date = calendar.localDate(of: referral.referredAt)
            guard period.contains(date) else { continue }
            inPeriod.add(referral.id)
            if let previous, ReportDates.adding(months: 12, to: calendar.localDate(of: previous.referredAt)) >= date {
                again.add(referral.id)
                previousOf[referral.id] = previous.id
            }
        }
        return ReReferralReport(
            la: scope.name, period: period,
            values: [
                .referrals: .count(inPeriod.count),
                .reReferrals: .count(again.count),
                .reReferralPercentage: .percentage(ExactRatio(again.count, inPeriod.count)),
            ],
            traces: [
                .referrals: MeasureTrace(records: inPeriod.ids),
                .reReferrals: MeasureTrace(records: again.ids),
                .reReferralPercentage: MeasureTrace(records: again.ids, denominator: inPeriod.ids),
            ],
            related: previousOf
        )
    }
}

/// A child within one authority: re-referrals look back within the same authority only.
private struct ReReferralChild: Hashable {
    var la: String
    var id: String
}
