import Foundation
import FrontDoorDomain
import Testing

@Suite("Timeliness by RAG rating, and decisions within one and three working days")
struct TimelinessReportTests {
    typealias F = ReportFixture
    static let july = F.period("2019-07-01", "2019-07-31")

    static let contacts = [
        // Red, Monday 09:00 + 240 minutes = 13:00, decided at 13:00: in time.
        F.contact("red-on-time", F.london(2019, 7, 1, 9), rag: .red, outcome: .closed, decided: F.london(2019, 7, 1, 13)),
        // Red, Monday 16:00: 60 minutes Monday + 180 Tuesday = Tuesday 12:00; decided 12:01.
        F.contact("red-late", F.london(2019, 7, 1, 16), rag: .red, outcome: .referral, decided: F.london(2019, 7, 2, 12, 1)),
        // Amber, Friday 14:00: 180 Friday + 300 Monday = Monday 14:00; decided 13:59.
        F.contact("amber", F.london(2019, 7, 5, 14), rag: .amber, outcome: .closed, decided: F.london(2019, 7, 8, 13, 59)),
        // Green, Saturday: from Monday 09:00, 1,440 minutes = three working days, Wednesday 17:00; decided then.
        F.contact("green", F.london(2019, 7, 6, 10), rag: .green, outcome: .earlyHelp, decided: F.london(2019, 7, 10, 17)),
        // Unrated, two children, Wednesday 09:00: due Friday 17:00; decided the next Monday.
        F.contact("unrated", F.london(2019, 7, 10, 9), children: 2, outcome: .other, decided: F.london(2019, 7, 15, 9)),
        // Decided in June, or not at all, or elsewhere: not in July's table.
        F.contact("june", F.london(2019, 6, 27, 9), rag: .red, outcome: .closed, decided: F.london(2019, 6, 27, 10)),
        F.contact("undecided", F.london(2019, 7, 3, 9), rag: .red),
        F.contact("other-la", F.london(2019, 7, 3, 9), rag: .red, outcome: .closed, decided: F.london(2019, 7, 3, 10), la: "921"),
    ]

    @Test("per rating: the minutes allowed and the share decided within them, and overall")
    func byRAG() {
        let report = Reports.timelinessByRAG(la: "850", period: Self.july, contacts: Self.contacts)
        func row(_ r: RAGRow) -> (Int?, Int, Int, String) {
            let row = report.row(r)
            return (row.workingMinutesAllowed, row.decided, row.decidedWithinTime, row.percentage.machine)
        }
        #expect(row(.red) == (240, 2, 1, "50.0"))
        #expect(row(.amber) == (480, 1, 1, "100.0"))
        #expect(row(.green) == (1440, 1, 1, "100.0"))
        #expect(row(.unrated) == (1440, 2, 0, "0.0"))
        #expect(row(.overall) == (nil, 6, 3, "50.0"))
        #expect(report.trace(for: .red) == MeasureTrace(records: ["red-on-time"], denominator: ["red-on-time", "red-late"]))
        #expect(report.csv == """
            rating,working_minutes_allowed,contacts_decided,decided_within_time,percentage_within_time
            red,240,2,1,50.0
            amber,480,1,1,100.0
            green,1440,1,1,100.0
            unrated,1440,2,0,0.0
            overall,,6,3,50.0

            """)
        #expect(report.humanTable[1] == ["Red", "240", "50%"])
    }

    @Test("an authority's own allowances are used")
    func ownPolicy() {
        let policy = ClockPolicy(red: 241, amber: 480, green: 1440, unrated: 2400)
        let report = Reports.timelinessByRAG(la: "850", period: Self.july, contacts: Self.contacts, policy: policy)
        // Red Monday 16:00 + 241 = Tuesday 12:01: now in time. Unrated + 2,400 = five working days: Tuesday 16 July 17:00.
        #expect(report.row(.red).decidedWithinTime == 2)
        #expect(report.row(.unrated).decidedWithinTime == 2)
        #expect(report.row(.unrated).workingMinutesAllowed == 2400)
    }

    @Test("decisions within one and three working days of receipt")
    func decisions() {
        let contacts = [
            // Monday 10:00: one working day is Tuesday 10:00.
            F.contact("a", F.london(2019, 7, 1, 10), outcome: .closed, decided: F.london(2019, 7, 2, 10)),
            F.contact("b", F.london(2019, 7, 1, 10), outcome: .closed, decided: F.london(2019, 7, 2, 10, 0, 1)),
            // Friday 15:00: three working days is Wednesday 15:00; one is Monday 15:00.
            F.contact("c", F.london(2019, 7, 5, 15), outcome: .closed, decided: F.london(2019, 7, 10, 15)),
            F.contact("d", F.london(2019, 7, 5, 15), children: 2, outcome: .closed, decided: F.london(2019, 7, 11, 9, 30)),
            F.contact("august", F.london(2019, 7, 31, 10), outcome: .closed, decided: F.london(2019, 8, 1, 9)),
        ]
        let report = Reports.decisionTimeliness(la: "850", period: Self.july, contacts: contacts)
        #expect(report.value(.contactsDecided) == .count(5))
        #expect(report.value(.withinOneWorkingDay) == .count(1))
        #expect(report.value(.withinOneWorkingDayPercentage).machine == "20.0")
        #expect(report.value(.withinThreeWorkingDays) == .count(3))
        #expect(report.value(.withinThreeWorkingDaysPercentage).machine == "60.0")
        #expect(report.records(for: .withinThreeWorkingDays) == ["a", "b", "c"])
        #expect(report.trace(for: .withinOneWorkingDayPercentage) == MeasureTrace(records: ["a"], denominator: ["a", "b", "c", "d"]))
        #expect(report.csv.hasPrefix("measure,value\ncontacts_decided,5\ndecided_within_one_working_day,1\n"))
    }

    @Test("a contact received on the Friday before a bank holiday has until Tuesday for its one working day")
    func bankHoliday() {
        // Friday 23 August 2019 16:00; Monday 26 August is a bank holiday: 60 minutes Friday + 420 Tuesday.
        let contact = F.contact("a", F.london(2019, 8, 23, 16), outcome: .closed, decided: F.london(2019, 8, 27, 16))
        let report = Reports.decisionTimeliness(la: "850", period: F.period("2019-08-01", "2019-08-31"), contacts: [contact])
        #expect(report.records(for: .withinOneWorkingDay) == ["a"])
    }
}
