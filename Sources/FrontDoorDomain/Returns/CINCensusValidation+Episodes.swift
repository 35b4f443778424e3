/// The census checks on one episode and its parts, and on a child's episodes and plans taken
/// together. Each check names the DfE rule it stands for.
extension CINCensusChecker {
    mutating func check(_ episode: CINEpisode, at path: String, of child: CINChild) {
        let referral = episode.referralDate
        if referral > end { add("8600", child, "\(path).CINreferralDate", "is after the reference date \(end.iso)") }
        if let died = child.deathDate, referral > died {
            add("8555Q", child, "\(path).CINreferralDate", "is after the child's date of death")
        }
        if let birth = child.birthDate ?? child.expectedBirthDate, referral < ReturnDates.adding(days: -280, to: birth) {
            add("8606", child, "\(path).CINreferralDate", "is more than 40 weeks before the (expected) date of birth")
        }
        if !episode.referralNFA, episode.primaryNeed == nil {
            add("8610", child, "\(path).PrimaryNeedCode", "is required for a referral that went to further action")
        }
        if episode.referralNFA, referral < calendar.adding(workingDays: -1, to: start) {
            add("8569Q", child, "\(path).ReferralNFA", "a referral made before the census year cannot be a referral with no further action in it")
        }
        checkClosure(episode, at: path, of: child)
        checkNoFurtherAction(episode, at: path, of: child)

        for (index, assessment) in episode.assessments.enumerated() {
            check(assessment, at: "\(path).Assessments[\(index)]", in: episode, of: child)
        }
        checkAssessmentsTogether(episode, at: path, of: child)
        for (index, plan) in episode.cinPlans.enumerated() {
            check(plan, at: "\(path).CINPlanDates[\(index)]", in: episode, of: child)
        }
        if episode.cinPlans.filter({ $0.endDate == nil }).count > 1 {
            add("4004", child, "\(path).CINPlanDates", "more than one open CIN plan in one episode")
        }
        for (index, enquiry) in episode.section47Enquiries.enumerated() {
            check(enquiry, at: "\(path).Section47[\(index)]", in: episode, of: child)
        }
        checkEnquiriesTogether(episode, at: path, of: child)
        for (index, plan) in episode.childProtectionPlans.enumerated() {
            check(plan, at: "\(path).ChildProtectionPlans[\(index)]", in: episode, of: child)
        }
        if let held = episode.initialConferenceDate, held < referral {
            add("1104", child, "\(path).DateOfInitialCPC", "is before the referral date")
        }
    }

    private mutating func checkClosure(_ episode: CINEpisode, at path: String, of child: CINChild) {
        guard let closure = episode.closure else { return }
        let field = "\(path).CINclosureDate"
        if closure.date < episode.referralDate { add("8630", child, field, "is before the referral date") }
        if !year.contains(closure.date) { add("8620", child, field, "is not within the census year \(year)") }
        if closure.reason == .RC2, child.deathDate == nil {
            add("8585Q", child, "\(path).ReasonForClosure", "RC2 (died) but the child has no date of death")
        }
        if closure.reason.closesAfterAssessment {
            if episode.assessments.isEmpty {
                add("8825Q", child, "\(path).ReasonForClosure", "\(closure.reason.rawValue) (closed after assessment) but the episode has no assessment")
            }
            if !episode.section47Enquiries.isEmpty || !episode.childProtectionPlans.isEmpty
                || episode.initialConferenceDate != nil || !episode.cinPlans.isEmpty
            {
                add("2990", child, "\(path).ReasonForClosure", "\(closure.reason.rawValue) (closed after assessment) but the episode has a section 47 enquiry, conference or plan")
            }
        }
        // 8565: nothing happens on an episode after it closed.
        var later: [LocalDate] = []
        for a in episode.assessments { later += [a.startDate] + [a.authorisationDate].compactMap { $0 } }
        for s in episode.section47Enquiries { later += [s.startDate] + [s.initialConferenceDate].compactMap { $0 } }
        for p in episode.cinPlans { later += [p.startDate] + [p.endDate].compactMap { $0 } }
        later += episode.childProtectionPlans.compactMap(\.endDate)
        later += [episode.initialConferenceDate].compactMap { $0 }
        if later.contains(where: { $0 > closure.date }) {
            add("8565", child, field, "activity on the episode is dated after its closure")
        }
        if episode.assessments.contains(where: { $0.authorisationDate == nil }) {
            add("8867", child, field, "the episode is closed but an assessment on it is not completed")
        }
        for (index, s) in episode.section47Enquiries.enumerated() {
            // Complete: a conference held, or marked not required — exactly one of the two.
            let complete = (s.initialConferenceDate != nil) != s.conferenceNotRequired
            if complete { continue }
            add("8868", child, "\(path).Section47[\(index)]",
                s.conferenceNotRequired
                    ? "an enquiry cannot both hold a conference and have it marked not required"
                    : "the episode is closed but the enquiry has neither a conference date nor 'conference not required'")
        }
    }

    private mutating func checkNoFurtherAction(_ episode: CINEpisode, at path: String, of child: CINChild) {
        guard episode.referralNFA else { return }
        let field = "\(path).ReferralNFA"
        if !episode.assessments.isEmpty || !episode.section47Enquiries.isEmpty || episode.initialConferenceDate != nil {
            add("8831", child, field, "a referral with no further action has an assessment, section 47 enquiry or conference")
        }
        if !episode.childProtectionPlans.isEmpty {
            add("8832", child, field, "a referral with no further action has a child protection plan")
        }
        if !episode.cinPlans.isEmpty {
            add("4000", child, field, "a referral with no further action has a CIN plan")
        }
    }

    // MARK: Assessments

    private mutating func check(_ a: CINAssessment, at path: String, in episode: CINEpisode, of child: CINChild) {
        if a.startDate < episode.referralDate {
            add("1103", child, "\(path).AssessmentActualStartDate", "is before the referral date")
        }
        if let authorised = a.authorisationDate {
            if authorised < a.startDate {
                add("8608", child, "\(path).AssessmentAuthorisationDate", "is before the assessment started")
            }
            if !year.contains(authorised) {
                add("8696", child, "\(path).AssessmentAuthorisationDate", "is not within the census year \(year)")
            }
            if authorised >= start, a.factors.isEmpty {
                add("8897Q", child, "\(path).FactorsIdentifiedAtAssessment", "a completed assessment needs its factors (21 if none were identified)")
            }
        } else {
            if !a.factors.isEmpty {
                add("8614", child, "\(path).FactorsIdentifiedAtAssessment", "factors are recorded only once the assessment is authorised")
            }
            if !year.contains(a.startDate) {
                add("8736", child, "\(path).AssessmentActualStartDate", "an assessment still open must have started in the census year")
            } else if a.startDate < calendar.adding(workingDays: -45, to: end) {
                add("8670Q", child, "\(path).AssessmentAuthorisationDate", "started more than 45 working days before the reference date and is not yet authorised")
            }
        }
        if a.factors.contains(.noFactorsIdentified), a.factors.count > 1 {
            add("8869", child, "\(path).FactorsIdentifiedAtAssessment", "factor 21 (no factors identified) cannot be given with other factors")
        }
        if Set(a.factors).count != a.factors.count {
            add("8898", child, "\(path).FactorsIdentifiedAtAssessment", "the same factor is given more than once")
        }
    }

    private mutating func checkAssessmentsTogether(_ episode: CINEpisode, at path: String, of child: CINChild) {
        let assessments = episode.assessments
        if assessments.filter({ $0.authorisationDate == nil }).count > 1 {
            add("8896", child, "\(path).Assessments", "more than one open assessment in one episode")
        }
        for (i, a) in assessments.enumerated() {
            for (j, b) in assessments.enumerated() where i != j {
                if a.startDate == b.startDate, a.authorisationDate == b.authorisationDate { continue }
                let overlaps = b.startDate >= a.startDate && b.startDate <= (a.authorisationDate ?? end)
                if overlaps {
                    add("8863Q", child, "\(path).Assessments[\(j)]", "starts while another assessment on the episode is ongoing")
                }
            }
        }
        if assessments.count == 1, assessments[0].factors.contains(.noFactorsIdentified),
            !(episode.closure?.reason.closesAfterAssessment ?? false)
        {
            add("8873Q", child, "\(path).ReasonForClosure", "the only assessment found no factors (21): the episode should close with RC8 or RC9")
        }
        if !episode.section47Enquiries.isEmpty, assessments.isEmpty {
            add("2991Q", child, "\(path).Assessments", "a section 47 enquiry is recorded but the episode has no assessment")
        }
    }

    // MARK: CIN plans

    private mutating func check(_ p: CINPlanPeriod, at path: String, in episode: CINEpisode, of child: CINChild) {
        if p.startDate > end { add("4010", child, "\(path).CINPlanStartDate", "is after the reference date") }
        if p.startDate < episode.referralDate { add("4015", child, "\(path).CINPlanStartDate", "is before the referral date") }
        if let died = child.deathDate, p.startDate > died {
            add("4008", child, "\(path).CINPlanStartDate", "is after the child's date of death")
        }
        guard let ended = p.endDate else { return }
        if ended < p.startDate { add("4011", child, "\(path).CINPlanEndDate", "is before the plan started") }
        if ended == p.startDate { add("4012Q", child, "\(path).CINPlanEndDate", "the plan starts and ends on the same day") }
        if !year.contains(ended) { add("4013", child, "\(path).CINPlanEndDate", "is not within the census year \(year)") }
        if let died = child.deathDate, ended > died {
            add("4009Q", child, "\(path).CINPlanEndDate", "is after the child's date of death")
        }
    }

    // MARK: Section 47 enquiries

    private mutating func check(_ s: CINSection47, at path: String, in episode: CINEpisode, of child: CINChild) {
        if s.startDate < episode.referralDate { add("2889", child, "\(path).S47ActualStartDate", "is before the referral date") }
        if let target = s.initialConferenceTarget, ReturnDates.isWeekend(target) {
            add("8870Q", child, "\(path).InitialCPCtarget", "falls at a weekend")
        }
        if let held = s.initialConferenceDate {
            if held < s.startDate { add("8615", child, "\(path).DateOfInitialCPC", "is before the enquiry started") }
            if held < episode.referralDate { add("1104", child, "\(path).DateOfInitialCPC", "is before the referral date") }
            if !year.contains(held) { add("8715", child, "\(path).DateOfInitialCPC", "is not within the census year \(year)") }
            if ReturnDates.isWeekend(held) { add("8875", child, "\(path).DateOfInitialCPC", "falls at a weekend") }
        } else if !s.conferenceNotRequired {
            if !year.contains(s.startDate) {
                add("8740", child, "\(path).S47ActualStartDate", "an enquiry with no conference yet must have started in the census year")
            } else if s.startDate < calendar.adding(workingDays: -15, to: end) {
                add("8675Q", child, "\(path).DateOfInitialCPC", "started more than 15 working days before the reference date and has no conference")
            }
        }
    }

    private mutating func checkEnquiriesTogether(_ episode: CINEpisode, at path: String, of child: CINChild) {
        let enquiries = episode.section47Enquiries
        let open = enquiries.filter { $0.initialConferenceDate == nil && !$0.conferenceNotRequired }
        if open.count > 1 { add("8839", child, "\(path).Section47", "more than one open section 47 enquiry in one episode") }
        for (i, a) in enquiries.enumerated() {
            for (j, b) in enquiries.enumerated() where i != j {
                if a.startDate == b.startDate, a.initialConferenceDate == b.initialConferenceDate { continue }
                let until: LocalDate? = a.initialConferenceDate ?? (a.conferenceNotRequired ? nil : end)
                if let until, b.startDate >= a.startDate, b.startDate <= until {
                    add("8890", child, "\(path).Section47[\(j)]", "starts while another section 47 enquiry is ongoing")
                }
            }
        }
    }

    // MARK: Child protection plans

    private mutating func check(_ p: CINChildProtectionPlan, at path: String, in episode: CINEpisode, of child: CINChild) {
        if p.startDate > end { add("8720", child, "\(path).CPPstartDate", "is after the reference date") }
        if p.startDate < episode.referralDate { add("1105", child, "\(path).CPPstartDate", "is before the referral date") }
        if let died = child.deathDate, p.startDate > died {
            add("8915", child, "\(path).CPPstartDate", "is after the child's date of death")
        }
        if p.numberOfPreviousPlans < 0 { add("8730", child, "\(path).NumberOfPreviousCPP", "must be 0 or more") }
        if let ended = p.endDate {
            if ended < p.startDate { add("8925", child, "\(path).CPPendDate", "is before the plan started") }
            if ended == p.startDate { add("8840", child, "\(path).CPPendDate", "a plan cannot start and end on the same day") }
            if !year.contains(ended) { add("8930", child, "\(path).CPPendDate", "is not within the census year \(year)") }
            if let died = child.deathDate, ended > died {
                add("8920", child, "\(path).CPPendDate", "is after the child's date of death")
            }
        }
        for (index, review) in p.reviewDates.enumerated() where review <= p.startDate {
            add("8841", child, "\(path).Reviews.CPPreviewDate[\(index)]", "a review is held after the plan starts")
        }
        // 2885: a plan starting in the year starts on the day of its initial conference.
        if year.contains(p.startDate) {
            let enquiries = episode.section47Enquiries.filter { !$0.conferenceNotRequired }
            let matches = enquiries.isEmpty
                ? episode.initialConferenceDate == p.startDate
                : enquiries.contains { $0.initialConferenceDate == p.startDate }
            if !matches {
                add("2885", child, "\(path).CPPstartDate", "does not match the date of an initial child protection conference on the episode")
            }
        }
    }

    // MARK: A child's episodes and plans together

    mutating func checkEpisodesTogether(_ child: CINChild) {
        let episodes = child.episodes
        let openFurther = episodes.indices.filter { episodes[$0].closure == nil && !episodes[$0].referralNFA }
        if openFurther.count > 1 {
            add("8815", child, "CINdetails", "more than one open episode that is not a referral with no further action")
        }
        if let latest = episodes.map(\.referralDate).max() {
            for index in openFurther where episodes[index].referralDate < latest {
                add("8816", child, "CINdetails[\(index)]", "an open episode must be the child's latest referral")
            }
        }
        for (i, a) in episodes.enumerated() {
            for (j, b) in episodes.enumerated() where i != j {
                guard b.referralDate >= a.referralDate else { continue }
                let overlaps: Bool
                if let closed = a.closure?.date {
                    overlaps = b.referralDate < closed
                } else {
                    overlaps = !a.referralNFA && b.referralDate < end
                }
                if overlaps {
                    add("8820", child, "CINdetails[\(j)].CINreferralDate", "falls within another episode (CINdetails[\(i)])")
                }
            }
        }
        let enquiryConferences = Set(episodes.flatMap { $0.section47Enquiries.compactMap(\.initialConferenceDate) })
        for (index, episode) in episodes.enumerated() {
            if let held = episode.initialConferenceDate, enquiryConferences.contains(held) {
                add("2884", child, "CINdetails[\(index)].DateOfInitialCPC", "the conference is already recorded on a section 47 enquiry")
            }
        }
    }

    mutating func checkPlansTogether(_ child: CINChild) {
        typealias Placed<T> = (path: String, item: T)
        var cinPlans: [Placed<CINPlanPeriod>] = []
        var protectionPlans: [Placed<CINChildProtectionPlan>] = []
        for (e, episode) in child.episodes.enumerated() {
            for (i, plan) in episode.cinPlans.enumerated() { cinPlans.append(("CINdetails[\(e)].CINPlanDates[\(i)]", plan)) }
            for (i, plan) in episode.childProtectionPlans.enumerated() {
                protectionPlans.append(("CINdetails[\(e)].ChildProtectionPlans[\(i)]", plan))
            }
            // 4001: an open child protection plan and an open CIN plan on the same episode.
            if episode.childProtectionPlans.contains(where: { $0.endDate == nil }), episode.cinPlans.contains(where: { $0.endDate == nil }) {
                add("4001", child, "CINdetails[\(e)]", "a CIN plan cannot run at the same time as a child protection plan")
            }
        }
        if protectionPlans.filter({ $0.item.endDate == nil }).count > 1 {
            add("8935", child, "ChildProtectionPlans", "more than one open child protection plan")
        }
        for (i, a) in protectionPlans.enumerated() {
            for (j, b) in protectionPlans.enumerated() where i != j {
                if b.item.startDate >= a.item.startDate, b.item.startDate <= (a.item.endDate ?? end) {
                    add("8940", child, "\(b.path).CPPstartDate", "overlaps another child protection plan (\(a.path))")
                }
            }
        }
        for (i, a) in cinPlans.enumerated() {
            for (j, b) in cinPlans.enumerated() where i != j {
                if b.item.startDate >= a.item.startDate, b.item.startDate <= (a.item.endDate ?? end) {
                    add("4014", child, "\(b.path).CINPlanStartDate", "overlaps another CIN plan (\(a.path))")
                }
            }
        }
        for cin in cinPlans {
            for cp in protectionPlans {
                // 4016: a CIN plan may start on the day a child protection plan ends, not during it.
                let cpOpenUntil = cp.item.endDate
                let cinStartsDuring = cin.item.startDate >= cp.item.startDate
                    && (cpOpenUntil.map { cin.item.startDate < $0 } ?? (cin.item.startDate <= end))
                if cinStartsDuring {
                    add("4016", child, "\(cin.path).CINPlanStartDate", "starts during a child protection plan (\(cp.path))")
                }
                // 4017: a child protection plan may start on the day a CIN plan ends, not during it.
                let cpStartsDuring = cp.item.startDate >= cin.item.startDate
                    && (cin.item.endDate.map { cp.item.startDate < $0 } ?? (cp.item.startDate <= end))
                if cpStartsDuring {
                    add("4017", child, "\(cp.path).CPPstartDate", "starts during a CIN plan (\(cin.path))")
                }
                // 4003: no review conference while a CIN plan runs, unless it is the one that ends the plan.
                if let cpEnd = cp.item.endDate, let cinEnd = cin.item.endDate {
                    for review in cp.item.reviewDates where review >= cin.item.startDate && review < cinEnd && review != cpEnd {
                        add("4003", child, "\(cp.path).Reviews", "a review on \(review.iso) is held while a CIN plan runs (\(cin.path))")
                    }
                }
            }
        }
    }
}
