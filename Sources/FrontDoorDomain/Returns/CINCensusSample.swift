/// Synthetic children for the census and Annex A: whole histories of episodes that follow the
/// statutory flow (referral → assessment → section 47 enquiry → conference → plan), drawn from a
/// seed so the same seed gives the same children everywhere. No real person is described: ids,
/// UPNs and dates are generated, and names appear only as invented worker names.
///
/// Histories run from up to two years before the census year to three months after it, so that
/// `CINCensusYear.select` has episodes to leave out and events after the reference date to cut.
/// The timings keep to what the DfE checks expect of good data (assessments authorised within
/// 45 working days, conferences within 15 working days of the strategy discussion, no
/// overlapping episodes or plans), so a sample return should pass validation clean.
public enum CINCensusSample {
    /// `count` children, each with at least one episode open in `year`. `la` is the DfE number
    /// their ids and most UPNs carry (850 if it is not three digits).
    public static func children(
        la: String, year: CINCensusYear, count: Int, seed: UInt64, calendar: WorkingCalendar = WorkingCalendar()
    ) -> [CINChild] {
        let code = la.count == 3 && la.allSatisfy(\.isASCIIDigit) ? la : "850"
        var generator = Generator(la: code, year: year, rng: SeededRandom(seed: seed), calendar: calendar)
        var children: [CINChild] = []
        var serial = 0
        while children.count < count {
            serial += 1
            let child = generator.child(serial: serial)
            if year.snapshot(child) != nil { children.append(child) }
        }
        return children
    }

    struct Generator {
        let la: String
        let year: CINCensusYear
        var rng: SeededRandom
        let calendar: WorkingCalendar
        var usedUPNs: Set<String> = []

        init(la: String, year: CINCensusYear, rng: SeededRandom, calendar: WorkingCalendar) {
            self.la = la
            self.year = year
            self.rng = rng
            self.calendar = calendar
        }

        var reference: LocalDate { year.referenceDate }
        /// Nothing in a history is dated after this: "today" for the sample.
        var horizon: LocalDate { ReturnDates.adding(days: 92, to: year.referenceDate) }

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        mutating func days(_ range: ClosedRange<Int>, after date: LocalDate) -> LocalDate {
            ReturnDates.adding(days: int(range), to: date)
        }
        mutating func workingDays(_ range: ClosedRange<Int>, after date: LocalDate) -> LocalDate {
            calendar.adding(workingDays: int(range), to: date)
        }

        // MARK: The child

        mutating func child(serial: Int) -> CINChild {
            let id = "FD\(la)" + pad(serial, 6)
            let unborn = rng.chance(0.04)
            var child = CINChild(laChildID: id, sex: rng.chance(0.5) ? .male : .female, ethnicity: ethnicity())
            var firstReferral: LocalDate
            if unborn {
                let expected = days(15...240, after: reference)
                child.expectedBirthDate = expected
                if rng.chance(0.5) { child.birthDate = days(-7...7, after: expected) }  // born after the reference date
                child.sex = child.birthDate == nil ? .unknown : child.sex
                let earliest = max(year.start, ReturnDates.adding(days: -200, to: expected))
                let latest = min(ReturnDates.adding(days: -30, to: reference), ReturnDates.adding(days: -30, to: expected))
                firstReferral = earliest <= latest ? days(0...max(0, ReturnDates.days(from: earliest, to: latest)), after: earliest) : latest
            } else {
                let age = rng.weighted([(0, 0.12), (1, 0.06), (2, 0.06), (3, 0.06), (4, 0.06), (5, 0.06), (6, 0.06),
                                        (7, 0.05), (8, 0.05), (9, 0.05), (10, 0.05), (11, 0.05), (12, 0.05),
                                        (13, 0.05), (14, 0.06), (15, 0.06), (16, 0.05), (17, 0.04)])
                let born = days(-364...0, after: ReturnDates.adding(years: -age, to: reference))
                child.birthDate = born
                if rng.chance(0.006) { child.sex = .unknown }
                // Most histories start in the census year; some a year or two before it.
                let historyStart = rng.weighted([(0, 0.7), (1, 0.22), (2, 0.08)])
                let from = ReturnDates.adding(years: -historyStart, to: year.start)
                firstReferral = days(0...364, after: from)
                if firstReferral < born {
                    // A pre-birth referral at most about four months before the birth.
                    firstReferral = max(firstReferral, days(-120 ... -20, after: born))
                }
            }
            let (episodes, died) = self.episodes(from: firstReferral, for: child)
            child.episodes = episodes.map { $0.asAt(horizon, droppingEndedBefore: nil) }
            child.deathDate = died
            if child.birthDate != nil, child.expectedBirthDate == nil {
                identifiers(for: &child)
                child.disabilities = disabilities(furtherAction: child.episodes.contains { !$0.referralNFA })
            } else if child.episodes.allSatisfy(\.referralNFA), rng.chance(0.3) {
                child.upnUnknown = .UN7
            }
            return child
        }

        mutating func episodes(from firstReferral: LocalDate, for child: CINChild) -> ([CINEpisode], LocalDate?) {
            var result: [CINEpisode] = []
            var referral = firstReferral
            var previousPlans = rng.chance(0.12) ? int(1...2) : 0
            var deathDecided = false
            while referral <= horizon, result.count < 4 {
                let unbornAtReferral = child.birthDate.map { referral < $0 } ?? true
                var episode = self.episode(referredOn: referral, unborn: unbornAtReferral, previousPlans: &previousPlans)
                // A few children die in the year: the last episode closes with RC2.
                if !deathDecided, !unbornAtReferral, child.expectedBirthDate == nil, rng.chance(0.01),
                    let died = death(closing: &episode)
                {
                    deathDecided = true
                    result.append(episode)
                    return (result, died)
                }
                result.append(episode)
                guard let closed = episode.closure?.date else { break }
                referral = days(20...260, after: closed)
                if !rng.chance(0.35) { break }  // most children have one episode; some are re-referred
            }
            return (result, nil)
        }

        /// Turns an episode into one ended by the child's death, when the dates allow it in the year.
        mutating func death(closing episode: inout CINEpisode) -> LocalDate? {
            guard !episode.referralNFA, episode.section47Enquiries.isEmpty, episode.childProtectionPlans.isEmpty,
                let authorised = episode.assessments.last?.authorisationDate
            else { return nil }
            let planStart = days(1...10, after: authorised)
            let died = days(20...120, after: planStart)
            guard year.contains(planStart), year.contains(died) else { return nil }
            if episode.assessments[episode.assessments.count - 1].factors == [.noFactorsIdentified] {
                // A child who went on to a CIN plan had factors identified.
                episode.assessments[episode.assessments.count - 1].factors = [.physicalDisabilityChild]
            }
            episode.cinPlans = [CINPlanPeriod(startDate: planStart, endDate: died)]
            episode.closure = CINClosure(date: died, reason: .RC2)
            return died
        }

        // MARK: One episode

        enum Flow: CaseIterable {
            case noFurtherAction, assessmentOnly, assessmentThenCINPlan, enquiryNoConference
            case enquiryConferenceNoPlan, enquiryThenProtectionPlan, cinPlanThenEscalation, movedInOnPlan
        }

        mutating func episode(referredOn requested: LocalDate, unborn: Bool, previousPlans: inout Int) -> CINEpisode {
            // Most referrals arrive on working days; police notifications come at weekends too.
            let referral = rng.chance(0.85) ? calendar.adding(workingDays: 0, to: requested) : requested
            let source = referralSource()
            let flow: Flow = unborn
                ? rng.weighted([(.noFurtherAction, 0.35), (.assessmentOnly, 0.35), (.enquiryThenProtectionPlan, 0.3)])
                : rng.weighted([(.noFurtherAction, 0.37), (.assessmentOnly, 0.27), (.assessmentThenCINPlan, 0.14),
                                (.enquiryNoConference, 0.06), (.enquiryConferenceNoPlan, 0.03),
                                (.enquiryThenProtectionPlan, 0.08), (.cinPlanThenEscalation, 0.03), (.movedInOnPlan, 0.02)])
            var e = CINEpisode(referralDate: referral, referralSource: source, referralNFA: false)
            if flow == .noFurtherAction {
                e.referralNFA = true
                e.primaryNeed = rng.chance(0.3) ? .N9 : nil
                // Closed the day it came in, unless (rarely, and only this year) left open.
                if !(year.contains(referral) && rng.chance(0.08)) {
                    e.closure = CINClosure(date: referral, reason: .RC7)
                }
                return e
            }
            e.primaryNeed = primaryNeed()
            var last: LocalDate
            switch flow {
            case .noFurtherAction:
                return e
            case .assessmentOnly:
                let (assessment, authorised) = self.assessment(from: referral, noFactorsLikely: true)
                e.assessments = [assessment]
                let reason: ReasonForClosure = rng.chance(0.55) ? .RC8 : .RC9
                e.closure = CINClosure(date: authorised, reason: reason)
                return e
            case .assessmentThenCINPlan:
                let (assessment, authorised) = self.assessment(from: referral)
                e.assessments = [assessment]
                let planStart = days(0...7, after: authorised)
                let planEnd = days(60...330, after: planStart)
                e.cinPlans = [CINPlanPeriod(startDate: planStart, endDate: planEnd)]
                last = planEnd
            case .enquiryNoConference:
                let enquiry = workingDays(0...2, after: referral)
                let (assessment, authorised) = self.assessment(
                    from: referral, startBy: enquiry, notBefore: workingDays(3...8, after: enquiry))
                e.assessments = [assessment]
                e.section47Enquiries = [CINSection47(startDate: enquiry, conferenceNotRequired: true)]
                last = authorised
                if rng.chance(0.4) {
                    let planEnd = days(60...240, after: authorised)
                    e.cinPlans = [CINPlanPeriod(startDate: authorised, endDate: planEnd)]
                    last = planEnd
                }
            case .enquiryConferenceNoPlan:
                let (enquiry, conference) = self.enquiry(from: referral)
                e.section47Enquiries = [enquiry]
                let (assessment, _) = self.assessment(from: referral, startBy: enquiry.startDate, notBefore: conference)
                e.assessments = [assessment]
                let planEnd = days(60...240, after: conference)
                e.cinPlans = [CINPlanPeriod(startDate: conference, endDate: planEnd)]
                last = planEnd
            case .enquiryThenProtectionPlan:
                let (enquiry, conference) = self.enquiry(from: referral)
                e.section47Enquiries = [enquiry]
                let (assessment, _) = self.assessment(from: referral, startBy: enquiry.startDate, notBefore: conference)
                e.assessments = [assessment]
                let plan = protectionPlan(startingOn: conference, previousPlans: previousPlans)
                previousPlans += 1
                e.childProtectionPlans = [plan]
                last = plan.endDate ?? plan.startDate
                if let ended = plan.endDate, rng.chance(0.45) {
                    // Stepped down to a CIN plan the day the protection plan ended.
                    let stepDownEnd = days(60...200, after: ended)
                    e.cinPlans = [CINPlanPeriod(startDate: ended, endDate: stepDownEnd)]
                    last = stepDownEnd
                }
            case .cinPlanThenEscalation:
                let (first, authorised) = self.assessment(from: referral)
                let planStart = days(0...5, after: authorised)
                // Fresh concerns while the CIN plan runs: a strategy discussion, a new assessment,
                // a conference; the CIN plan ends the day the protection plan starts.
                let concern = days(30...150, after: planStart)
                let (enquiry, conference) = self.enquiry(from: concern)
                let (second, _) = self.assessment(from: concern, startBy: enquiry.startDate, notBefore: conference)
                e.assessments = [first, second]
                e.cinPlans = [CINPlanPeriod(startDate: planStart, endDate: conference)]
                e.section47Enquiries = [enquiry]
                let plan = protectionPlan(startingOn: conference, previousPlans: previousPlans)
                previousPlans += 1
                e.childProtectionPlans = [plan]
                last = plan.endDate ?? plan.startDate
            case .movedInOnPlan:
                // Moved in from another authority on a plan: a transfer-in conference, no enquiry here.
                let conference = workingDays(5...15, after: referral)
                e.initialConferenceDate = conference
                e.referralSource = .laExternal
                let plan = protectionPlan(startingOn: conference, previousPlans: max(previousPlans, 1))
                previousPlans += 1
                e.childProtectionPlans = [plan]
                last = plan.endDate ?? plan.startDate
            }
            // An episode closes a little after its last plan ends; one whose plan runs on stays open.
            let plansRunOn = e.childProtectionPlans.contains { $0.endDate == nil }
            let closed = days(0...14, after: last)
            if !plansRunOn, closed <= horizon {
                let reason: ReasonForClosure = rng.weighted([(.RC7, 0.8), (.RC5, 0.1), (.RC3, 0.04), (.RC4, 0.04), (.RC6, 0.02)])
                e.closure = CINClosure(date: closed, reason: reason)
            }
            return e
        }

        /// An assessment started within three working days of `from` (and by `startBy`), authorised
        /// within 35 working days of its start and not before `notBefore`.
        mutating func assessment(
            from: LocalDate, startBy: LocalDate? = nil, notBefore: LocalDate? = nil, noFactorsLikely: Bool = false
        ) -> (CINAssessment, LocalDate) {
            // An assessment accompanies a section 47 enquiry: it has begun by the time the enquiry does.
            var started = workingDays(0...3, after: from)
            if let startBy, startBy < started { started = startBy }
            var authorised = workingDays(10...35, after: started)
            if let notBefore, authorised < notBefore { authorised = workingDays(0...3, after: notBefore) }
            let factors: [CINAssessmentFactor] = noFactorsLikely && rng.chance(0.3) ? [.noFactorsIdentified] : assessmentFactors()
            var assessment = CINAssessment(startDate: started, authorisationDate: authorised, factors: factors)
            if rng.chance(0.1) { assessment.internalReviewDate = workingDays(5...9, after: started) }
            return (assessment, authorised)
        }

        /// A section 47 enquiry opened by a strategy discussion within two working days of `from`,
        /// and its initial conference within 15 working days.
        mutating func enquiry(from: LocalDate) -> (CINSection47, LocalDate) {
            let started = workingDays(0...2, after: from)
            let conference = workingDays(6...12, after: started)
            let target = calendar.adding(workingDays: 15, to: started)
            return (CINSection47(startDate: started, initialConferenceTarget: target, initialConferenceDate: conference), conference)
        }

        mutating func protectionPlan(startingOn start: LocalDate, previousPlans: Int) -> CINChildProtectionPlan {
            let initial = rng.weighted([(CINCategoryOfAbuse.NEG, 0.5), (.EMO, 0.32), (.PHY, 0.08), (.SAB, 0.04), (.MUL, 0.06)])
            let latest = rng.chance(0.85) ? initial : rng.pick(CINCategoryOfAbuse.allCases)
            let length = int(90...540)
            let end = ReturnDates.adding(days: length, to: start)
            var reviews: [LocalDate] = []
            var review = calendar.adding(workingDays: 0, to: days(55...80, after: start))
            while review < end {
                reviews.append(review)
                review = calendar.adding(workingDays: 0, to: days(170...185, after: review))
            }
            // The review that ends the plan is held on the day it ends.
            let ended = calendar.adding(workingDays: 0, to: end)
            reviews.append(ended)
            return CINChildProtectionPlan(
                startDate: start, endDate: ended <= horizon ? ended : nil, initialCategory: initial, latestCategory: latest,
                numberOfPreviousPlans: previousPlans, reviewDates: reviews.filter { $0 <= horizon })
        }

        // MARK: Codes

        mutating func referralSource() -> ReferralSource {
            rng.weighted([(.police, 0.3), (.schools, 0.17), (.educationServices, 0.02), (.gp, 0.03), (.healthVisitor, 0.04),
                          (.schoolNurse, 0.01), (.otherPrimaryHealth, 0.02), (.accidentAndEmergency, 0.03), (.otherHealth, 0.04),
                          (.familyMember, 0.06), (.acquaintance, 0.02), (.selfReferral, 0.01), (.otherIndividual, 0.01),
                          (.housing, 0.02), (.laSocialCare, 0.04), (.laOtherInternal, 0.03), (.laExternal, 0.03),
                          (.earlyHelp, 0.02), (.otherLegalAgency, 0.02), (.other, 0.05), (.anonymous, 0.02), (.unknown, 0.01)])
        }

        mutating func primaryNeed() -> PrimaryNeed {
            rng.weighted([(.N1, 0.55), (.N2, 0.05), (.N3, 0.04), (.N4, 0.1), (.N5, 0.15), (.N6, 0.03), (.N7, 0.01),
                          (.N8, 0.03), (.N9, 0.02), (.N0, 0.02)])
        }

        mutating func assessmentFactors() -> [CINAssessmentFactor] {
            let common: [(CINAssessmentFactor, Double)] = [
                (.domesticAbuseParent, 0.2), (.mentalHealthParent, 0.17), (.emotionalAbuse, 0.12), (.neglect, 0.1),
                (.drugMisuseParent, 0.08), (.alcoholMisuseParent, 0.06), (.mentalHealthChild, 0.06),
                (.domesticAbuseChild, 0.05), (.physicalAbuseByAdult, 0.04), (.sexualAbuseByAdult, 0.02),
                (.sexualAbuseByChild, 0.01), (.physicalAbuseByChild, 0.01), (.selfHarm, 0.02), (.missing, 0.02),
                (.childSexualExploitation, 0.01), (.childCriminalExploitation, 0.01), (.learningDisabilityChild, 0.01),
                (.physicalDisabilityParent, 0.01), (.youngCarer, 0.01), (.gangs, 0.005), (.other, 0.02),
                (.sociallyUnacceptableBehaviour, 0.01), (.unaccompaniedAsylumSeeking, 0.005),
            ]
            var chosen: [CINAssessmentFactor] = []
            for _ in 0..<int(1...4) {
                let factor = rng.weighted(common)
                if !chosen.contains(factor) { chosen.append(factor) }
            }
            return chosen
        }

        mutating func ethnicity() -> Ethnicity {
            rng.weighted([(.WBRI, 0.66), (.WOTH, 0.05), (.WIRI, 0.005), (.WROM, 0.01), (.WIRT, 0.005), (.MWBC, 0.03),
                          (.MWBA, 0.01), (.MWAS, 0.02), (.MOTH, 0.03), (.AIND, 0.015), (.APKN, 0.03), (.ABAN, 0.01),
                          (.AOTH, 0.01), (.BCRB, 0.01), (.BAFR, 0.03), (.BOTH, 0.005), (.CHNE, 0.003), (.OOTH, 0.02),
                          (.REFU, 0.005), (.NOBT, 0.04)])
        }

        mutating func disabilities(furtherAction: Bool) -> [Disability] {
            if !furtherAction, rng.chance(0.4) { return [] }
            guard rng.chance(0.18) else { return [.NONE] }
            let codes: [(Disability, Double)] = [(.AUT, 0.25), (.LD, 0.15), (.COMM, 0.14), (.BEH, 0.14), (.MOB, 0.06),
                                                 (.HAND, 0.03), (.PC, 0.04), (.INC, 0.03), (.HEAR, 0.04), (.VIS, 0.03),
                                                 (.CON, 0.02), (.DDA, 0.07)]
            var chosen: [Disability] = []
            for _ in 0..<rng.weighted([(1, 0.6), (2, 0.3), (3, 0.1)]) {
                let code = rng.weighted(codes)
                if !chosen.contains(code) { chosen.append(code) }
            }
            return chosen
        }

        /// A UPN for most children of school age, some younger ones; otherwise a reason.
        mutating func identifiers(for child: inout CINChild) {
            guard let born = child.birthDate else { return }
            let schoolAge = born <= LocalDate(year: year.endingYear - 6, month: 8, day: 31)!
            let furtherAction = child.episodes.contains { !$0.referralNFA }
            if rng.chance(schoolAge ? 0.88 : 0.25) {
                child.upn = upn(issuedIn: rng.chance(0.85) ? la : rng.pick(["851", "852", "921", "330", "886", "936"]), born: born)
                if rng.chance(0.03) { child.formerUPN = upn(issuedIn: rng.pick(["850", "208", "873"]), born: born) }
            } else if schoolAge {
                child.upnUnknown = furtherAction ? rng.pick([.UN2, .UN3, .UN4, .UN5, .UN6]) : .UN7
            } else {
                child.upnUnknown = furtherAction ? .UN1 : rng.pick([.UN1, .UN7])
            }
        }

        /// A permanent UPN: check letter, LA, establishment, two-digit year of issue, serial.
        mutating func upn(issuedIn laCode: String, born: LocalDate) -> UPN {
            while true {
                let issued = (born.year + 4) % 100
                let body = laCode + pad(int(2000...7999), 4) + pad(issued, 2) + pad(int(0...999), 3)
                guard let letter = UPN.checkLetter(for: Array(body)[...]), let upn = UPN(String(letter) + body),
                    !usedUPNs.contains(upn.value)
                else { continue }
                usedUPNs.insert(upn.value)
                return upn
            }
        }

        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
    }
}
