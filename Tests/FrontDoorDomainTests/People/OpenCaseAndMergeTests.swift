import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("The open-case rule")
struct OpenCaseRuleTests {
    static let calendar = WorkingCalendar(holidays: .englandAndWales)
    static let instants = Gen.dateTime(in: CalendarFixture.utc(2020, 1, 1)..<CalendarFixture.utc(2027, 1, 1))
    static let offsets = Gen.int(in: -400...400)

    func date(_ instant: Date, _ days: Int) -> LocalDate {
        Self.calendar.date(byAddingDays: days, to: Self.calendar.localDate(of: instant))!
    }

    @Test("a referral opens a case exactly when progressed, from its decision to the end of its closure day (random instants)")
    func openWindow() async {
        await propertyCheck(count: 300, input: Self.instants, Self.offsets, Self.offsets) { decided, closeOffset, probeDays in
            let closedOn = closeOffset > 300 ? nil : date(decided, closeOffset)
            let probe = decided.addingTimeInterval(Double(probeDays) * 86_400 + Double(probeDays % 7) * 3_600)
            for outcome in ReferralOutcome.allCases {
                let facts = ReferralCaseFacts(decidedAt: decided, outcome: outcome, closedOn: closedOn)
                let involvements = OpenCaseRule.involvements(referral: facts, calendar: Self.calendar)
                let progressed = outcome == .assessment || outcome == .strategyDiscussion
                let expected = progressed && decided <= probe && (closedOn.map { Self.calendar.localDate(of: probe) <= $0 } ?? true)
                #expect(!OpenCaseRule.open(involvements, at: probe).isEmpty == expected, "\(outcome) decided \(decided) closed \(String(describing: closedOn)) probe \(probe)")
            }
        }
    }

    @Test("a child protection plan makes the open case a child protection case for the plan's days only")
    func protectionWithin() async {
        await propertyCheck(count: 300, input: Self.instants, Self.offsets, Self.offsets) { decided, startDays, probeDays in
            let planStart = date(decided, abs(startDays) % 60)
            let planEnd = startDays % 3 == 0 ? nil : Self.calendar.date(byAddingDays: abs(startDays) % 200, to: planStart)
            let closedOn = startDays % 5 == 0 ? nil : date(decided, 250)
            let facts = ReferralCaseFacts(decidedAt: decided, outcome: .strategyDiscussion, closedOn: closedOn, cpPlanStartedOn: planStart, cpPlanEndedOn: planEnd)
            let involvements = OpenCaseRule.involvements(referral: facts, calendar: Self.calendar)
            let probe = decided.addingTimeInterval(Double(probeDays) * 43_200)
            let day = Self.calendar.localDate(of: probe)
            let caseOpen = decided <= probe && (closedOn.map { day <= $0 } ?? true)
            let onPlan = caseOpen && planStart <= day && (planEnd.map { day <= $0 } ?? true)
            let expected: CaseInvolvement.Kind? = onPlan ? .childProtection : caseOpen ? .childInNeed : nil
            #expect(OpenCaseRule.status(involvements, at: probe) == expected)
        }
    }

    @Test("undecided referrals and those closed before their decision open nothing")
    func nothingOpen() {
        let decided = CalendarFixture.utc(2026, 3, 10, 12)
        #expect(OpenCaseRule.involvements(referral: ReferralCaseFacts(decidedAt: nil, outcome: .assessment), calendar: Self.calendar).isEmpty)
        #expect(OpenCaseRule.involvements(referral: ReferralCaseFacts(decidedAt: decided, outcome: nil), calendar: Self.calendar).isEmpty)
        let closedBefore = ReferralCaseFacts(decidedAt: decided, outcome: .assessment, closedOn: LocalDate(year: 2026, month: 3, day: 9))
        #expect(OpenCaseRule.involvements(referral: closedBefore, calendar: Self.calendar).isEmpty)
        // Closed the same day: open until local midnight (in summer time, 23:00 UTC).
        let sameDay = ReferralCaseFacts(decidedAt: CalendarFixture.utc(2026, 6, 10, 9), outcome: .assessment, closedOn: LocalDate(year: 2026, month: 6, day: 10))
        let open = OpenCaseRule.involvements(referral: sameDay, calendar: Self.calendar)
        #expect(open.first?.until == CalendarFixture.utc(2026, 6, 10, 23))
    }
}

/// A UUID from a prefix and a number, readable in failures.
func uuid(_ prefix: String, _ n: Int) -> UUID {
    let digits = String(n)
    return UUID(uuidString: prefix + "-0000-0000-0000-" + String(repeating: "0", count: 12 - digits.count) + digits)!
}

@Suite("Merge plans and identifier clashes")
struct MergePlanTests {
    static let survivor = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    static let duplicate = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
    static let others = (1...3).map { uuid("00000000", $0) }

    /// Every set of household links over {survivor, duplicate, two others} (each unordered pair at
    /// most once, as the database allows, in either direction): 3^6 = 729 households.
    static func households() -> [[MergePlan.Link]] {
        let people = [survivor, duplicate, others[0], others[1]]
        var pairs: [(UUID, UUID)] = []
        for i in 0..<people.count { for j in (i + 1)..<people.count { pairs.append((people[i], people[j])) } }
        var result: [[MergePlan.Link]] = [[]]
        for (n, pair) in pairs.enumerated() {
            result = result.flatMap { links in
                [links,
                 links + [MergePlan.Link(id: uuid("10000000", n), person: pair.0, other: pair.1)],
                 links + [MergePlan.Link(id: uuid("20000000", n), person: pair.1, other: pair.0)]]
            }
        }
        return result
    }

    @Test("household links: after a merge nobody is linked with the duplicate, no self-link or repeated pair, every link survives in meaning; undo restores every row (exhaustive)")
    func links() {
        let households = Self.households()
        #expect(households.count == 729)
        for rows in households {
            let plan = MergePlan.links(survivor: Self.survivor, duplicate: Self.duplicate, rows: rows)
            let naming = rows.filter { $0.person == Self.duplicate || $0.other == Self.duplicate }
            #expect(Set(plan.moved + plan.setAside) == Set(naming.map(\.id)))
            #expect(Set(plan.moved).isDisjoint(with: plan.setAside))
            let after = rows.compactMap { row -> MergePlan.Link? in
                if plan.setAside.contains(row.id) { return nil }
                guard plan.moved.contains(row.id) else { return row }
                return MergePlan.Link(id: row.id, person: row.person == Self.duplicate ? Self.survivor : row.person,
                                      other: row.other == Self.duplicate ? Self.survivor : row.other)
            }
            func pair(_ l: MergePlan.Link) -> Set<UUID> { [l.person, l.other] }
            #expect(after.allSatisfy { $0.person != Self.duplicate && $0.other != Self.duplicate && $0.person != $0.other })
            #expect(Set(after.map(pair)).count == after.count)
            // Meaning kept: whoever was linked with either record is linked with the survivor.
            let expected = Set(rows.map { l in Set([l.person, l.other].map { $0 == Self.duplicate ? Self.survivor : $0 }) }.filter { $0.count == 2 })
            #expect(Set(after.map(pair)) == expected)
            // Undo: moved rows point back, set-aside rows return whole.
            let undone = after.map { row -> MergePlan.Link in
                guard let original = rows.first(where: { $0.id == row.id }), plan.moved.contains(row.id) else { return row }
                return original
            } + rows.filter { plan.setAside.contains($0.id) }
            #expect(undone.sorted { $0.id.uuidString < $1.id.uuidString } == rows.sorted { $0.id.uuidString < $1.id.uuidString })
        }
    }

    @Test("contact namings: a contact naming both records keeps one row; rows without an owner always move (exhaustive over 3 contacts)")
    func namings() {
        let contacts = (1...3).map { uuid("30000000", $0) }
        // Each contact names: nobody, the survivor, the duplicate, or both (4^3 = 64 cases).
        for code in 0..<64 {
            var rows: [MergePlan.Naming] = []
            for (i, contact) in contacts.enumerated() {
                let which = (code >> (2 * i)) & 3
                if which & 1 != 0 { rows.append(.init(id: UUID(), owner: contact, person: Self.survivor)) }
                if which & 2 != 0 { rows.append(.init(id: UUID(), owner: contact, person: Self.duplicate)) }
            }
            let plan = MergePlan.namings(survivor: Self.survivor, duplicate: Self.duplicate, rows: rows)
            for (i, contact) in contacts.enumerated() {
                let which = (code >> (2 * i)) & 3
                let dupRow = rows.first { $0.owner == contact && $0.person == Self.duplicate }
                switch which {
                case 2: #expect(dupRow.map { plan.moved.contains($0.id) } == true)
                case 3: #expect(dupRow.map { plan.setAside.contains($0.id) } == true)
                default: #expect(dupRow == nil)
                }
            }
        }
        let ownerless = (0..<3).map { _ in MergePlan.Naming(id: UUID(), person: Self.duplicate) }
        #expect(MergePlan.namings(survivor: Self.survivor, duplicate: Self.duplicate, rows: ownerless).moved == ownerless.map(\.id))
    }

    @Test("identifier clashes: only values held by two or more records, each record once")
    func clashes() {
        let a = Self.others[0], b = Self.others[1], c = Self.others[2]
        let holders = [
            IdentifierClash.Holder(id: a, nhsNumber: "9434765919", upn: "A123456789012"),
            IdentifierClash.Holder(id: b, nhsNumber: "9434765919", upn: nil),
            IdentifierClash.Holder(id: c, nhsNumber: "4010232137", upn: "A123456789012"),
            IdentifierClash.Holder(id: c, nhsNumber: "4010232137", upn: nil),
        ]
        let found = IdentifierClash.find(in: holders)
        #expect(found == [
            IdentifierClash(field: .nhsNumber, value: "9434765919", people: [a, b]),
            IdentifierClash(field: .upn, value: "A123456789012", people: [a, c]),
        ])
        #expect(IdentifierClash.find(in: []).isEmpty)
    }
}
