import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

/// The whole hub's reports (issue #7): counts are the sums of the authorities' counts; every
/// other figure is worked out again from the union of the records, by its own definition.
@Suite("Reports for the whole hub")
struct HubReportTests {
    typealias F = ReportFixture
    /// Hampshire: 09:00-17:00 Monday to Friday, the standard clocks, two working days for a referral.
    static let hampshire = ReportScope.Authority(code: "850", childPopulation: 283_000)
    /// The Isle of Wight here works 08:30-17:30 Monday to Thursday, with a shorter red clock and
    /// three working days for a referral, so that every rule that depends on the authority differs.
    static let wight = ReportScope.Authority(
        code: "921",
        calendar: WorkingCalendar(hours: try! WorkingHours(start: 510, end: 1050, weekdays: [1, 2, 3, 4])),
        clockPolicy: ClockPolicy(red: 120, amber: 480, green: 1440, unrated: 1440), referralTimescale: 3, childPopulation: 24_500
    )
    static let hub = ReportScope(hub: [wight, hampshire])
    static let alone = [ReportScope(hampshire), ReportScope(wight)]
    static let period = F.period("2020-01-01", "2020-06-30")

    static func history(_ seed: UInt64) -> ([ReportContact], [ReportReferral]) {
        var rng = SeededRandom(seed: seed)
        let contacts = SyntheticReports.contacts(count: 300, rng: &rng)
        let referrals = SyntheticReports.referrals(count: 200, contacts: contacts, rng: &rng)
        return (contacts, referrals)
    }

    /// An additive figure: the hub's count is the sum of the authorities' counts.
    static func expectSum(_ hub: ReportValue, _ parts: [ReportValue], _ what: String) {
        #expect(hub.count != nil && hub.count == parts.map { $0.count ?? 0 }.reduce(0, +), "\(what)")
    }

    /// A ratio of counts from the union: the sum of the numerators over the sum of the denominators
    /// (so never the average of the authorities' percentages).
    static func expectRatioOfSums(_ hub: ReportValue, _ parts: [ReportValue], _ what: String) {
        let numerator = parts.map { $0.ratio?.numerator ?? 0 }.reduce(0, +)
        let denominator = parts.map { $0.ratio?.denominator ?? 0 }.reduce(0, +)
        #expect(hub.ratio?.numerator == (denominator == 0 ? nil : numerator), "\(what)")
        #expect(hub.ratio?.denominator == (denominator == 0 ? nil : denominator), "\(what)")
    }

    @Test("monthly: every count is the authorities' sum, every percentage the union's numerator over its denominator, every figure's records the union")
    func monthly() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            let from = F.month("2019-01"), through = F.month("2020-12")
            let hub = Reports.monthly(scope: Self.hub, from: from, through: through, contacts: contacts, referrals: referrals)
            let parts = Self.alone.map { Reports.monthly(scope: $0, from: from, through: through, contacts: contacts, referrals: referrals) }
            #expect(hub.la == "hub")
            for month in ReportMonth.range(from: from, through: through) {
                for measure in MonthlyMeasure.allCases {
                    let values = parts.map { $0.value(measure, month: month) }
                    if measure.isPercentage {
                        Self.expectRatioOfSums(hub.value(measure, month: month), values, "\(measure) \(month)")
                    } else {
                        Self.expectSum(hub.value(measure, month: month), values, "\(measure) \(month)")
                    }
                    #expect(Set(hub.records(for: measure, month: month)) == Set(parts.flatMap { $0.records(for: measure, month: month) }))
                }
            }
        }
    }

    @Test("monthly: a referral is timely by its own authority's hours and timescale")
    func monthlyTimelinessByAuthority() {
        // Both referred at 10:00 on Monday 6 January 2020 and completed at 10:00 on Thursday the 9th:
        // late in Hampshire (two working days: due Wednesday 10:00), in time on the island (three
        // working days of nine hours: due Thursday 10:00).
        let referred = F.london(2020, 1, 6, 10), completed = F.london(2020, 1, 9, 10)
        let referrals = [
            F.referral("R850", referred, completed: completed, la: "850"),
            F.referral("R921", referred, completed: completed, la: "921"),
        ]
        let report = Reports.monthly(scope: Self.hub, from: F.month("2020-01"), through: F.month("2020-01"), contacts: [], referrals: referrals)
        #expect(report.value(.referralTimelinessPercentage, month: F.month("2020-01")).ratio == ExactRatio(1, 2))
        #expect(report.records(for: .referralTimelinessPercentage, month: F.month("2020-01")) == ["R921"])
    }

    @Test("the other tables: counts add up, percentages and rates come from the union, re-referrals stay within an authority")
    func tables() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            let period = Self.period

            let rag = Reports.timelinessByRAG(scope: Self.hub, period: period, contacts: contacts)
            let ragParts = Self.alone.map { Reports.timelinessByRAG(scope: $0, period: period, contacts: contacts) }
            for row in RAGRow.allCases {
                #expect(rag.row(row).decided == ragParts.map { $0.row(row).decided }.reduce(0, +))
                #expect(rag.row(row).decidedWithinTime == ragParts.map { $0.row(row).decidedWithinTime }.reduce(0, +))
                Self.expectRatioOfSums(rag.row(row).percentage, ragParts.map { $0.row(row).percentage }, "rag \(row)")
            }
            // Red differs between the authorities, so the hub shows no single allowance for it.
            #expect(rag.row(.red).workingMinutesAllowed == nil)
            #expect(rag.row(.amber).workingMinutesAllowed == 480)

            let decisions = Reports.decisionTimeliness(scope: Self.hub, period: period, contacts: contacts)
            let decisionParts = Self.alone.map { Reports.decisionTimeliness(scope: $0, period: period, contacts: contacts) }
            for measure in DecisionTimelinessMeasure.allCases {
                let parts = decisionParts.map { $0.value(measure) }
                if case .count = decisions.value(measure) { Self.expectSum(decisions.value(measure), parts, "\(measure)") }
                else { Self.expectRatioOfSums(decisions.value(measure), parts, "\(measure)") }
            }

            let assessments = Reports.assessmentTimeliness(scope: Self.hub, period: period, referrals: referrals)
            let assessmentParts = Self.alone.map { Reports.assessmentTimeliness(scope: $0, period: period, referrals: referrals) }
            // The timescale is a setting, not a count of records: the same 45 days for the hub.
            #expect(assessments.value(.timescaleWorkingDays) == .count(45))
            for measure in AssessmentTimelinessMeasure.allCases where measure != .timescaleWorkingDays {
                let parts = assessmentParts.map { $0.value(measure) }
                if case .count = assessments.value(measure) { Self.expectSum(assessments.value(measure), parts, "\(measure)") }
                else { Self.expectRatioOfSums(assessments.value(measure), parts, "\(measure)") }
            }

            let attrition = Reports.attritionBySource(scope: Self.hub, period: period, contacts: contacts, referrals: referrals)
            let attritionParts = Self.alone.map { Reports.attritionBySource(scope: $0, period: period, contacts: contacts, referrals: referrals) }
            for group in SourceGroup.allCases.map({ $0 }) + [nil] as [SourceGroup?] {
                for step in AttritionStep.allCases {
                    #expect(attrition.count(step, group: group) == attritionParts.map { $0.count(step, group: group) }.reduce(0, +))
                    Self.expectRatioOfSums(
                        attrition.percentageOfContacts(step, group: group), attritionParts.map { $0.percentageOfContacts(step, group: group) }, "\(step)")
                }
            }

            // Re-referrals: the same child ids occur in both authorities, but a previous referral
            // counts only in the same authority, so the hub's re-referrals are the authorities' added.
            let again = Reports.reReferrals(scope: Self.hub, period: period, referrals: referrals)
            let againParts = Self.alone.map { Reports.reReferrals(scope: $0, period: period, referrals: referrals) }
            Self.expectSum(again.value(.referrals), againParts.map { $0.value(.referrals) }, "referrals")
            Self.expectSum(again.value(.reReferrals), againParts.map { $0.value(.reReferrals) }, "re-referrals")
            Self.expectRatioOfSums(again.value(.reReferralPercentage), againParts.map { $0.value(.reReferralPercentage) }, "re-referral %")
            for id in again.records(for: .reReferrals) {
                let previous = again.relatedRecord(of: id).flatMap { p in referrals.first { $0.id == p } }
                #expect(previous?.la == referrals.first { $0.id == id }?.la)
            }

            // Rates per 10,000: the authorities' referrals over their populations added together.
            let rates = Reports.ratesPer10000(scope: Self.hub, period: period, referrals: referrals)
            let rateParts = Self.alone.map { Reports.ratesPer10000(scope: $0, period: period, referrals: referrals) }
            #expect(rates.value(.childPopulation) == .count(283_000 + 24_500))
            for measure in [RateMeasure.referrals, .assessmentsStarted] {
                Self.expectSum(rates.value(measure), rateParts.map { $0.value(measure) }, "\(measure)")
            }
            for measure in [RateMeasure.referralsPer10000, .assessmentsPer10000] {
                Self.expectRatioOfSums(rates.value(measure), rateParts.map { $0.value(measure) }, "\(measure)")
                #expect(rates.value(measure).ratio?.denominator == 307_500)
            }

            // Enquiry flow: counts add up; assessments per working day are the hub's assessments over
            // the hub's working days (Hampshire's five-day weeks cover the island's four), and the
            // change on a year earlier is worked out from the hub's own figures.
            let flow = Reports.enquiryFlow(scope: Self.hub, period: period, contacts: contacts, referrals: referrals)
            let flowParts = Self.alone.map { Reports.enquiryFlow(scope: $0, period: period, contacts: contacts, referrals: referrals) }
            for measure in EnquiryFlowMeasure.allCases where measure != .assessmentsPerWorkingDay {
                Self.expectSum(flow.period.value(measure), flowParts.map { $0.period.value(measure) }, "\(measure)")
                Self.expectSum(flow.yearEarlier.value(measure), flowParts.map { $0.yearEarlier.value(measure) }, "\(measure) a year earlier")
                let now = flow.period.value(measure).count ?? 0, before = flow.yearEarlier.value(measure).count ?? 0
                #expect(flow.change(measure).ratio == ExactRatio(now - before, before))
            }
            let started = flow.period.value(.assessmentsStarted).count ?? 0
            #expect(flow.period.value(.assessmentsPerWorkingDay).ratio == ExactRatio(started, period.workingDays(in: WorkingCalendar())))
        }
    }

    @Test("a child referred in one authority and then in another within 12 months is not a re-referral, even for the hub")
    func reReferralWithinAnAuthority() {
        let referrals = [
            F.referral("first", F.london(2020, 1, 6, 10), child: "child-1", la: "850"),
            F.referral("island", F.london(2020, 3, 2, 10), child: "child-1", la: "921"),
            F.referral("again", F.london(2020, 4, 6, 10), child: "child-1", la: "850"),
        ]
        let report = Reports.reReferrals(scope: Self.hub, period: F.period("2020-02-01", "2020-06-30"), referrals: referrals)
        #expect(report.value(.referrals) == .count(2))
        #expect(report.records(for: .reReferrals) == ["again"])
        #expect(report.relatedRecord(of: "again") == "first")
        #expect(report.value(.reReferralPercentage).ratio == ExactRatio(1, 2))
    }

    @Test("the hub's working days: a day on which any of its authorities works")
    func workingDays() {
        // Friday 10 January 2020 is worked in Hampshire only; both work the 6th to the 9th.
        let week = F.period("2020-01-06", "2020-01-12")
        #expect(ReportScope(Self.wight).workingDays(in: week) == 4)
        #expect(Self.hub.workingDays(in: week) == 5)
        #expect(ReportScope(hub: [Self.wight]).workingDays(in: week) == 4)
        #expect(Self.hub.childPopulation == 307_500)
        #expect(ReportScope(hub: [Self.hampshire, ReportScope.Authority(code: "999")]).childPopulation == nil)
    }
}
