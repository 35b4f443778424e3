/// A children in need census year: 1 April to 31 March, named by the year it ends in (the
/// 2025-26 census is `CINCensusYear(ending: 2026)`, with `<Year>2026</Year>` and reference date
/// 2026-03-31, as rule 100 requires).
public struct CINCensusYear: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let endingYear: Int

    /// nil for a year no census could have (before 1901 or after 9998): the year often comes
    /// from a request, and a bad one must be refused, not crash.
    public init?(ending endingYear: Int) {
        guard (1901...9998).contains(endingYear) else { return nil }
        self.endingYear = endingYear
    }

    /// The census year a date falls in (for dates from 1 April 1900 to 31 March 9998).
    public init?(containing date: LocalDate) {
        self.init(ending: date.month >= 4 ? date.year + 1 : date.year)
    }

    /// 1 April of the year before.
    public var start: LocalDate { LocalDate(year: endingYear - 1, month: 4, day: 1)! }

    /// 31 March: the census reference date, and the last day of the year.
    public var referenceDate: LocalDate { LocalDate(year: endingYear, month: 3, day: 31)! }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= referenceDate }

    /// "2025-26".
    public var description: String {
        let next = String(endingYear % 100)
        return "\(endingYear - 1)-\(next.count == 1 ? "0" + next : next)"
    }

    public static func < (lhs: CINCensusYear, rhs: CINCensusYear) -> Bool { lhs.endingYear < rhs.endingYear }
}

// MARK: - Which children and episodes belong in a return

extension CINCensusYear {
    /// An episode belongs in the census when it was open at some point in the year: referred on or
    /// before 31 March and not closed before 1 April of the year before. (An episode closed on
    /// 31 March of the year before belongs to the previous census only; one referred on 31 March
    /// belongs to this one.)
    public func includes(_ episode: CINEpisode) -> Bool {
        guard episode.referralDate <= referenceDate else { return false }
        guard let closure = episode.closure else { return true }
        return closure.date >= start
    }

    /// The census return's children: each child with at least one episode open in the year, every
    /// such episode, and each of them as it stood on the reference date.
    ///
    /// "As it stood": the census is a snapshot at 31 March, so whatever is dated after it is not
    /// yet known — a closure, authorisation, conference, plan end, review or death after the
    /// reference date is left out, and a child born after it was an unborn child then (expected
    /// date of birth, sex U). Parts that ended before the year began are left out too, as the
    /// census asks (rules 8696, 8715, 4013, 8930): an assessment authorised, a conference held,
    /// a CIN plan or a child protection plan ended before 1 April, or a section 47 enquiry that
    /// needed no conference and began before 1 April (the census has no date for its end).
    /// Episodes come in referral order and their parts in date order. Children keep the order
    /// they were given.
    public func select(_ children: [CINChild]) -> [CINChild] {
        children.compactMap(snapshot)
    }

    /// One child as the census sees them, or nil if no episode of theirs was open in the year.
    public func snapshot(_ child: CINChild) -> CINChild? {
        let episodes = child.episodes.filter(includes).map(snapshot).sorted { $0.referralDate < $1.referralDate }
        guard !episodes.isEmpty else { return nil }
        var result = child
        result.episodes = episodes
        if let born = child.birthDate, born > referenceDate {
            // Born after the reference date: unborn on it.
            result.birthDate = nil
            result.expectedBirthDate = child.expectedBirthDate ?? born
            result.sex = .unknown
        }
        if let died = child.deathDate, died > referenceDate { result.deathDate = nil }
        return result
    }

    func snapshot(_ episode: CINEpisode) -> CINEpisode {
        episode.asAt(referenceDate, droppingEndedBefore: start)
    }
}

extension CINEpisode {
    /// The episode as it stood at the end of `date`: what is dated later is not yet known.
    /// With `yearStart`, parts that ended before it are left out as well (see `CINCensusYear.select`).
    func asAt(_ date: LocalDate, droppingEndedBefore yearStart: LocalDate?) -> CINEpisode {
        let end = date
        func endedEarlier(_ day: LocalDate) -> Bool { yearStart.map { day < $0 } ?? false }
        var result = self
        if let closure, closure.date > end { result.closure = nil }
        if let held = initialConferenceDate, held > end { result.initialConferenceDate = nil }

        result.assessments = assessments.compactMap { assessment in
            guard assessment.startDate <= end else { return nil }
            var a = assessment
            if let review = a.internalReviewDate, review > end { a.internalReviewDate = nil }
            if let authorised = a.authorisationDate {
                if endedEarlier(authorised) { return nil }
                if authorised > end {
                    a.authorisationDate = nil
                    a.factors = []
                }
            }
            return a
        }.sorted { $0.startDate < $1.startDate }

        result.cinPlans = cinPlans.compactMap { plan in
            guard plan.startDate <= end else { return nil }
            var p = plan
            if let ended = p.endDate {
                if endedEarlier(ended) { return nil }
                if ended > end { p.endDate = nil }
            }
            return p
        }.sorted { $0.startDate < $1.startDate }

        result.section47Enquiries = section47Enquiries.compactMap { enquiry in
            guard enquiry.startDate <= end else { return nil }
            var s = enquiry
            if let held = s.initialConferenceDate {
                if endedEarlier(held) { return nil }
                if held > end { s.initialConferenceDate = nil }
            } else if s.conferenceNotRequired, endedEarlier(s.startDate) {
                // The census holds no date for the decision that no conference was needed. An
                // enquiry should conclude within 15 working days, so one begun before the year
                // is taken to have ended before it.
                return nil
            }
            return s
        }.sorted { $0.startDate < $1.startDate }

        result.childProtectionPlans = childProtectionPlans.compactMap { plan in
            guard plan.startDate <= end else { return nil }
            var p = plan
            if let ended = p.endDate {
                if endedEarlier(ended) { return nil }
                if ended > end { p.endDate = nil }
            }
            p.reviewDates = p.reviewDates.filter { $0 <= end }.sorted()
            return p
        }.sorted { $0.startDate < $1.startDate }
        return result
    }
}
