import Foundation
import FrontDoorDomain
import Testing

@Suite("Bank holidays")
struct BankHolidaysTests {
    typealias F = CalendarFixture

    @Test("the shipped England and Wales list has 2026's holidays and spans 2012 to 2028")
    func englandAndWales() throws {
        let holidays = BankHolidays.englandAndWales
        for iso in ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"] {
            #expect(holidays.contains(try F.date(iso)), "\(iso)")
        }
        #expect(!holidays.contains(try F.date("2026-11-30")))
        #expect(!holidays.contains(try F.date("2026-12-26")), "Boxing Day 2026 is a Saturday; the 28th is the substitute")
        #expect(holidays.range == (try F.date("2012-01-02"))...(try F.date("2028-12-26")))
        #expect(holidays.dates.count == 140)
    }

    @Test("loading Scotland from the shipped file gives St Andrew's Day on Monday 30 November 2026")
    func scotland() throws {
        let scotland = try BankHolidays.bundled(division: "scotland")
        #expect(scotland.contains(try F.date("2026-11-30")))
        #expect(scotland.contains(try F.date("2026-01-02")))
        #expect(!scotland.contains(try F.date("2026-04-06")), "Easter Monday is not a Scottish bank holiday")
        #expect(scotland != .englandAndWales)
    }

    @Test("Northern Ireland has St Patrick's Day")
    func northernIreland() throws {
        #expect(try BankHolidays.bundled(division: "northern-ireland").contains(try F.date("2026-03-17")))
    }

    @Test("a division that is not in the file is refused, naming the ones that are")
    func unknownDivision() {
        #expect(
            throws: CalendarError(
                "bank holidays data has no division \"wales\"; it has: england-and-wales, northern-ireland, scotland")
        ) { try BankHolidays.bundled(division: "wales") }
    }

    @Test("data that is not JSON, or not shaped like gov.uk's file, is refused with a clear message")
    func badData() {
        #expect(throws: CalendarError("bank holidays data is not valid JSON")) {
            try BankHolidays(govUKJSON: Data("<html>Service unavailable</html>".utf8))
        }
        #expect(throws: CalendarError.self) { try BankHolidays(govUKJSON: Data("[1, 2]".utf8)) }
        #expect(throws: CalendarError("bank holidays division \"england-and-wales\" has no \"events\" list")) {
            try BankHolidays(govUKJSON: Data(#"{"england-and-wales": {"division": "england-and-wales"}}"#.utf8))
        }
        #expect(throws: CalendarError("bank holiday \"event 1\" in \"england-and-wales\" has no \"date\"")) {
            try BankHolidays(govUKJSON: Data(#"{"england-and-wales": {"events": [{}]}}"#.utf8))
        }
        let badDate = #"{"england-and-wales": {"events": [{"title": "Christmas Day", "date": "2026-12-32"}]}}"#
        #expect(
            throws: CalendarError(
                "bank holiday \"Christmas Day\" in \"england-and-wales\" has date \"2026-12-32\", which is not a real date in the form YYYY-MM-DD")
        ) { try BankHolidays(govUKJSON: Data(badDate.utf8)) }
    }

    @Test("only each event's date is needed; extra or missing descriptive fields are tolerated")
    func lenientFields() throws {
        let json = #"{"scotland": {"events": [{"date": "2026-11-30", "new-field": 1}, {"title": "x", "date": "2026-01-02", "bunting": true}]}}"#
        let holidays = try BankHolidays(govUKJSON: Data(json.utf8), division: "scotland")
        #expect(holidays == BankHolidays(dates: [try F.date("2026-11-30"), try F.date("2026-01-02")]))
        #expect(holidays.range == (try F.date("2026-01-02"))...(try F.date("2026-11-30")))
    }

    @Test("with no holidays there is no range to warn against")
    func emptyRange() {
        #expect(BankHolidays(dates: []).range == nil)
    }
}
