import Foundation
import FrontDoorDomain
import Testing

@Suite("Ofsted Annex A lists 1, 3, 4 and 5")
struct AnnexATests {
    static let d = CINFixture.d
    let asOf = d("2026-03-15")  // period: 15 September 2025 to 15 March 2026

    func child(_ id: String = "C1", born: String? = "2016-03-16", sex: Sex? = .female) -> AnnexAChild {
        AnnexAChild(
            childID: id, gender: AnnexAGender(sex: sex), ethnicity: .BAFR, dateOfBirth: born.map(Self.d),
            disability: AnnexAAnswer(disabilities: [.NONE]))
    }

    @Test("headings are the template's, word for word")
    func headings() {
        let common = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
        #expect(AnnexAList.contacts.headings == common + ["Date of Contact", "Contact Source"])
        #expect(AnnexAList.referrals.headings == common + [
            "Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months",
            "Allocated Team", "Allocated Worker",
        ])
        #expect(AnnexAList.assessments.headings == common + [
            "Does the Child have a Disability", "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?", "Allocated Team", "Allocated Worker",
        ])
        #expect(AnnexAList.section47Enquiries.headings == common + [
            "Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?", "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months",
            "Allocated Team", "Allocated Worker",
        ])
        #expect(AnnexAList.allCases.map(\.sheetName) == ["List 1", "List 3", "List 4", "List 5"])
    }

    @Test("dropdown values: gender, yes/no/unknown, every source, every ethnicity")
    func dropdowns() {
        #expect([Sex.male, .female, .unknown, nil].map { AnnexAGender(sex: $0).rawValue }
            == ["a) Male", "b) Female", "c) Not stated/recorded", "c) Not stated/recorded"])
        #expect(AnnexAGender.neither.rawValue == "d) Neither")
        #expect([true, false, nil].map { AnnexAAnswer($0).rawValue } == ["a) Yes", "b) No", "c) Unknown"])
        #expect(AnnexAAnswer(disabilities: [.AUT]) == .yes)
        #expect(AnnexAAnswer(disabilities: [.NONE]) == .no)
        #expect(AnnexAAnswer(disabilities: []) == .unknown)
        #expect(ReferralSource.allCases.map(AnnexAValues.source) == [
            "a) 1A: Individual", "b) 1B: Individual", "c) 1C: Individual", "d) 1D: Individual", "e) 2A: Schools",
            "f) 2B: Education services", "g) 3A: Health services", "h) 3B: Health services", "i) 3C: Health services",
            "j) 3D: Health services", "k) 3E: Health services", "l) 3F: Health services", "m) 4: Housing",
            "n) 5A: LA services", "o) 5B: LA services", "p) 5C: LA services", "p1) 5D: LA services", "q) 6: Police",
            "r) 7: Other legal agency", "s) 8: Other", "t) 9: Anonymous", "u) 10: Unknown",
        ])
        #expect(Ethnicity.allCases.map { AnnexAValues.ethnicity($0) } == [
            "a) WBRI", "b) WIRI", "c) WIRT", "d) WOTH", "e) WROM", "f) MWBC", "g) MWBA", "h) MWAS", "i) MOTH", "j) AIND",
            "k) APKN", "l) ABAN", "m) AOTH", "n) BCRB", "o) BAFR", "p) BOTH", "q) CHNE", "r) OOTH", "s) REFU", "t) NOBT",
        ])
        #expect(AnnexAValues.ethnicity(nil) == "t) NOBT")
    }

    @Test("the six months: from the same day six months back to the as-of date, both included", arguments: [
        ("2026-03-15", "2025-09-15"), ("2026-08-31", "2026-02-28"), ("2024-08-31", "2024-02-29"), ("2026-01-31", "2025-07-31"),
    ])
    func period(pair: (String, String)) {
        let period = AnnexAPeriod(asOf: Self.d(pair.0))
        #expect(period.start == Self.d(pair.1))
        #expect(period.contains(period.start) && period.contains(period.asOf))
    }

    @Test("list 1: contacts received in the period, one row per child named, as of the date")
    func contacts() {
        var a = child("A")
        a.contacts = [
            AnnexAContact(date: Self.d("2025-09-14"), source: .police),  // the day before: out
            AnnexAContact(date: Self.d("2025-09-15"), source: .schools),
            AnnexAContact(date: Self.d("2026-03-15"), source: .earlyHelp),
            AnnexAContact(date: Self.d("2026-03-16"), source: .police),  // after the as-of date: out
        ]
        var b = child("B", born: nil, sex: .unknown)
        b.contacts = [AnnexAContact(date: Self.d("2025-09-15"), source: .schools)]  // the same contact named both
        let lists = AnnexAReturn(children: [a, b], asOf: asOf)
        #expect(lists.contacts.map { "\($0.child.childID) \($0.date.iso) \(AnnexAValues.source($0.source))" } == [
            "A 2025-09-15 e) 2A: Schools", "B 2025-09-15 e) 2A: Schools", "A 2026-03-15 p1) 5D: LA services",
        ])
        #expect(lists.contacts[0].child.age == 9)  // ten on 16 March 2026, the day after
        #expect(lists.contacts[1].child.age == nil && lists.contacts[1].child.dateOfBirth == nil)
        #expect(lists.contacts[1].child.gender == .notStated)
    }

    @Test("list 3: referrals in the period, counting the child's other referrals in the twelve months before each")
    func referrals() {
        var a = child("A")
        a.referrals = [
            AnnexAReferral(date: Self.d("2024-12-01"), source: .police, noFurtherAction: true),  // 13 months before: not counted
            AnnexAReferral(date: Self.d("2025-02-01"), source: .police, noFurtherAction: true),
            AnnexAReferral(date: Self.d("2025-12-31"), source: .schools, noFurtherAction: false, allocatedTeam: "MASH", allocatedWorker: "Gemma Hall"),
            AnnexAReferral(date: Self.d("2026-01-10"), source: .gp, noFurtherAction: true),
        ]
        let rows = AnnexAReturn(children: [a], asOf: asOf).referrals
        #expect(rows.map(\.date) == [Self.d("2025-12-31"), Self.d("2026-01-10")])
        #expect(rows.map(\.referralsInLast12Months) == [1, 2])
        let table = AnnexAReturn(children: [a], asOf: asOf).sheet(.referrals)
        #expect(table.rows[0] == [
            .text("A"), .text("b) Female"), .text("o) BAFR"), .date(Self.d("2016-03-16")), .number(9),
            .date(Self.d("2025-12-31")), .text("e) 2A: Schools"), .text("b) No"), .number(1), .text("MASH"), .text("Gemma Hall"),
        ])
        #expect(table.rows[1][7] == .text("a) Yes"))
        #expect(table.rows[1][9] == .empty)
    }

    @Test("list 4: assessments open at some point in the period; an authorisation after the as-of date is not yet known")
    func assessments() {
        var a = child("A")
        a.disability = .yes
        a.assessments = [
            AnnexAAssessment(startDate: Self.d("2025-07-01"), childSeen: true, authorisationDate: Self.d("2025-09-14"), requiresSocialCareSupport: true),
            AnnexAAssessment(startDate: Self.d("2025-08-01"), childSeen: false, authorisationDate: Self.d("2025-09-15"), requiresSocialCareSupport: false),
            AnnexAAssessment(startDate: Self.d("2026-02-20"), childSeen: nil, authorisationDate: Self.d("2026-03-20"), requiresSocialCareSupport: true),
            AnnexAAssessment(startDate: Self.d("2026-03-16")),  // starts after the as-of date
        ]
        let rows = AnnexAReturn(children: [a], asOf: asOf).assessments
        #expect(rows.map(\.startDate) == [Self.d("2025-08-01"), Self.d("2026-02-20")])
        #expect(rows[0].authorisationDate == Self.d("2025-09-15") && rows[0].requiresSupport == .no && rows[0].childSeen == .no)
        #expect(rows[1].authorisationDate == nil && rows[1].requiresSupport == nil && rows[1].childSeen == .unknown)
        let cells = AnnexAReturn(children: [a], asOf: asOf).sheet(.assessments).rows[1]
        #expect(cells[5] == .text("a) Yes"))
        #expect(cells[8] == .empty && cells[9] == .empty)
    }

    @Test("list 5: enquiries open at some point in the period, with their conferences and the twelve months' counts")
    func enquiries() {
        var a = child("A")
        a.section47Enquiries = [
            // Concluded with a conference before the period: out, but counted.
            AnnexASection47(startDate: Self.d("2025-06-02"), conferenceNotRequired: false, conferenceDate: Self.d("2025-06-20"), conferenceResultedInPlan: true),
            // No conference needed, concluded in the period.
            AnnexASection47(startDate: Self.d("2025-09-10"), conferenceNotRequired: true, concludedOn: Self.d("2025-09-20")),
            // Conference after the as-of date: still open then.
            AnnexASection47(startDate: Self.d("2026-03-02"), conferenceNotRequired: false, concludedOn: Self.d("2026-03-18"),
                            conferenceDate: Self.d("2026-03-20"), conferenceResultedInPlan: true, allocatedTeam: "Assessment Team, North"),
        ]
        let lists = AnnexAReturn(children: [a], asOf: asOf)
        let rows = lists.section47Enquiries
        #expect(rows.map(\.startDate) == [Self.d("2025-09-10"), Self.d("2026-03-02")])
        #expect(rows[0].conferenceUnnecessary == .yes && rows[0].conferenceDate == nil && rows[0].conferenceResultedInPlan == nil)
        #expect(rows[0].enquiriesInLast12Months == 1 && rows[0].conferencesInLast12Months == 1)
        #expect(rows[1].conferenceUnnecessary == nil && rows[1].conferenceDate == nil && rows[1].conferenceResultedInPlan == nil)
        #expect(rows[1].enquiriesInLast12Months == 2 && rows[1].conferencesInLast12Months == 1)

        let later = AnnexAReturn(children: [a], asOf: Self.d("2026-03-31")).section47Enquiries
        #expect(later.last?.conferenceUnnecessary == .no && later.last?.conferenceDate == Self.d("2026-03-20"))
        #expect(later.last?.conferenceResultedInPlan == .yes)
        #expect(AnnexAReturn(children: [a], asOf: Self.d("2026-03-31")).csv(.section47Enquiries).split(separator: "\r\n").last
            == "A,b) Female,o) BAFR,16/03/2016,10,b) No,02/03/2026,b) No,20/03/2026,a) Yes,2,1,\"Assessment Team, North\",")
    }

    @Test("CSV: the headings, then rows with dates dd/mm/yyyy and quoting where needed")
    func csv() {
        var a = child("A")
        a.contacts = [AnnexAContact(date: Self.d("2026-01-05"), source: .police)]
        let text = AnnexAReturn(children: [a], asOf: asOf).csv(.contacts)
        #expect(text == "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source\r\n"
            + "A,b) Female,o) BAFR,16/03/2016,9,05/01/2026,q) 6: Police\r\n")
        // No list is ever missing its heading row, even when nothing happened in the period; a
        // heading with an apostrophe but no comma needs no quotes.
        #expect(AnnexAReturn(children: [], asOf: asOf).csv(.assessments) == ReturnsCSV.record(AnnexAList.assessments.headings))
        #expect(ReturnsCSV.record(AnnexAList.assessments.headings).contains(",Was the child assessed as requiring LA children's social care support?,"))
    }

    @Test("a synthetic authority's workbook reads back: four sheets, the headings, a row per record, dates as dates")
    func sampleWorkbook() throws {
        let year = CINCensusYear(ending: 2026)!
        let histories = CINCensusSample.children(la: "850", year: year, count: 300, seed: 11)
        let children = AnnexASample.children(from: histories, seed: 11)
        let lists = AnnexAReturn(children: children, asOf: Self.d("2026-03-31"))
        #expect(lists.contacts.count > 100 && lists.referrals.count > 50 && lists.assessments.count > 30 && lists.section47Enquiries.count > 5)
        let data = try lists.xlsx()

        if let directory = ProcessInfo.processInfo.environment["FRONTDOOR_ANNEXA_SAMPLE_DIR"], !directory.isEmpty {
            // Keeps the workbook and CSVs for a look in a spreadsheet program (docs/returns.md).
            let folder = URL(fileURLWithPath: directory)
            try data.write(to: folder.appendingPathComponent("annex-a.xlsx"))
            for list in AnnexAList.allCases {
                try Data(lists.csv(list).utf8).write(to: folder.appendingPathComponent(list.csvFileName))
            }
        }

        let zip = try ReturnsZipReader(data)
        let workbook = try ReturnsXMLNode.parse(try #require(zip["xl/workbook.xml"]))
        #expect(workbook.descendants("sheet").map { $0.attributes["name"] } == ["List 1", "List 3", "List 4", "List 5"])
        let expectedRows = [lists.contacts.count, lists.referrals.count, lists.assessments.count, lists.section47Enquiries.count]
        for (index, list) in AnnexAList.allCases.enumerated() {
            let sheet = try ReturnsXMLNode.parse(try #require(zip["xl/worksheets/sheet\(index + 1).xml"]))
            let rows = sheet.descendants("row")
            #expect(rows.count == expectedRows[index] + 1)
            #expect(rows[0].descendants("t").map(\.text) == list.headings)
        }
        let contacts = try ReturnsXMLNode.parse(try #require(zip["xl/worksheets/sheet1.xml"]))
        let firstDate = try #require(contacts.descendants("c").first { $0.attributes["r"] == "F2" })
        #expect(firstDate.attributes["s"] == "1")
        let serial = try #require(Int(firstDate.first("v")?.text ?? ""))
        #expect(lists.contacts[0].date == CINFixture.d("1899-12-30").plus(days: serial))
    }
}

extension LocalDate {
    /// Test arithmetic by counting days, independent of the code under test.
    fileprivate func plus(days: Int) -> LocalDate {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: days, to: calendar.date(from: components)!)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}
