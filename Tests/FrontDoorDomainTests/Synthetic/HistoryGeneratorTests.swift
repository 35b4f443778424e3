import Foundation
import FrontDoorDomain
import Testing

/// The scale generator: the same seed gives the same bytes, every line is a valid interchange line,
/// and the volumes and shapes stay within the seeds' ranges (Hampshire, Appendix 1).
@Suite("Generating synthetic history")
struct HistoryGeneratorTests {
    static let calendar = WorkingCalendar()

    static func options(months: Int, seed: UInt64 = 1, end: String = "2026-10-31", monthly: Int? = nil) -> HistoryGenerator.Options {
        HistoryGenerator.Options(la: "850", end: LocalDate(iso: end)!, months: months, seed: seed, monthlyContacts: monthly)
    }

    static func text(_ options: HistoryGenerator.Options) -> String {
        InterchangeWriter.document(HistoryGenerator(options))
    }

    /// One year of Hampshire, generated once for the statistical tests.
    static let year: [InterchangeRecord] = Array(HistoryGenerator(options(months: 12)))

    @Test("the same seed gives the same bytes; another seed gives other people")
    func deterministic() {
        let a = Self.text(Self.options(months: 1, monthly: 600))
        let b = Self.text(Self.options(months: 1, monthly: 600))
        let c = Self.text(Self.options(months: 1, seed: 2, monthly: 600))
        #expect(a == b)
        #expect(a != c)
        #expect(a.split(separator: "\n").count > 600)
    }

    @Test("every line of a year passes the interchange validator, and every ref is defined before it is used")
    func valid() throws {
        let text = InterchangeWriter.document(Self.year)
        let validation = InterchangeValidator.validate(data: Data(text.utf8), keepRecords: false)
        #expect(validation.problems.isEmpty, "\(validation.problems.prefix(5))")
        #expect(validation.lineCount == Self.year.count)
        #expect(validation.identicalRepeats == 0)
    }

    @Test("the history covers whole months ending with the end date, and nothing happens after it")
    func period() throws {
        let end = Self.calendar.startOfDay(LocalDate(iso: "2026-11-01")!)
        let start = Self.calendar.startOfDay(LocalDate(iso: "2025-11-01")!)
        for record in Self.year {
            switch record {
            case .contact(let c):
                #expect(c.receivedAt >= start && c.receivedAt < end)
                if let d = c.decision { #expect(d.decidedAt < end && d.decidedAt >= c.receivedAt) }
            case .referral(let r):
                #expect(r.referredAt < end)
                if let done = r.completedAt { #expect(done < end && done >= r.referredAt) }
                if let closed = r.closedAt { #expect(closed <= LocalDate(iso: "2026-10-31")!) }
            default: break
            }
        }
        guard case .localAuthority(let la) = Self.year.first else { Issue.record("the first line is not the authority"); return }
        #expect(la.code == "850" && la.name == "Hampshire")
    }

    struct Month {
        var contacts = 0
        var bySource: [SourceGroup: Int] = [:]
        var decided = 0
        var toReferral = 0
        var openCase = 0
        var referrals = 0
        var strategy = 0
        var completed = 0
        var assessment = 0
    }

    static func months() -> [LocalDate: Month] {
        var months: [LocalDate: Month] = [:]
        func key(_ date: Date) -> LocalDate { let d = calendar.localDate(of: date); return LocalDate(year: d.year, month: d.month, day: 1)! }
        for record in year {
            switch record {
            case .contact(let c):
                var m = months[key(c.receivedAt), default: Month()]
                m.contacts += 1
                m.bySource[c.source.group, default: 0] += 1
                if let d = c.decision {
                    m.decided += 1
                    if d.outcome == .referral { m.toReferral += 1 }
                }
                if c.openCaseAtReceipt == true { m.openCase += 1 }
                months[key(c.receivedAt)] = m
            case .referral(let r):
                months[key(r.referredAt), default: Month()].referrals += 1
                if let s = r.strategyDiscussionAt { months[key(s), default: Month()].strategy += 1 }
                if r.completedAt != nil {
                    months[key(r.referredAt), default: Month()].completed += 1
                    if r.outcome == .assessment { months[key(r.referredAt), default: Month()].assessment += 1 }
                }
            default: break
            }
        }
        return months
    }

    @Test("monthly volumes, source mix, conversion and strategy discussions fall in the seeds' ranges")
    func shapes() throws {
        let months = Self.months()
        #expect(months.count == 12)
        for (first, m) in months.sorted(by: { $0.key < $1.key }) {
            let name = first.iso.prefix(7)
            // Contacts: 6,500-9,300 a month.
            #expect((6_500...9_300).contains(m.contacts), "\(name): \(m.contacts) contacts")
            let share = { (g: SourceGroup) in Double(m.bySource[g, default: 0]) / Double(m.contacts) }
            #expect((0.35...0.52).contains(share(.police)), "\(name): police \(share(.police))")
            #expect((0.08...0.18).contains(share(.health)), "\(name): health \(share(.health))")
            if first.month == 8 {
                // The August dip: schools are closed.
                #expect(share(.education) < 0.03, "\(name): education \(share(.education))")
            } else {
                #expect((0.13...0.26).contains(share(.education)), "\(name): education \(share(.education))")
            }
            // 30-40% of contacts progressed to referral.
            let conversion = Double(m.toReferral) / Double(m.decided)
            #expect((0.30...0.40).contains(conversion), "\(name): conversion \(conversion)")
            // Contacts on open cases: the seeds have 4-6%.
            let open = Double(m.openCase) / Double(m.contacts)
            #expect((0.03...0.07).contains(open), "\(name): open cases \(open)")
            // Referrals: one per child, 2,300-3,900 a month.
            #expect((2_300...3_900).contains(m.referrals), "\(name): \(m.referrals) referrals")
            // 10-20 strategy discussions a working day.
            let workingDays = (0..<31).compactMap { Self.calendar.date(byAddingDays: $0, to: first) }
                .filter { $0.month == first.month && Self.calendar.isWorkingDay($0) }.count
            let perDay = Double(m.strategy) / Double(workingDays)
            #expect((10...20).contains(perDay), "\(name): \(perDay) strategy discussions a working day")
            // About 40-48% of completed referrals progressed to assessment.
            if m.completed > 100 {
                let assessed = Double(m.assessment) / Double(m.completed)
                #expect((0.38...0.50).contains(assessed), "\(name): assessment \(assessed)")
            }
        }
    }

    @Test("families come back: some children are referred again within twelve months")
    func reReferrals() throws {
        var last: [String: Date] = [:]
        var again = 0
        var total = 0
        for case .referral(let r) in Self.year {
            total += 1
            if let previous = last[r.child], r.referredAt.timeIntervalSince(previous) < 365 * 86_400 { again += 1 }
            last[r.child] = r.referredAt
        }
        let rate = Double(again) / Double(total)
        // England's re-referral rate is about one in five; within one year of generated history it builds up.
        #expect((0.05...0.35).contains(rate), "re-referrals \(rate)")
    }

    @Test("NHS numbers are distinct and in the 999 test range; names are synthetic UK names")
    func people() throws {
        var seen = Set<String>()
        var people = 0
        for case .person(let p) in Self.year {
            people += 1
            if let nhs = p.nhsNumber {
                #expect(nhs.digits.hasPrefix("999"))
                #expect(seen.insert(nhs.digits).inserted, "NHS number \(nhs.digits) given twice")
            }
            #expect(!p.givenName.isEmpty && !p.familyName.isEmpty)
        }
        #expect(people > 100_000)
        #expect(seen.count > people / 3)
    }
}
