import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Report properties over random histories")
struct ReportPropertyTests {
    typealias F = ReportFixture
    static let from = F.month("2019-01")
    static let through = F.month("2020-12")
    static let months = ReportMonth.range(from: from, through: through)

    static func history(_ seed: UInt64) -> ([ReportContact], [ReportReferral]) {
        var rng = SeededRandom(seed: seed)
        let contacts = SyntheticReports.contacts(count: 300, rng: &rng)
        let referrals = SyntheticReports.referrals(count: 200, contacts: contacts, rng: &rng)
        return (contacts, referrals)
    }

    static func count(_ report: MonthlyReport, _ measure: MonthlyMeasure, _ month: ReportMonth) -> Int {
        report.value(measure, month: month).count ?? -1
    }

    @Test("monthly: totals are open plus new, sources sum to new cases, outcomes never exceed contacts")
    func monthlyIdentities() async {
        await propertyCheck(count: 25, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            let report = Reports.monthly(la: "850", from: Self.from, through: Self.through, contacts: contacts, referrals: referrals)
            for month in Self.months {
                func n(_ measure: MonthlyMeasure) -> Int { Self.count(report, measure, month) }
                #expect(n(.contactsTotal) == n(.contactsOpenCases) + n(.contactsNewCases))
                #expect(SourceGroup.allCases.map { n(.contactSource($0)) }.reduce(0, +) == n(.contactsNewCases))
                #expect(n(.contactOutcomeClosed) + n(.contactOutcomeReferral) + n(.contactOutcomeOther) <= n(.contactsNewCases))
                #expect(SourceGroup.allCases.map { n(.referralSource($0)) }.reduce(0, +) == n(.referralsTotal))
                #expect(n(.referralOutcomeClosed) + n(.referralOutcomeOther) + n(.referralOutcomeAssessment) <= n(.referralsTotal))
                // Resolved is exactly closed plus other over new cases.
                let resolved = report.value(.contactPercentageResolved, month: month).ratio
                #expect(resolved?.numerator ?? 0 == n(.contactOutcomeClosed) + n(.contactOutcomeOther))
                #expect((resolved == nil) == (n(.contactsNewCases) == 0))
                for measure in MonthlyMeasure.allCases where measure.isPercentage {
                    if let ratio = report.value(measure, month: month).ratio {
                        #expect((0...1000).contains(ratio.rounded(scale: 100, decimals: 1)), "\(measure) \(month)")
                        #expect(ratio.numerator <= ratio.denominator)
                    }
                }
            }
        }
    }

    @Test("monthly: each figure is the sum of the records it names, counting a contact once per child")
    func monthlyTraces() async {
        await propertyCheck(count: 25, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            let children = Dictionary(uniqueKeysWithValues: contacts.map { ($0.id, $0.children) })
            let report = Reports.monthly(la: "850", from: Self.from, through: Self.through, contacts: contacts, referrals: referrals)
            for month in Self.months {
                for measure in MonthlyMeasure.allCases {
                    let trace = report.trace(for: measure, month: month)
                    let weight = trace.records.map { children[$0] ?? 1 }.reduce(0, +)
                    if let ratio = report.value(measure, month: month).ratio {
                        #expect(ratio.numerator == weight)
                        #expect(ratio.denominator == trace.denominator?.map { children[$0] ?? 1 }.reduce(0, +))
                    } else if let count = report.value(measure, month: month).count {
                        #expect(count == weight, "\(measure) \(month)")
                    }
                    #expect(Set(trace.records).count == trace.records.count)
                }
            }
        }
    }

    @Test("monthly: the figures from the contacts grouped by month, source, open case and outcome are the figures from the contacts, for an authority and a hub")
    func monthlyFromGroups() async {
        let scopes = [
            ReportScope(.init(code: "850", calendar: WorkingCalendar(), referralTimescale: 2)),
            ReportScope(hub: [.init(code: "850", calendar: WorkingCalendar(), referralTimescale: 2), .init(code: "921", calendar: WorkingCalendar(), referralTimescale: 1)]),
        ]
        await propertyCheck(count: 25, input: Gen.uint64()) { seed in
            let (once, referrals) = Self.history(seed)
            // Each contact twice (under another id), so that every group stands for several.
            let contacts = once + once.map { contact in
                var again = contact
                again.id += "-again"
                return again
            }
            let children = Dictionary(uniqueKeysWithValues: contacts.map { ($0.id, $0.children) })
            for scope in scopes {
                let full = Reports.monthly(scope: scope, from: Self.from, through: Self.through, contacts: contacts, referrals: referrals)
                let groups = ReportContact.grouped(contacts, scope: scope)
                #expect(groups.count <= contacts.count / 2)
                #expect(groups.allSatisfy { $0.id.isEmpty })
                let inScope: [ReportContact] = contacts.filter { scope.authority($0.la) != nil }
                let groupedChildren: Int = groups.map(\.children).reduce(0, +)
                #expect(groupedChildren == inScope.map(\.children).reduce(0, +))
                let counted = Reports.monthly(scope: scope, from: Self.from, through: Self.through, contacts: groups, referrals: referrals, keepingRecords: false)
                #expect(counted.csv == full.csv)
                for month in Self.months {
                    for measure in MonthlyMeasure.allCases {
                        #expect(counted.records(for: measure, month: month).isEmpty)
                        let weight: Int = full.records(for: measure, month: month).map { children[$0] ?? 1 }.reduce(0, +)
                        #expect(counted.counted(measure, month: month) == weight)
                    }
                }
            }
        }
    }

    @Test("monthly: every contact of the authority falls in exactly one London month")
    func monthlyPartition() async {
        var london = Calendar(identifier: .gregorian)
        london.timeZone = F.london
        await propertyCheck(count: 25, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            let report = Reports.monthly(la: "850", from: Self.from, through: Self.through, contacts: contacts, referrals: referrals)
            for contact in contacts where contact.la == "850" {
                let parts = london.dateComponents([.year, .month], from: contact.receivedAt)
                let expected = ReportMonth(year: parts.year!, month: parts.month!)!
                let found = Self.months.filter { report.records(for: .contactsTotal, month: $0).contains(contact.id) }
                #expect(found == (Self.months.contains(expected) ? [expected] : []), "\(contact.id)")
            }
        }
    }

    @Test("monthly: another authority's records change nothing, and a longer timescale is never less timely")
    func monthlyIsolation() async {
        await propertyCheck(count: 15, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            let all = Reports.monthly(la: "850", from: Self.from, through: Self.through, contacts: contacts, referrals: referrals)
            let own = Reports.monthly(
                la: "850", from: Self.from, through: Self.through, contacts: contacts.filter { $0.la == "850" },
                referrals: referrals.filter { $0.la == "850" })
            #expect(all.csv == own.csv)
            let longer = Reports.monthly(la: "850", from: Self.from, through: Self.through, contacts: contacts, referrals: referrals, referralTimescale: 3)
            for month in Self.months {
                let two = all.value(.referralTimelinessPercentage, month: month).ratio?.numerator ?? 0
                let three = longer.value(.referralTimelinessPercentage, month: month).ratio?.numerator ?? 0
                #expect(two <= three)
            }
        }
    }

    @Test("timeliness by RAG is exactly each contact's own decision clock, and overall is the sum of the ratings")
    func ragMatchesClocks() async {
        let calendar = WorkingCalendar()
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let (contacts, _) = Self.history(seed)
            let period = F.period("2019-01-01", "2020-12-31")
            let report = Reports.timelinessByRAG(la: "850", period: period, contacts: contacts)
            let within = Set(report.trace(for: .overall).records)
            for contact in contacts where contact.la == "850" {
                guard let decision = contact.decision, period.contains(calendar.localDate(of: decision.decidedAt)) else { continue }
                let clocks = ContactClocks(
                    receivedAt: contact.receivedAt, rag: contact.rag, decidedAt: decision.decidedAt, now: decision.decidedAt,
                    policy: .standard, calendar: calendar)
                #expect(within.contains(contact.id) == !clocks.decision.breached, "\(contact.id)")
            }
            let rows = [RAGRow.red, .amber, .green, .unrated].map(report.row)
            #expect(rows.map(\.decided).reduce(0, +) == report.row(.overall).decided)
            #expect(rows.map(\.decidedWithinTime).reduce(0, +) == report.row(.overall).decidedWithinTime)
            for row in report.rows { #expect(row.decidedWithinTime <= row.decided) }
        }
    }

    @Test("decisions within one working day are exactly the statutory clock; within one never exceeds within three")
    func decisionsMatchClocks() async {
        let calendar = WorkingCalendar()
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let (contacts, _) = Self.history(seed)
            let period = F.period("2019-01-01", "2020-12-31")
            let report = Reports.decisionTimeliness(la: "850", period: period, contacts: contacts)
            let withinOne = Set(report.records(for: .withinOneWorkingDay))
            for contact in contacts where contact.la == "850" {
                guard let decision = contact.decision, period.contains(calendar.localDate(of: decision.decidedAt)) else { continue }
                let clocks = ContactClocks(
                    receivedAt: contact.receivedAt, rag: contact.rag, decidedAt: decision.decidedAt, now: decision.decidedAt,
                    policy: .standard, calendar: calendar)
                #expect(withinOne.contains(contact.id) == !clocks.oneWorkingDay.breached)
            }
            let one = report.value(.withinOneWorkingDay).count!
            let three = report.value(.withinThreeWorkingDays).count!
            #expect(one <= three)
            #expect(three <= report.value(.contactsDecided).count!)
            #expect(Set(report.records(for: .withinOneWorkingDay)).isSubset(of: Set(report.records(for: .withinThreeWorkingDays))))
        }
    }

    @Test("attrition: each step is a subset of the step before it is counted on; the groups add up to all sources")
    func attrition() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            let report = Reports.attritionBySource(la: "850", period: F.period("2019-01-01", "2020-12-31"), contacts: contacts, referrals: referrals)
            for step in AttritionStep.allCases {
                #expect(SourceGroup.allCases.map { report.count(step, group: $0) }.reduce(0, +) == report.count(step, group: nil))
            }
            for group in SourceGroup.allCases.map(Optional.some) + [nil] {
                let referred = Set(report.records(for: .referrals, group: group))
                for step in AttritionStep.allCases.dropFirst(2) {
                    #expect(Set(report.records(for: step, group: group)).isSubset(of: referred))
                    #expect(report.count(step, group: group) <= report.count(.referrals, group: group))
                }
            }
        }
    }

    @Test("enquiry flow: contacts open at the end are those open at the start, plus new, less decided")
    func flowBalance() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let (contacts, referrals) = Self.history(seed)
            // With every decision recorded after receipt, open(end) = open(start) + new − decided.
            let valid = contacts.filter { ($0.decision?.decidedAt ?? .distantFuture) >= $0.receivedAt }
            let quarter = Reports.enquiryFlow(la: "850", period: F.period("2020-04-01", "2020-06-30"), contacts: valid, referrals: referrals)
            let before = Reports.enquiryFlow(la: "850", period: F.period("2000-01-01", "2020-03-31"), contacts: valid, referrals: referrals)
            let openAtStart = before.period.value(.contactsOpenAtEnd).count!
            let new = quarter.period.value(.newContacts).count!
            let decided = quarter.period.value(.contactsDecided).count!
            #expect(quarter.period.value(.contactsOpenAtEnd).count! == openAtStart + new - decided)
            #expect(quarter.period.value(.contactsLeadingToReferral).count! <= decided)
        }
    }

    @Test("re-referrals never exceed referrals, and each names an earlier referral of the same child")
    func reReferrals() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let (_, referrals) = Self.history(seed)
            let byId = Dictionary(uniqueKeysWithValues: referrals.map { ($0.id, $0) })
            let report = Reports.reReferrals(la: "850", period: F.period("2020-01-01", "2020-12-31"), referrals: referrals)
            #expect(report.value(.reReferrals).count! <= report.value(.referrals).count!)
            for id in report.records(for: .reReferrals) {
                guard let previous = report.relatedRecord(of: id).flatMap({ byId[$0] }), let current = byId[id] else {
                    Issue.record("no previous referral for \(id)")
                    continue
                }
                #expect(previous.childId == current.childId)
                #expect(previous.referredAt < current.referredAt)
                #expect(current.referredAt.timeIntervalSince(previous.referredAt) <= 367 * 86_400)
            }
        }
    }
}
