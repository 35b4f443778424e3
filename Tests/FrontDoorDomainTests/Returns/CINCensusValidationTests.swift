import Foundation
import FrontDoorDomain
import Testing

@Suite("CIN census: the checks made before sending")
struct CINCensusValidationTests {
    typealias F = CINFixture

    /// The rules a return of these children breaks, without the return-wide disability query
    /// (2887Q) that any return of a handful of children raises.
    func rules(_ children: [CINChild]) -> Set<String> {
        Set(F.census(children).validate().map(\.rule)).subtracting(["2887Q"])
    }

    func rules(_ change: (inout CINChild) -> Void) -> Set<String> {
        var child = F.fullChild()
        change(&child)
        return rules([child])
    }

    @Test("the fully filled-in fixture is clean")
    func fixtureIsClean() {
        #expect(F.census([F.fullChild()]).validate().map(\.rule) == ["2887Q"])
        #expect(rules([F.fullChild()]).isEmpty)
    }

    @Test("an unborn child must have sex U (8750) and an expected date of birth in range (8530Q)")
    func unbornChild() {
        #expect(rules {
            $0.birthDate = nil
            $0.deathDate = nil
            $0.expectedBirthDate = F.d("2026-12-31")
            $0.episodes[0].closure = nil
            $0.episodes[0].cinPlans[0].endDate = nil
            $0.episodes[0].cinPlans = []
        }.isSuperset(of: ["8750", "8530Q"]))
    }

    @Test("date of birth and expected date of birth: exactly one (8525Q)")
    func birthDates() {
        #expect(rules { $0.expectedBirthDate = F.d("2026-05-01") }.contains("8525Q"))
        #expect(rules { $0.birthDate = nil; $0.deathDate = nil; $0.episodes[0].closure = nil }.contains("8525Q"))
    }

    @Test("LA child IDs: at most 20 letters and digits, unique", arguments: [
        ("ABCDEFGHIJ0123456789X", "1570"), ("AB-12", "1580"), ("AB 12", "1580"), ("", "8500"),
    ])
    func childIDs(pair: (String, String)) {
        #expect(rules { $0.laChildID = pair.0 }.contains(pair.1))
    }

    @Test("the same LA child ID or UPN twice in a return")
    func duplicates() {
        #expect(rules([F.fullChild(id: "A1"), F.fullChild(id: "A1")]).isSuperset(of: ["8510", "1520"]))
    }

    @Test("a UPN from an unknown LA (1530); a former UPN that was temporary (1560Q)")
    func upns() {
        #expect(rules { $0.upn = F.upn("999123425001") }.contains("1530"))
        #expect(rules { $0.formerUPN = F.upn("85012342500A") }.contains("1560Q"))
    }

    @Test("school-age children going to further action need a UPN or a reason other than UN1 (8770Q); UN7 only for NFA (8772)")
    func upnUnknown() {
        #expect(rules { $0.upn = nil; $0.upnUnknown = .UN1 }.contains("8770Q"))
        #expect(rules { $0.upn = nil; $0.upnUnknown = nil }.contains("8770Q"))
        #expect(!rules { $0.upn = nil; $0.upnUnknown = .UN4 }.contains("8770Q"))
        #expect(rules { $0.upn = nil; $0.upnUnknown = .UN7 }.contains("8772"))
    }

    @Test("disabilities: needed for a born child with further action (8540); NONE alone (8790); no repeats (8794)")
    func disabilities() {
        #expect(rules { $0.disabilities = [] }.contains("8540"))
        #expect(rules { $0.disabilities = [.NONE, .AUT] }.contains("8790"))
        #expect(rules { $0.disabilities = [.AUT, .AUT] }.contains("8794"))
    }

    @Test("a referral with no further action has nothing on it (8831, 8832, 4000) and needs no primary need")
    func noFurtherAction() {
        let found = rules { $0.episodes[0].referralNFA = true }
        #expect(found.isSuperset(of: ["8831", "8832", "4000"]))
        #expect(rules {
            $0.episodes = [CINEpisode(referralDate: F.d("2025-09-01"), referralSource: .police, referralNFA: true)]
        }.isEmpty)
        #expect(rules { $0.episodes[0].primaryNeed = nil }.contains("8610"))
    }

    @Test("episodes must not overlap (8820), and only the latest may stay open (8815, 8816)")
    func overlappingEpisodes() {
        let open = CINEpisode(referralDate: F.d("2025-06-01"), referralSource: .police, primaryNeed: .N1, referralNFA: false)
        let later = CINEpisode(referralDate: F.d("2025-08-01"), referralSource: .police, primaryNeed: .N1, referralNFA: false)
        let found = rules([CINChild(laChildID: "E1", upn: F.upn("850123425001"), birthDate: F.d("2015-01-01"), sex: .male, ethnicity: .WBRI,
                                    disabilities: [.NONE], episodes: [open, later])])
        #expect(found.isSuperset(of: ["8815", "8816", "8820"]))
    }

    @Test("a plan starting in the year starts on the day of a conference (2885); more plans than conferences (2883)")
    func planWithoutConference() {
        #expect(rules { $0.episodes[0].childProtectionPlans[0].startDate = F.d("2025-05-29") } == ["2885"])
        let noConference = rules {
            $0.episodes[0].section47Enquiries[0].initialConferenceDate = nil
            $0.episodes[0].section47Enquiries[0].conferenceNotRequired = true
        }
        #expect(noConference.isSuperset(of: ["2885", "2883"]))
    }

    @Test("a conference on a Saturday (8875); a target on a Sunday (8870Q); before the enquiry (8615)")
    func conferenceDates() {
        #expect(rules { $0.episodes[0].section47Enquiries[0].initialConferenceDate = F.d("2025-05-31") }.contains("8875"))
        #expect(rules { $0.episodes[0].section47Enquiries[0].initialConferenceTarget = F.d("2025-06-01") }.contains("8870Q"))
        #expect(rules { $0.episodes[0].section47Enquiries[0].startDate = F.d("2025-05-29") }.contains("8615"))
    }

    @Test("the same conference on the episode and on its enquiry (2884)")
    func conferenceRecordedTwice() {
        #expect(rules { $0.episodes[0].initialConferenceDate = F.d("2025-05-28") }.contains("2884"))
    }

    @Test("assessment factors: 21 stands alone (8869); none repeated (8898); needed once authorised (8897Q); only once authorised (8614)")
    func factors() {
        #expect(rules { $0.episodes[0].assessments[0].factors = [.noFactorsIdentified, .neglect] }.contains("8869"))
        #expect(rules { $0.episodes[0].assessments[0].factors = [.neglect, .neglect] }.contains("8898"))
        #expect(rules { $0.episodes[0].assessments[0].factors = [] }.contains("8897Q"))
        #expect(rules {
            $0.episodes[0].assessments[0].authorisationDate = nil
            $0.episodes[0].closure = nil
        }.contains("8614"))
    }

    @Test("a closed episode with an open assessment (8867) or an unfinished enquiry (8868); activity after closure (8565)")
    func closedEpisodes() {
        #expect(rules { $0.episodes[0].assessments[0].authorisationDate = nil; $0.episodes[0].assessments[0].factors = [] }.contains("8867"))
        #expect(rules { $0.episodes[0].section47Enquiries[0].initialConferenceDate = nil }.contains("8868"))
        #expect(rules { $0.episodes[0].section47Enquiries[0].conferenceNotRequired = true }.contains("8868"))
        #expect(rules { $0.episodes[0].closure = CINClosure(date: F.d("2026-03-01"), reason: .RC7) }.contains("8565"))
    }

    @Test("closed after assessment (RC8, RC9) means no enquiry, conference or plan (2990)")
    func closedAfterAssessment() {
        #expect(rules { $0.episodes[0].closure = CINClosure(date: F.d("2026-03-20"), reason: .RC8) }.contains("2990"))
    }

    @Test("a CIN plan running alongside a child protection plan (4001, 4016, 4017)")
    func plansTogether() {
        let found = rules {
            $0.episodes[0].childProtectionPlans[0].endDate = nil
            $0.episodes[0].childProtectionPlans[0].reviewDates = [F.d("2025-08-01")]
            $0.episodes[0].cinPlans[0].endDate = nil
            $0.episodes[0].closure = nil
            $0.deathDate = nil
        }
        #expect(found.isSuperset(of: ["4001", "4016"]))
        let earlier = rules { $0.episodes[0].cinPlans = [CINPlanPeriod(startDate: F.d("2025-05-20"), endDate: F.d("2025-06-30"))] }
        #expect(earlier.contains("4017"))
    }

    @Test("dates outside the census year are reported by the rule that names them")
    func outsideTheYear() {
        #expect(rules { $0.episodes[0].referralDate = F.d("2026-04-01") }.contains("8600"))
        #expect(rules { $0.episodes[0].closure = CINClosure(date: F.d("2026-04-02"), reason: .RC7) }.contains("8620"))
        #expect(rules { $0.episodes[0].assessments[0].authorisationDate = F.d("2025-03-01") }.contains("8696"))
        #expect(rules { $0.episodes[0].childProtectionPlans[0].endDate = F.d("2025-03-30") }.contains("8930"))
        #expect(rules { $0.deathDate = F.d("2025-03-01") }.contains("8545Q"))
    }

    @Test("the header's LA number has three digits")
    func header() {
        let problems = F.census([F.fullChild()], la: "85").validate()
        #expect(problems.contains { $0.rule == "schema" && $0.field == "Header.Source.LEA" })
    }

    @Test("problems say what, where and whose, and tell errors from queries")
    func problemText() throws {
        let problem = try #require(F.census([{ var c = F.fullChild(); c.disabilities = []; return c }()]).validate().first { $0.rule == "8540" })
        #expect(problem.severity == .error)
        #expect(problem.description == "error 8540: child C1234, ChildCharacteristics.Disabilities: give at least one disability code (NONE if the child has none)")
        #expect(CINCensusProblem(rule: "8770Q", laChildID: nil, field: "", message: "m").severity == .query)
    }
}
