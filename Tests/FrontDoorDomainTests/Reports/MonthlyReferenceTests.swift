import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

/// `Reports.monthly` counts into one array over calendars with the report's days worked out in
/// advance. Here it is compared, figure by figure and record by record, with the definitions
/// written out plainly: a dictionary of tallies and each authority's calendar as it is.
@Suite("The monthly report against its plain reference")
struct MonthlyReferenceTests {
    typealias F = ReportFixture

    /// The definitions of reports.md as `Reports.monthly` stated them before it was made faster.
    static func reference(
        scope: ReportScope, from: ReportMonth, through: ReportMonth, contacts: [ReportContact], referrals: [ReportReferral]
    ) -> [ReportMonth: [MonthlyMeasure: (count: Int, ids: [String])]] {
        let range = from...through
        var tallies: [ReportMonth: [MonthlyMeasure: (count: Int, ids: [String])]] = [:]
        func add(_ measure: MonthlyMeasure, _ month: ReportMonth, _ id: String, weight: Int = 1) {
            var tally = tallies[month, default: [:]][measure] ?? (0, [])
            tally.count += weight
            tally.ids.append(id)
            tallies[month, default: [:]][measure] = tally
        }
        for contact in contacts {
            guard let calendar = scope.authority(contact.la)?.calendar else { continue }
            let month = ReportMonth(calendar.localDate(of: contact.receivedAt))
            guard range.contains(month) else { continue }
            let weight = contact.children
            add(.contactsTotal, month, contact.id, weight: weight)
            if contact.openCaseAtReceipt {
                add(.contactsOpenCases, month, contact.id, weight: weight)
                continue
            }
            add(.contactsNewCases, month, contact.id, weight: weight)
            add(.contactSource(contact.source.group), month, contact.id, weight: weight)
            switch contact.decision?.outcome {
            case .closed:
                add(.contactOutcomeClosed, month, contact.id, weight: weight)
                add(.contactPercentageResolved, month, contact.id, weight: weight)
            case .referral:
                add(.contactOutcomeReferral, month, contact.id, weight: weight)
            case .earlyHelp, .other:
                add(.contactOutcomeOther, month, contact.id, weight: weight)
                add(.contactPercentageResolved, month, contact.id, weight: weight)
            case nil:
                break
            }
        }
        for referral in referrals {
            guard let authority = scope.authority(referral.la) else { continue }
            let calendar = authority.calendar
            if let date = referral.s47StartedAt, range.contains(ReportMonth(date)) {
                add(.s47Started, ReportMonth(date), referral.id)
            }
            if let date = referral.assessmentStartedAt, range.contains(ReportMonth(date)) {
                add(.cfAssessmentsStarted, ReportMonth(date), referral.id)
            }
            let month = ReportMonth(calendar.localDate(of: referral.referredAt))
            guard range.contains(month) else { continue }
            add(.referralsTotal, month, referral.id)
            add(.referralSource(referral.source.group), month, referral.id)
            switch referral.outcome {
            case .closed: add(.referralOutcomeClosed, month, referral.id)
            case .earlyHelp, .other: add(.referralOutcomeOther, month, referral.id)
            case .assessment:
                add(.referralOutcomeAssessment, month, referral.id)
                add(.referralPercentageProgressedToAssessment, month, referral.id)
            case nil: break
            }
            if let completed = referral.completedAt,
                completed <= calendar.adding(workingMinutes: authority.referralTimescale * calendar.hours.minutesPerDay, to: referral.referredAt)
            {
                add(.referralTimelinessPercentage, month, referral.id)
            }
        }
        return tallies
    }

    static func shifted(_ month: ReportMonth, by months: Int) -> ReportMonth {
        let index = month.year * 12 + month.month - 1 + months
        return ReportMonth(year: index / 12, month: index % 12 + 1)!
    }

    static let scopes = [ReportScope(HubReportTests.hampshire), ReportScope(HubReportTests.wight), HubReportTests.hub]

    @Test("every figure and every list of records equals the reference's, for one authority and for the hub")
    func equalsReference() async {
        let months = Gen.int(in: 0...23).map { Self.shifted(F.month("2019-01"), by: $0) }
        await propertyCheck(count: 40, input: Gen.uint64(), months, Gen.int(in: 0...14), Gen.int(in: 0...2)) { seed, from, length, which in
            var rng = SeededRandom(seed: seed)
            let contacts = SyntheticReports.contacts(count: 400, rng: &rng)
            let referrals = SyntheticReports.referrals(count: 300, contacts: contacts, rng: &rng)
            let scope = Self.scopes[which]
            let through = Self.shifted(from, by: length)
            let report = Reports.monthly(scope: scope, from: from, through: through, contacts: contacts, referrals: referrals)
            let expected = Self.reference(scope: scope, from: from, through: through, contacts: contacts, referrals: referrals)
            #expect(report.months == ReportMonth.range(from: from, through: through))
            for month in ReportMonth.range(from: Self.shifted(from, by: -1), through: Self.shifted(through, by: 1)) {
                for measure in MonthlyMeasure.allCases {
                    let tally = expected[month]?[measure] ?? (0, [])
                    #expect(report.records(for: measure, month: month) == tally.ids, "\(measure) \(month)")
                    if let denominator = measure.denominator {
                        let below = expected[month]?[denominator]?.count ?? 0
                        #expect(report.value(measure, month: month) == .percentage(ExactRatio(tally.count, below)), "\(measure) \(month)")
                    } else {
                        #expect(report.value(measure, month: month) == .count(tally.count), "\(measure) \(month)")
                    }
                }
            }
        }
    }
}
