import Foundation

/// Rates per 10,000 children (Warwickshire): referrals, and assessments, per 10,000 of the local
/// authority's child population.
public enum RateMeasure: String, ReportMeasure {
    case childPopulation = "child_population"
    case referrals = "referrals"
    case referralsPer10000 = "referrals_per_10000_children"
    case assessmentsStarted = "assessments_started"
    case assessmentsPer10000 = "assessments_started_per_10000_children"

    public var label: String {
        switch self {
        case .childPopulation: "Child population (0-17)"
        case .referrals: "Referrals"
        case .referralsPer10000: "Referrals per 10,000 children"
        case .assessmentsStarted: "Assessments started"
        case .assessmentsPer10000: "Assessments per 10,000 children"
        }
    }
}

public typealias RateReport = MeasureTable<RateMeasure>

extension Reports {
    /// Referrals received in the period (by the local date of `referredAt`) and children and families
    /// assessments started in it, each per 10,000 of `childPopulation`, to one decimal. With a child
    /// population of zero the rates are undefined.
    public static func ratesPer10000(
        la: String, period: ReportPeriod, childPopulation: Int, referrals: some Sequence<ReportReferral>,
        calendar: WorkingCalendar = WorkingCalendar()
    ) -> RateReport {
        ratesPer10000(scope: ReportScope(.init(code: la, calendar: calendar, childPopulation: childPopulation)), period: period, referrals: referrals)
    }

    /// Rates over every authority in `scope`: the authorities' referrals and assessments added
    /// together, per 10,000 of their child populations added together (not an average of rates).
    /// Undefined when a population is not recorded.
    public static func ratesPer10000(scope: ReportScope, period: ReportPeriod, referrals: some Sequence<ReportReferral>) -> RateReport {
        let childPopulation = scope.childPopulation ?? 0
        var received = Tally()
        var assessments = Tally()
        for referral in referrals {
            guard let calendar = scope.authority(referral.la)?.calendar else { continue }
            if period.contains(calendar.localDate(of: referral.referredAt)) { received.add(referral.id) }
            if let started = referral.assessmentStartedAt, period.contains(started) { assessments.add(referral.id) }
        }
        return RateReport(
            la: scope.name, period: period,
            values: [
                .childPopulation: .count(childPopulation),
                .referrals: .count(received.count),
                .referralsPer10000: .rate(ExactRatio(received.count, childPopulation), per: 10_000),
                .assessmentsStarted: .count(assessments.count),
                .assessmentsPer10000: .rate(ExactRatio(assessments.count, childPopulation), per: 10_000),
            ],
            traces: [
                .referrals: MeasureTrace(records: received.ids),
                .referralsPer10000: MeasureTrace(records: received.ids),
                .assessmentsStarted: MeasureTrace(records: assessments.ids),
                .assessmentsPer10000: MeasureTrace(records: assessments.ids),
            ]
        )
    }
}
