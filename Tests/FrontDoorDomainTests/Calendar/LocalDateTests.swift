import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Local dates")
struct LocalDateTests {
    @Test("29 February exists only in a leap year: 2024-02-29 is accepted, 2026-02-29 is not")
    func leapDays() throws {
        let leapDay = try #require(LocalDate(iso: "2024-02-29"))
        #expect(leapDay.year == 2024 && leapDay.month == 2 && leapDay.day == 29)
        #expect(LocalDate(iso: "2026-02-29") == nil)
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(iso: "2000-02-29") != nil)
        #expect(LocalDate(iso: "1900-02-29") == nil)
    }

    @Test(
        "a date typed any other way than YYYY-MM-DD is rejected, not guessed at",
        arguments: [
            "", "2026-2-1", "2026-02-1", "26-02-01", "2026/02/01", "2026-02-01T00:00", " 2026-02-01", "2026-02-01 ",
            "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "0000-01-01", "+026-01-01", "２０２６-01-01",
            "2026-０1-01", "abcd-ef-gh", "2026--1-01",
        ])
    func rejectsLooseInput(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test("a date is written back exactly as YYYY-MM-DD, zero-padded")
    func writesISO() throws {
        let date = try #require(LocalDate(year: 987, month: 3, day: 4))
        #expect(date.iso == "0987-03-04")
        #expect(date.description == "0987-03-04")
        #expect(try #require(LocalDate(iso: "9999-12-31")).iso == "9999-12-31")
        #expect(try #require(LocalDate(iso: "0001-01-01")).iso == "0001-01-01")
    }

    @Test("dates order by year, then month, then day")
    func ordering() throws {
        let dates = try ["2026-12-01", "2026-01-31", "2025-12-31", "2026-02-01"].map { try CalendarFixture.date($0) }
        #expect(dates.sorted().map(\.iso) == ["2025-12-31", "2026-01-31", "2026-02-01", "2026-12-01"])
    }

    @Test("a date travels in JSON as its ISO string, and a bad string is refused")
    func codable() throws {
        let date = try CalendarFixture.date("2026-08-31")
        let json = try JSONEncoder().encode(["dateOfBirth": date])
        #expect(String(decoding: json, as: UTF8.self) == #"{"dateOfBirth":"2026-08-31"}"#)
        #expect(try JSONDecoder().decode([String: LocalDate].self, from: json) == ["dateOfBirth": date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-2-31"]"#.utf8))
        }
    }

    @Test("every real date reads back from its own ISO form")
    func isoRoundTrip() async {
        await propertyCheck(input: Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...31)) { y, m, d in
            if let date = LocalDate(year: y, month: m, day: d) {
                #expect(LocalDate(iso: date.iso) == date)
            } else {
                #expect(d > 28, "only days past the 28th can fail to exist")
            }
        }
    }

    @Test("the local date of an instant is its date on a London wall calendar, BST included")
    func localDateMatchesFoundation() async {
        var london = Calendar(identifier: .gregorian)
        london.timeZone = CalendarFixture.london
        let calendar = CalendarFixture.standard
        await propertyCheck(count: 300, input: CalendarFixture.instants) { instant in
            let parts = london.dateComponents([.year, .month, .day], from: instant)
            #expect(calendar.localDate(of: instant) == LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0))
        }
    }

    @Test("23:30Z on 31 August 2026 is already 1 September in London; 23:30Z on 31 December is not")
    func localDateNearMidnight() throws {
        let calendar = CalendarFixture.standard
        #expect(calendar.localDate(of: CalendarFixture.utc(2026, 8, 31, 23, 30)) == (try CalendarFixture.date("2026-09-01")))
        #expect(calendar.localDate(of: CalendarFixture.utc(2026, 12, 31, 23, 30)) == (try CalendarFixture.date("2026-12-31")))
    }
}
