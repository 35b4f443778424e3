import Foundation

/// Assessments within timescale (Birmingham): authorised within 45 working days of the referral.
public enum AssessmentTimelinessMeasure: String, ReportMeasure {
    case timescaleWorkingDays = "timescale_working_days"
    case assessmentsAuthorised = "assessments_authorised"
    case withinTimescale = "assessments_within_timescale"
    case withinTimescalePercentage = "assessments_within_timescale_percentage"

    public var label: String {
        switch self {
        case .timescaleWorkingDays: "Timescale (working days)"
        case .assessmentsAuthorised: "Assessments authorised"
        case .withinTimescale: "Authorised within timescale"
        case .withinTimescalePercentage: "% of assessments within timescale"
        }
    }
}

public typealias AssessmentTimelinessReport = MeasureTable<AssessmentTimelinessMeasure>

extension Reports {
    /// Of the children and families assessments authorised in the period, how many were authorised
    /// within `timescale` working days of the referral: `WorkingCalendar.workingDays(from:to:)` from
    /// the local date of `referredAt` to `assessmentAuthorisedAt` is at most `timescale` (so the
    /// referral's own day does not count, and an assessment authorised on the 45th working day after
    /// it is in time).
    public static func assessmentTimeliness(
        la: String, period: ReportPeriod, referrals: some Sequence<ReportReferral>,
        calendar: WorkingCalendar = WorkingCalendar(), timescale: Int = 45
    ) -> AssessmentTimelinessReport {
        assessmentTimeliness(scope: ReportScope(.init(code: la, calendar: calendar)), period: period, referrals: referrals, timescale: timescale)
    }

    /// Over every authority in `scope`, each assessment's working days counted in its own
    /// authority's calendar.
    public static func assessmentTimeliness(
        scope: ReportScope, period: ReportPeriod, referrals: some Sequence<ReportReferral>, timescale: Int = 45
    ) -> AssessmentTimelinessReport {
        var authorised = Tally()
        var within = Tally()
        for referral in referrals {
            guard let calendar = scope.authority(referral.la)?.calendar else { continue }
            guard let date = referral.assessmentAuthorisedAt, period.contains(date) else { continue }
            authorised.add(referral.id)
            if calendar.workingDays(from: calendar.localDate(of: referral.referredAt), to: date) <= timescale {
                within.add(referral.id)
            }
        }
        return AssessmentTimelinessReport(
            la: scope.name, period: period,
            values: [
                .timescaleWorkingDays: .count(timescale),
                .assessmentsAuthorised: .count(authorised.count),
                .withinTimescale: .count(within.count),
                .withinTimescalePercentage: .percentage(ExactRatio(within.count, authorised.count)),
            ],
            traces: [
                .assessmentsAuthorised: MeasureTrace(records: authorised.ids),
                .withinTimescale: MeasureTrace(records: within.ids),
                .withinTimescalePercentage: MeasureTrace(records: within.ids, denominator: authorised.ids),
            ]
        )
    }
}
