import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Figures: exact ratios rounded half-up only when shown")
struct ReportValueTests {
    @Test("5,347 / 8,293 = 64.48% shows as 64% in the human view and 64.5 in machine output")
    func hampshireJuly2019() {
        let value = ReportValue.percentage(ExactRatio(5347, 8293))
        #expect(value.human == "64%")
        #expect(value.machine == "64.5")
        // Rounding the one-decimal figure again would give 65: the whole number comes from the exact ratio.
        #expect(ExactRatio(5347, 8293)!.rounded(scale: 100, decimals: 1) == 645)
        #expect(ExactRatio(5347, 8293)!.rounded(scale: 100, decimals: 0) == 64)
    }

    @Test("halves round up", arguments: [
        (1, 8, "12.5", "13%"), (1, 16, "6.3", "6%"), (1, 3, "33.3", "33%"), (2, 3, "66.7", "67%"), (0, 5, "0.0", "0%"),
        (5, 5, "100.0", "100%"), (1, 2000, "0.1", "0%"), (1, 2001, "0.0", "0%"), (199, 200, "99.5", "100%"),
        (2203, 4481, "49.2", "49%"), (138, 4481, "3.1", "3%"),
    ])
    func halfUp(numerator: Int, denominator: Int, machine: String, human: String) {
        let value = ReportValue.percentage(ExactRatio(numerator, denominator))
        #expect(value.machine == machine)
        #expect(value.human == human)
    }

    @Test("negative changes round halves away from zero")
    func negative() {
        #expect(ReportValue.percentage(ExactRatio(-1, 8)).machine == "-12.5")
        #expect(ReportValue.percentage(ExactRatio(-1, 8)).human == "-13%")
        #expect(ReportValue.percentage(ExactRatio(1, -8)).machine == "-12.5")
        #expect(ReportValue.percentage(ExactRatio(-1, 3000)).machine == "0.0")
    }

    @Test("a figure with nothing to divide by is undefined, not zero")
    func undefined() {
        #expect(ExactRatio(3, 0) == nil)
        #expect(ReportValue.percentage(ExactRatio(0, 0)).machine == "")
        #expect(ReportValue.percentage(ExactRatio(0, 0)).human == "-")
        #expect(ReportValue.rate(nil, per: 10_000).machine == "")
    }

    @Test("rates per 10,000 and per working day show one decimal")
    func rates() {
        #expect(ReportValue.rate(ExactRatio(4590, 120_000), per: 10_000).machine == "382.5")
        #expect(ReportValue.rate(ExactRatio(7, 120_000), per: 10_000).machine == "0.6")
        #expect(ReportValue.rate(ExactRatio(5589, 266), per: 1).machine == "21.0")
        #expect(ReportValue.count(7411).machine == "7411")
    }

    @Test("the one-decimal figure is within half a tenth of the exact percentage, the whole number within half a unit")
    func closeToExact() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...100_000), Gen.int(in: 1...100_000)) { a, b in
            let ratio = ExactRatio(min(a, b), b)!
            let exact = Double(ratio.numerator) / Double(ratio.denominator) * 100
            let tenths = Double(ratio.rounded(scale: 100, decimals: 1)) / 10
            let whole = Double(ratio.rounded(scale: 100, decimals: 0))
            #expect(abs(tenths - exact) <= 0.05 + 1e-9)
            #expect(abs(whole - exact) <= 0.5 + 1e-9)
            #expect((0...1000).contains(ratio.rounded(scale: 100, decimals: 1)))
            // Text and number agree.
            #expect(Double(ReportValue.percentage(ratio).machine) == tenths)
        }
    }

    @Test("months read and write as YYYY-MM and step across the year")
    func months() {
        #expect(ReportMonth(iso: "2019-07")?.iso == "2019-07")
        #expect(ReportMonth(iso: "2019-7") == nil)
        #expect(ReportMonth(iso: "2019-13") == nil)
        #expect(ReportMonth(iso: "2019/07") == nil)
        #expect(ReportMonth(iso: "2019-12")?.next.iso == "2020-01")
        #expect(ReportMonth.range(from: ReportFixture.month("2019-11"), through: ReportFixture.month("2020-02")).map(\.iso)
            == ["2019-11", "2019-12", "2020-01", "2020-02"])
        #expect(ReportMonth(iso: "2020-02")?.lastDay.iso == "2020-02-29")
    }

    @Test("a year earlier keeps the dates, 29 February becoming 28 February")
    func yearEarlier() {
        #expect(ReportFixture.period("2020-04-01", "2020-06-30").yearEarlier == ReportFixture.period("2019-04-01", "2019-06-30"))
        #expect(ReportFixture.period("2020-02-01", "2020-02-29").yearEarlier == ReportFixture.period("2019-02-01", "2019-02-28"))
    }

    @Test("working days in a period count both ends, skipping weekends and bank holidays")
    func workingDays() {
        // April 2020: 22 weekdays less Good Friday (10th) and Easter Monday (13th).
        #expect(ReportFixture.period("2020-04-01", "2020-04-30").workingDays(in: ReportFixture.calendar) == 20)
        // A Saturday alone, a Monday alone.
        #expect(ReportFixture.period("2020-04-04", "2020-04-04").workingDays(in: ReportFixture.calendar) == 0)
        #expect(ReportFixture.period("2020-04-06", "2020-04-06").workingDays(in: ReportFixture.calendar) == 1)
    }
}
