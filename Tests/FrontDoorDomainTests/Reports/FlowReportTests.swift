import Foundation
import FrontDoorDomain
import Testing

@Suite("Enquiry flow, attrition, re-referrals, assessments and rates")
struct FlowReportTests {
    typealias F = ReportFixture

    @Test("enquiry flow for a quarter against the same quarter a year earlier")
    func enquiryFlow() {
        let contacts = [
            F.contact("k1", F.london(2020, 4, 10, 10), outcome: .referral, decided: F.london(2020, 4, 11, 10)),
            // 23:30 BST on 31 March: received in March, decided in the quarter.
            F.contact("k2", F.utc(2020, 3, 31, 22, 30), outcome: .closed, decided: F.london(2020, 4, 1, 10)),
            F.contact("k3", F.london(2020, 6, 30, 10)),
            F.contact("k4", F.london(2020, 6, 29, 10), children: 2, outcome: .closed, decided: F.london(2020, 7, 1, 10)),
            F.contact("k5", F.london(2020, 1, 15, 10)),
            F.contact("k6", F.london(2019, 5, 1, 10), outcome: .closed, decided: F.london(2019, 5, 2, 10)),
            F.contact("k7", F.london(2019, 6, 30, 12), outcome: .closed, decided: F.london(2020, 2, 1, 10)),
        ]
        let referrals = [
            F.referral("q1", F.london(2020, 4, 10, 10), assessment: "2020-04-15", authorised: "2020-05-20"),
            F.referral("q2", F.london(2020, 5, 1, 10), assessment: "2020-05-05"),
            F.referral("q3", F.london(2019, 5, 1, 10), assessment: "2019-05-03", authorised: "2019-06-10"),
            F.referral("q4", F.london(2020, 3, 20, 10), assessment: "2020-03-25", authorised: "2020-04-20"),
        ]
        let report = Reports.enquiryFlow(la: "850", period: F.period("2020-04-01", "2020-06-30"), contacts: contacts, referrals: referrals)
        func now(_ m: EnquiryFlowMeasure) -> String { report.period.value(m).machine }
        func before(_ m: EnquiryFlowMeasure) -> String { report.yearEarlier.value(m).machine }
        #expect(now(.newContacts) == "4")  // k1, k3, k4 (two children)
        #expect(now(.contactsDecided) == "2")  // k1, k2
        #expect(now(.contactsLeadingToReferral) == "1")
        #expect(now(.contactsOpenAtEnd) == "4")  // k3, k4 (decided in July, two children), k5
        #expect(report.period.records(for: .contactsOpenAtEnd) == ["k3", "k4", "k5"])
        #expect(now(.referrals) == "2")
        #expect(now(.assessmentsStarted) == "2")
        #expect(now(.assessmentsCompleted) == "2")  // q1, and q4 referred in March
        // 61 working days: April 20 (Easter), May 19 (VE day, spring bank holiday), June 22.
        #expect(report.period.value(.assessmentsPerWorkingDay) == .rate(ExactRatio(2, 61), per: 1))
        #expect(before(.newContacts) == "2")
        #expect(before(.contactsDecided) == "1")
        #expect(before(.contactsLeadingToReferral) == "0")
        #expect(before(.contactsOpenAtEnd) == "1")  // k7, decided only in 2020
        #expect(before(.referrals) == "1")
        // April 2019 20, May 21, June 20.
        #expect(report.yearEarlier.value(.assessmentsPerWorkingDay) == .rate(ExactRatio(1, 61), per: 1))
        #expect(report.change(.newContacts).machine == "100.0")
        #expect(report.change(.contactsOpenAtEnd).machine == "300.0")
        #expect(report.change(.contactsLeadingToReferral).machine == "")
        #expect(report.change(.assessmentsPerWorkingDay).machine == "100.0")
        #expect(report.csv.hasPrefix("measure,period,year_earlier,change_percentage\nnew_contacts,4,2,100.0\n"))
    }

    @Test("assessments per working day are compared exactly across periods with different working days")
    func perWorkingDayChange() {
        // May 2020 has 19 working days, May 2019 21: 19 a day ago 1.0, 42 a year earlier 2.0: -50%.
        let now = (0..<19).map { F.referral("n\($0)", F.london(2020, 5, 1, 10), assessment: "2020-05-04") }
        let before = (0..<42).map { F.referral("b\($0)", F.london(2019, 5, 1, 10), assessment: "2019-05-02") }
        let report = Reports.enquiryFlow(la: "850", period: F.period("2020-05-01", "2020-05-31"), contacts: [], referrals: now + before)
        #expect(report.period.value(.assessmentsPerWorkingDay).machine == "1.0")
        #expect(report.yearEarlier.value(.assessmentsPerWorkingDay).machine == "2.0")
        #expect(report.change(.assessmentsPerWorkingDay).machine == "-50.0")
    }

    @Test("attrition by source: what each group's contacts became, as a share of its contacts")
    func attrition() {
        let contacts = [
            F.contact("e1", F.london(2016, 10, 3, 10), source: .schools, children: 2),
            F.contact("e2", F.london(2016, 10, 5, 10), source: .educationServices),
            F.contact("e3", F.london(2016, 9, 30, 10), source: .schools),
            F.contact("p1", F.london(2016, 10, 6, 10), source: .police),
            F.contact("h1", F.london(2016, 10, 7, 10), source: .accidentAndEmergency),
        ]
        let referrals = [
            F.referral("ra", F.london(2016, 10, 4, 10), contact: "e1", strategy: F.london(2016, 10, 4, 15), s47: "2016-10-05",
                       assessment: "2016-10-05", icpc: "2016-10-20"),
            F.referral("rb", F.london(2016, 10, 4, 10), contact: "e1", assessment: "2016-10-06"),
            F.referral("rc", F.london(2016, 10, 6, 10), contact: "e2"),
            F.referral("rd", F.london(2016, 11, 6, 10), contact: "p1", strategy: F.london(2016, 11, 6, 15), s47: "2016-11-07"),
            F.referral("re", F.london(2016, 10, 1, 10), contact: "e3", assessment: "2016-10-02"),
            F.referral("rf", F.london(2016, 10, 1, 10), assessment: "2016-10-02"),
        ]
        let report = Reports.attritionBySource(la: "850", period: F.period("2016-10-01", "2016-10-31"), contacts: contacts, referrals: referrals)
        func row(_ group: SourceGroup?) -> [String] {
            AttritionStep.allCases.map { "\(report.count($0, group: group)) \(report.percentageOfContacts($0, group: group).machine)" }
        }
        #expect(row(.education) == ["3 100.0", "3 100.0", "2 66.7", "1 33.3", "1 33.3", "1 33.3"])
        #expect(row(.police) == ["1 100.0", "1 100.0", "0 0.0", "1 100.0", "1 100.0", "0 0.0"])
        #expect(row(.health) == ["1 100.0", "0 0.0", "0 0.0", "0 0.0", "0 0.0", "0 0.0"])
        #expect(row(.other) == ["0 ", "0 ", "0 ", "0 ", "0 ", "0 "])
        #expect(row(nil) == ["5 100.0", "4 80.0", "2 40.0", "2 40.0", "2 40.0", "1 20.0"])
        #expect(report.records(for: .contacts, group: .education) == ["e1", "e2"])
        #expect(report.records(for: .assessments, group: .education) == ["ra", "rb"])
        #expect(report.humanLines(group: .education) == [
            "3 contacts", "3 (100%) became referrals", "2 (67%) became assessments", "1 (33%) became strategy discussions",
            "1 (33%) became S47 enquiries", "1 (33%) went to an initial child protection conference",
        ])
        #expect(report.csv.contains("education,assessments,2,66.7\n"))
        #expect(report.csv.contains("all,initial_child_protection_conferences,1,20.0\n"))
    }

    @Test("re-referrals within 12 months of the same child's previous referral")
    func reReferrals() {
        let referrals = [
            // Exactly twelve months: a re-referral.
            F.referral("a1", F.london(2019, 5, 1, 10), child: "A"), F.referral("a2", F.london(2020, 5, 1, 10), child: "A"),
            // Twelve months and a day: not.
            F.referral("b1", F.london(2019, 4, 30, 10), child: "B"), F.referral("b2", F.london(2020, 5, 1, 10), child: "B"),
            // Ten days apart, both in May: the second is a re-referral.
            F.referral("c1", F.london(2020, 5, 10, 10), child: "C"), F.referral("c2", F.london(2020, 5, 20, 10), child: "C"),
            F.referral("e1", F.london(2020, 5, 15, 10), child: "E"),
            // Two referrals of one child at the same instant: neither is the other's previous.
            F.referral("f1", F.london(2020, 5, 12, 10), child: "F"), F.referral("f2", F.london(2020, 5, 12, 10), child: "F"),
            // 00:30 BST on 1 May 2019 is 23:30Z on 30 April, but 1 May in London: twelve months to 1 May 2020.
            F.referral("g1", F.utc(2019, 4, 30, 23, 30), child: "G"), F.referral("g2", F.london(2020, 5, 1, 12), child: "G"),
            // Another authority's referral of a child with the same id is not a previous referral here.
            F.referral("x1", F.london(2020, 4, 1, 10), child: "E", la: "921"),
        ]
        let report = Reports.reReferrals(la: "850", period: F.period("2020-05-01", "2020-05-31"), referrals: referrals)
        #expect(report.value(.referrals) == .count(8))
        #expect(report.value(.reReferrals) == .count(3))
        #expect(report.value(.reReferralPercentage).machine == "37.5")
        #expect(Set(report.records(for: .reReferrals)) == ["a2", "c2", "g2"])
        #expect(report.relatedRecord(of: "a2") == "a1")
        #expect(report.relatedRecord(of: "c2") == "c1")
        #expect(report.relatedRecord(of: "b2") == nil)
    }

    @Test("assessments authorised within 45 working days of the referral")
    func assessments() {
        // From Monday 1 July 2019: 22 working days to 31 July, 21 in August (26th a bank holiday) = 43 by
        // Friday 30 August; Monday 2 September is the 44th, Tuesday 3 September the 45th.
        let referrals = [
            F.referral("a1", F.london(2019, 7, 1, 10), authorised: "2019-09-03"),
            F.referral("a2", F.london(2019, 7, 1, 10), authorised: "2019-09-04"),
            F.referral("a3", F.london(2019, 7, 1, 10), authorised: "2019-08-30"),
            // 23:30 BST on Friday 30 August is still the 30th in London: one working day to Monday 2 September.
            F.referral("a4", F.utc(2019, 8, 30, 22, 30), authorised: "2019-09-02"),
        ]
        let report = Reports.assessmentTimeliness(la: "850", period: F.period("2019-09-01", "2019-09-30"), referrals: referrals)
        #expect(report.value(.timescaleWorkingDays) == .count(45))
        #expect(report.value(.assessmentsAuthorised) == .count(3))
        #expect(report.value(.withinTimescale) == .count(2))
        #expect(report.value(.withinTimescalePercentage).machine == "66.7")
        #expect(report.records(for: .withinTimescale) == ["a1", "a4"])
        let calendar = WorkingCalendar()
        #expect(calendar.workingDays(from: F.date("2019-07-01"), to: F.date("2019-09-03")) == 45)
    }

    @Test("rates per 10,000 children: 4,590 referrals among 120,000 children is 382.5")
    func rates() {
        let referrals = (0..<4590).map { F.referral("r\($0)", F.london(2021, 5, 10, 10), assessment: $0 < 7 ? "2021-05-12" : nil) }
        let report = Reports.ratesPer10000(la: "850", period: F.period("2021-04-01", "2021-06-30"), childPopulation: 120_000, referrals: referrals)
        #expect(report.value(.referralsPer10000).machine == "382.5")
        #expect(report.value(.assessmentsPer10000).machine == "0.6")
        #expect(report.value(.childPopulation) == .count(120_000))
        #expect(report.records(for: .assessmentsStarted).count == 7)
        #expect(report.csv == """
            measure,value
            child_population,120000
            referrals,4590
            referrals_per_10000_children,382.5
            assessments_started,7
            assessments_started_per_10000_children,0.6

            """)
        let unknown = Reports.ratesPer10000(la: "850", period: F.period("2021-04-01", "2021-06-30"), childPopulation: 0, referrals: referrals)
        #expect(unknown.value(.referralsPer10000).machine == "")
    }
}
