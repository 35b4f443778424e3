import Foundation
import FrontDoorDomain
import Testing

@Suite("The monthly front-door report")
struct MonthlyReportTests {
    typealias F = ReportFixture

    static func report(_ contacts: [ReportContact], _ referrals: [ReportReferral] = [], from: String = "2019-07", through: String = "2019-07") -> MonthlyReport {
        Reports.monthly(la: "850", from: F.month(from), through: F.month(through), contacts: contacts, referrals: referrals)
    }

    @Test("a contact received at 23:30 on 31 March (BST) belongs to March; one at 00:30 on 1 April (BST) to April, although that is 23:30Z on 31 March")
    func monthsInLondon() {
        let march = F.contact("late-march", F.utc(2019, 3, 31, 22, 30))   // 23:30 BST, the first day of summer time
        let april = F.contact("early-april", F.utc(2019, 3, 31, 23, 30))  // 00:30 BST on 1 April
        let report = Self.report([march, april], from: "2019-03", through: "2019-04")
        #expect(report.records(for: .contactsTotal, month: F.month("2019-03")) == ["late-march"])
        #expect(report.records(for: .contactsTotal, month: F.month("2019-04")) == ["early-april"])
    }

    @Test("in winter London time is UTC: 23:30Z on 31 December is December, 00:30Z on 1 January is January")
    func monthsInWinter() {
        let report = Self.report(
            [F.contact("dec", F.utc(2019, 12, 31, 23, 30)), F.contact("jan", F.utc(2020, 1, 1, 0, 30))], from: "2019-12", through: "2020-01")
        #expect(report.records(for: .contactsTotal, month: F.month("2019-12")) == ["dec"])
        #expect(report.records(for: .contactsTotal, month: F.month("2020-01")) == ["jan"])
    }

    /// July 2019 in one authority, every measure worked out by hand below.
    static let july: (contacts: [ReportContact], referrals: [ReportReferral]) = {
        let contacts = [
            F.contact("c1", F.london(2019, 7, 1, 9), source: .police, open: true, outcome: .closed),
            F.contact("c2", F.london(2019, 7, 2, 9), source: .gp, open: true, children: 2),
            F.contact("c3", F.london(2019, 7, 3, 9), source: .schools, children: 2, outcome: .closed),
            F.contact("c4", F.london(2019, 7, 4, 9), source: .healthVisitor, outcome: .referral),
            F.contact("c5", F.london(2019, 7, 5, 9), source: .police, children: 3, outcome: .earlyHelp),
            F.contact("c6", F.london(2019, 7, 8, 9), source: .other, outcome: .other),
            F.contact("c7", F.london(2019, 7, 9, 9), source: .police),
            F.contact("c8", F.london(2019, 7, 31, 23, 59), source: .familyMember, outcome: .referral),
            F.contact("other-la", F.london(2019, 7, 10, 9), source: .police, children: 5, outcome: .closed, la: "921"),
            F.contact("june", F.london(2019, 6, 30, 23, 30), source: .police, outcome: .closed),
            F.contact("august", F.london(2019, 8, 1, 0, 30), source: .police, outcome: .closed),
        ]
        let referrals = [
            // Monday 10:00; two working days later is Wednesday 10:00, when it was completed: in time.
            F.referral("r1", F.london(2019, 7, 1, 10), source: .schools, completed: F.london(2019, 7, 3, 10), outcome: .assessment,
                       s47: "2019-07-03", assessment: "2019-07-04"),
            // Friday 16:00: 1 hour Friday, 8 Monday, 7 Tuesday: due Tuesday 16:00; a second late.
            F.referral("r2", F.london(2019, 7, 5, 16), source: .police, completed: F.london(2019, 7, 9, 16, 0, 1), outcome: .closed),
            // Saturday: the clock starts Monday 09:00 and runs out Tuesday 17:00; completed 16:59.
            F.referral("r3", F.london(2019, 7, 6, 12), source: .gp, completed: F.london(2019, 7, 9, 16, 59), outcome: .earlyHelp),
            // 23:30 BST on 31 July: July. Not completed, so not in time.
            F.referral("r4", F.utc(2019, 7, 31, 22, 30), source: .other),
            // 00:30 BST on 1 August: August. Its section 47 enquiry started in July, so it counts in July's S47.
            F.referral("r5", F.utc(2019, 7, 31, 23, 30), source: .police, s47: "2019-07-31", assessment: "2019-08-01"),
            // A June referral whose assessment started in July.
            F.referral("r6", F.london(2019, 6, 28, 10), source: .police, completed: F.london(2019, 6, 28, 11), outcome: .assessment, assessment: "2019-07-02"),
            F.referral("r7", F.london(2019, 7, 10, 10), source: .police, outcome: .assessment, s47: "2019-07-10", assessment: "2019-07-10", la: "921"),
        ]
        return (contacts, referrals)
    }()

    @Test("every measure of a hand-built July")
    func everyMeasure() {
        let report = Self.report(Self.july.contacts, Self.july.referrals)
        let m = F.month("2019-07")
        func value(_ measure: MonthlyMeasure) -> String { report.value(measure, month: m).machine }
        // Contacts count once per child: open cases c1 (1) + c2 (2).
        #expect(value(.contactsOpenCases) == "3")
        // New cases: c3 2, c4 1, c5 3, c6 1, c7 1, c8 1.
        #expect(value(.contactsNewCases) == "9")
        #expect(value(.contactsTotal) == "12")
        #expect(value(.contactSourceEducation) == "2")
        #expect(value(.contactSourceHealth) == "1")
        #expect(value(.contactSourcePolice) == "4")
        #expect(value(.contactSourceOther) == "2")
        #expect(value(.contactOutcomeClosed) == "2")
        #expect(value(.contactOutcomeReferral) == "2")
        #expect(value(.contactOutcomeOther) == "4")
        // Resolved: c3 2 + c5 3 + c6 1 = 6 of 9; c7 is undecided and counts as not resolved.
        #expect(value(.contactPercentageResolved) == "66.7")
        #expect(report.value(.contactPercentageResolved, month: m).human == "67%")
        #expect(value(.referralSourceEducation) == "1")
        #expect(value(.referralSourceHealth) == "1")
        #expect(value(.referralSourcePolice) == "1")
        #expect(value(.referralSourceOther) == "1")
        #expect(value(.referralsTotal) == "4")
        #expect(value(.referralOutcomeClosed) == "1")
        #expect(value(.referralOutcomeOther) == "1")
        #expect(value(.referralOutcomeAssessment) == "1")
        #expect(value(.s47Started) == "2")
        #expect(value(.cfAssessmentsStarted) == "2")
        #expect(value(.referralTimelinessPercentage) == "50.0")
        #expect(value(.referralPercentageProgressedToAssessment) == "25.0")
    }

    @Test("every figure names the records behind it")
    func traces() {
        let report = Self.report(Self.july.contacts, Self.july.referrals)
        let m = F.month("2019-07")
        #expect(report.records(for: .contactsOpenCases, month: m) == ["c1", "c2"])
        #expect(report.records(for: .contactSourcePolice, month: m) == ["c5", "c7"])
        #expect(report.trace(for: .contactPercentageResolved, month: m)
            == MeasureTrace(records: ["c3", "c5", "c6"], denominator: ["c3", "c4", "c5", "c6", "c7", "c8"]))
        #expect(report.records(for: .s47Started, month: m) == ["r1", "r5"])
        #expect(report.records(for: .cfAssessmentsStarted, month: m) == ["r1", "r6"])
        #expect(report.trace(for: .referralTimelinessPercentage, month: m) == MeasureTrace(records: ["r1", "r3"], denominator: ["r1", "r2", "r3", "r4"]))
        #expect(report.records(for: .referralPercentageProgressedToAssessment, month: m) == ["r1"])
    }

    @Test("Hampshire's July 2019: 4,317 closed and 1,030 other of 8,293 new-case contacts is 64% resolved, 64.5 in the CSV")
    func hampshireJuly2019() {
        var contacts: [ReportContact] = []
        let received = F.london(2019, 7, 15, 10)
        func add(_ count: Int, open: Bool, _ outcome: ContactOutcome?) {
            for _ in 0..<count { contacts.append(F.contact("k\(contacts.count)", received, open: open, outcome: outcome)) }
        }
        add(401, open: true, .other)
        add(4317, open: false, .closed)
        add(2946, open: false, .referral)
        add(1030, open: false, .other)
        let report = Self.report(contacts)
        let m = F.month("2019-07")
        #expect(report.value(.contactsOpenCases, month: m) == .count(401))
        #expect(report.value(.contactsNewCases, month: m) == .count(8293))
        #expect(report.value(.contactsTotal, month: m) == .count(8694))
        #expect(report.value(.contactPercentageResolved, month: m).human == "64%")
        #expect(report.value(.contactPercentageResolved, month: m).machine == "64.5")
        #expect(report.csv.contains("2019-07,contact_percentage_resolved,64.5\n"))
    }

    @Test("the CSV is month,measure,value, month by month, measures in the order of reports.md")
    func csv() {
        let report = Self.report(Self.july.contacts, Self.july.referrals, from: "2019-06", through: "2019-08")
        let lines = report.csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "month,measure,value")
        #expect(lines.last == "")
        #expect(lines.count == 1 + 3 * 23 + 1)
        #expect(lines[1] == "2019-06,contacts_open_cases,0")
        #expect(lines[2] == "2019-06,contacts_new_cases,1")
        #expect(lines[23] == "2019-06,referral_percentage_progressed_to_assessment,100.0")
        #expect(lines[24] == "2019-07,contacts_open_cases,3")
        let measures = lines[24..<47].map { $0.split(separator: ",")[1] }
        #expect(measures == [
            "contacts_open_cases", "contacts_new_cases", "contacts_total", "contact_source_education", "contact_source_health",
            "contact_source_police", "contact_source_other", "contact_outcome_closed", "contact_outcome_referral",
            "contact_outcome_other", "contact_percentage_resolved", "referral_source_education", "referral_source_health",
            "referral_source_police", "referral_source_other", "referrals_total", "referral_outcome_closed",
            "referral_outcome_other", "referral_outcome_assessment", "s47_started", "cf_assessments_started",
            "referral_timeliness_percentage", "referral_percentage_progressed_to_assessment",
        ])
        // August: one contact (00:30 BST on 1 August) and one referral, whose assessment started on 1 August.
        #expect(lines.contains("2019-08,contacts_total,1"))
        #expect(lines.contains("2019-08,referrals_total,1"))
        #expect(lines.contains("2019-08,cf_assessments_started,1"))
        #expect(lines.contains("2019-08,referral_timeliness_percentage,0.0"))
    }

    @Test("a month with nothing in it has zero counts and empty percentages")
    func emptyMonth() {
        let report = Self.report([], from: "2019-02", through: "2019-02")
        #expect(report.value(.contactsTotal, month: F.month("2019-02")) == .count(0))
        #expect(report.value(.contactPercentageResolved, month: F.month("2019-02")).machine == "")
        #expect(report.csv.contains("2019-02,contact_percentage_resolved,\n"))
    }

    @Test("the human table has measures as rows and months as columns, percentages whole")
    func humanTable() {
        let table = Self.report(Self.july.contacts, Self.july.referrals, from: "2019-07", through: "2019-08").humanTable
        #expect(table[0] == ["Measure", "2019-07", "2019-08"])
        #expect(table[1] == ["Number of contacts on open cases", "3", "0"])
        #expect(table.first { $0[0] == "Percentage Resolved" } == ["Percentage Resolved", "67%", "100%"])
        #expect(table.count == 1 + MonthlyMeasure.allCases.count)
    }

    @Test("a referral received on the Friday before a bank holiday has until the Wednesday")
    func bankHoliday() {
        // Friday 23 August 2019 16:00; Monday 26 August is the summer bank holiday.
        // 1 hour Friday + 8 Tuesday + 7 Wednesday: due Wednesday 28 August 16:00.
        let onTime = F.referral("on-time", F.london(2019, 8, 23, 16), completed: F.london(2019, 8, 28, 16))
        let late = F.referral("late", F.london(2019, 8, 23, 16), completed: F.london(2019, 8, 28, 16, 1))
        let report = Self.report([], [onTime, late], from: "2019-08", through: "2019-08")
        #expect(report.records(for: .referralTimelinessPercentage, month: F.month("2019-08")) == ["on-time"])
    }
}
