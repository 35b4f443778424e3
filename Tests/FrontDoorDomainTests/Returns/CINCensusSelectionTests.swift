import FrontDoorDomain
import PropertyBased
import Testing

@Suite("CIN census: which children and episodes belong in a year")
struct CINCensusSelectionTests {
    typealias F = CINFixture
    let year = CINCensusYear(ending: 2026)!

    func episode(_ referred: String, closed: String? = nil, nfa: Bool = false) -> CINEpisode {
        CINEpisode(
            referralDate: F.d(referred), referralSource: .police, primaryNeed: nfa ? nil : .N1,
            closure: closed.map { CINClosure(date: F.d($0), reason: .RC7) }, referralNFA: nfa)
    }

    func child(_ id: String, _ episodes: [CINEpisode]) -> CINChild {
        CINChild(laChildID: id, birthDate: F.d("2012-01-01"), sex: .male, ethnicity: .WBRI, disabilities: [.NONE], episodes: episodes)
    }

    @Test("the 2025-26 census runs from 1 April 2025 to its reference date, 31 March 2026")
    func yearBounds() {
        #expect(year.start == F.d("2025-04-01"))
        #expect(year.referenceDate == F.d("2026-03-31"))
        #expect(year.description == "2025-26")
        #expect(CINCensusYear(containing: F.d("2025-04-01")) == year)
        #expect(CINCensusYear(containing: F.d("2026-03-31")) == year)
        #expect(CINCensusYear(containing: F.d("2026-04-01")) == CINCensusYear(ending: 2027))
        #expect(CINCensusYear(ending: 2000)?.description == "1999-00")
        #expect(CINCensusYear(ending: 1900) == nil && CINCensusYear(ending: 10_000) == nil)
    }

    @Test("an episode closed on 31 March of the year before is out; one closed on 1 April is in")
    func closedAtTheStart() {
        #expect(!year.includes(episode("2025-01-10", closed: "2025-03-31")))
        #expect(year.includes(episode("2025-01-10", closed: "2025-04-01")))
    }

    @Test("an episode referred on 31 March is in; one referred on 1 April belongs to the next year")
    func referredAtTheEnd() {
        #expect(year.includes(episode("2026-03-31")))
        #expect(!year.includes(episode("2026-04-01")))
        #expect(CINCensusYear(ending: 2027)!.includes(episode("2026-04-01")))
    }

    @Test("an episode open since years before is in every census until it closes")
    func longOpen() {
        #expect(year.includes(episode("2019-09-09")))
        #expect(year.includes(episode("2019-09-09", closed: "2026-06-01")))
        #expect(!CINCensusYear(ending: 2019)!.includes(episode("2019-09-09")))
    }

    @Test("only children with an episode in the year are returned, with only those episodes, in referral order")
    func selectChildren() {
        let children = [
            child("A1", [episode("2024-05-01", closed: "2024-06-01"), episode("2025-09-01", nfa: true)]),
            child("B2", [episode("2024-05-01", closed: "2025-03-31")]),
            child("C3", [episode("2026-04-02")]),
            child("D4", [episode("2026-01-05", closed: "2026-01-05", nfa: true), episode("2025-04-01", closed: "2025-10-01")]),
        ]
        let selected = year.select(children)
        #expect(selected.map(\.laChildID) == ["A1", "D4"])
        #expect(selected[0].episodes.map(\.referralDate) == [F.d("2025-09-01")])
        #expect(selected[1].episodes.map(\.referralDate) == [F.d("2025-04-01"), F.d("2026-01-05")])
    }

    @Test("what happened after 31 March is not yet known: closure, authorisation, conference, plan end, reviews")
    func snapshotAtReferenceDate() throws {
        var e = episode("2026-03-02", closed: "2026-06-30")
        e.assessments = [CINAssessment(startDate: F.d("2026-03-03"), authorisationDate: F.d("2026-04-14"), factors: [.neglect])]
        e.section47Enquiries = [
            CINSection47(startDate: F.d("2026-03-20"), initialConferenceTarget: F.d("2026-04-13"), initialConferenceDate: F.d("2026-04-08")),
        ]
        e.cinPlans = [CINPlanPeriod(startDate: F.d("2026-03-10"), endDate: F.d("2026-04-08"))]
        e.childProtectionPlans = [
            CINChildProtectionPlan(startDate: F.d("2026-04-08"), initialCategory: .NEG, latestCategory: .NEG),
        ]
        let snapped = try #require(year.snapshot(child("X", [e])))
        let s = snapped.episodes[0]
        #expect(s.closure == nil)
        #expect(s.assessments == [CINAssessment(startDate: F.d("2026-03-03"))])
        #expect(s.section47Enquiries[0].initialConferenceDate == nil)
        #expect(s.section47Enquiries[0].initialConferenceTarget == F.d("2026-04-13"))
        #expect(s.cinPlans == [CINPlanPeriod(startDate: F.d("2026-03-10"))])
        #expect(s.childProtectionPlans.isEmpty)
    }

    @Test("parts that ended before 1 April are left out; open parts and those ending in the year stay")
    func partsEndedBeforeTheYear() throws {
        var e = episode("2025-01-06", closed: "2025-09-30")
        e.assessments = [
            CINAssessment(startDate: F.d("2025-01-07"), authorisationDate: F.d("2025-02-20"), factors: [.neglect]),
            CINAssessment(startDate: F.d("2025-03-03"), authorisationDate: F.d("2025-04-01"), factors: [.neglect]),
        ]
        e.section47Enquiries = [
            CINSection47(startDate: F.d("2025-01-07"), initialConferenceDate: F.d("2025-01-27")),
            CINSection47(startDate: F.d("2025-03-10"), conferenceNotRequired: true),
            CINSection47(startDate: F.d("2025-04-02"), conferenceNotRequired: true),
        ]
        e.childProtectionPlans = [
            CINChildProtectionPlan(startDate: F.d("2025-01-27"), endDate: F.d("2025-03-31"), initialCategory: .EMO, latestCategory: .EMO),
        ]
        e.cinPlans = [
            CINPlanPeriod(startDate: F.d("2025-03-31"), endDate: F.d("2025-09-30")),
        ]
        let s = try #require(year.snapshot(child("Y", [e]))).episodes[0]
        #expect(s.assessments.map(\.startDate) == [F.d("2025-03-03")])
        #expect(s.section47Enquiries.map(\.startDate) == [F.d("2025-04-02")])
        #expect(s.childProtectionPlans.isEmpty)
        #expect(s.cinPlans.count == 1)
    }

    @Test("a child born after the reference date was unborn on it: expected date of birth, sex U")
    func bornAfterTheReferenceDate() throws {
        var c = child("U1", [episode("2026-01-12")])
        c.birthDate = F.d("2026-04-20")
        c.sex = .female
        let s = try #require(year.snapshot(c))
        #expect(s.birthDate == nil)
        #expect(s.expectedBirthDate == F.d("2026-04-20"))
        #expect(s.sex == .unknown)
        c.expectedBirthDate = F.d("2026-04-25")
        #expect(year.snapshot(c)?.expectedBirthDate == F.d("2026-04-25"))
    }

    @Test("a death after the reference date is not yet known")
    func deathAfterReferenceDate() {
        var c = child("D1", [episode("2026-01-12")])
        c.deathDate = F.d("2026-05-01")
        #expect(year.snapshot(c)?.deathDate == nil)
        c.deathDate = F.d("2026-03-31")
        #expect(year.snapshot(c)?.deathDate == F.d("2026-03-31"))
    }

    @Test("for any episode: in the year exactly when referred by 31 March and not closed before 1 April; nothing selected is dated after the reference date")
    func selectionRule() async {
        let day = Gen.int(in: -800...800)
        await propertyCheck(count: 500, input: day, Gen.int(in: 0...900).optional, Gen.int(in: 0...60), Gen.int(in: 0...120)) {
            offset, length, assessmentDays, planDays in
            let referral = LocalDate(iso: "2025-10-01")!.testPlusDays(offset)
            var e = episode(referral.iso, closed: length.map { referral.testPlusDays($0).iso })
            e.assessments = [CINAssessment(startDate: referral.testPlusDays(1), authorisationDate: referral.testPlusDays(1 + assessmentDays), factors: [.neglect])]
            e.cinPlans = [CINPlanPeriod(startDate: referral.testPlusDays(2 + assessmentDays), endDate: referral.testPlusDays(3 + assessmentDays + planDays))]
            let expected = referral <= year.referenceDate && (length.map { referral.testPlusDays($0) >= year.start } ?? true)
            #expect(year.includes(e) == expected)
            let selected = year.select([child("P", [e])])
            #expect(selected.count == (expected ? 1 : 0))
            for s in selected.flatMap(\.episodes) {
                let dates = [s.referralDate] + [s.closure?.date].compactMap { $0 }
                    + s.assessments.flatMap { [$0.startDate] + [$0.authorisationDate].compactMap { $0 } }
                    + s.cinPlans.flatMap { [$0.startDate] + [$0.endDate].compactMap { $0 } }
                #expect(dates.allSatisfy { $0 <= year.referenceDate })
                #expect(s.assessments.allSatisfy { $0.authorisationDate.map { $0 >= year.start } ?? true })
                #expect(s.cinPlans.allSatisfy { $0.endDate.map { $0 >= year.start } ?? true })
            }
        }
    }
}

extension LocalDate {
    /// Test shorthand: the date `days` later.
    fileprivate func testPlusDays(_ days: Int) -> LocalDate {
        var date = self
        let step = days >= 0 ? 1 : -1
        for _ in 0..<abs(days) { date = date.next(step) }
        return date
    }

    private func next(_ step: Int) -> LocalDate {
        let lengths = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if step > 0 {
            if day < lengths[month - 1] { return LocalDate(year: year, month: month, day: day + 1)! }
            return month == 12 ? LocalDate(year: year + 1, month: 1, day: 1)! : LocalDate(year: year, month: month + 1, day: 1)!
        }
        if day > 1 { return LocalDate(year: year, month: month, day: day - 1)! }
        if month == 1 { return LocalDate(year: year - 1, month: 12, day: 31)! }
        let previous = month - 1
        return LocalDate(year: year, month: previous, day: lengths[previous - 1])!
    }
}
