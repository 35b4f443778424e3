/// Synthetic Annex A children made from synthetic census histories (`CINCensusSample`): each
/// referral came from a contact on the same day, some contacts led to nothing, and every piece of
/// work has an invented team and worker (`SyntheticNames`). No real person is described.
public enum AnnexASample {
    public static let teams = [
        "MASH", "Children's Reception Team", "Assessment Team, North", "Assessment Team, South",
        "Child Protection & Court Team", "Family Support (East)",
    ]

    public static func children(from histories: [CINChild], seed: UInt64, calendar: WorkingCalendar = WorkingCalendar()) -> [AnnexAChild] {
        var rng = SeededRandom(seed: seed)
        func worker() -> String {
            let given = rng.chance(0.7) ? rng.pick(SyntheticNames.adultsFemale) : rng.pick(SyntheticNames.adultsMale)
            return "\(given) \(rng.pick(SyntheticNames.surnames))"
        }
        return histories.map { history in
            var child = AnnexAChild(
                childID: history.laChildID, gender: AnnexAGender(sex: history.sex), ethnicity: history.ethnicity,
                dateOfBirth: history.birthDate, disability: AnnexAAnswer(disabilities: history.disabilities))
            let team = rng.pick(teams)
            for episode in history.episodes {
                child.contacts.append(AnnexAContact(date: episode.referralDate, source: episode.referralSource))
                child.referrals.append(AnnexAReferral(
                    date: episode.referralDate, source: episode.referralSource, noFurtherAction: episode.referralNFA,
                    allocatedTeam: "MASH", allocatedWorker: worker()))
                let assessedWorker = worker()
                let needsSupport = !(episode.closure?.reason.closesAfterAssessment ?? false)
                for assessment in episode.assessments {
                    child.assessments.append(AnnexAAssessment(
                        startDate: assessment.startDate,
                        childSeen: rng.weighted([(true, 0.92), (false, 0.05), (nil, 0.03)] as [(Bool?, Double)]),
                        authorisationDate: assessment.authorisationDate, requiresSocialCareSupport: needsSupport,
                        allocatedTeam: team, allocatedWorker: assessedWorker))
                }
                for enquiry in episode.section47Enquiries {
                    let concluded = enquiry.initialConferenceDate
                        ?? (enquiry.conferenceNotRequired ? calendar.adding(workingDays: Int.random(in: 3...10, using: &rng), to: enquiry.startDate) : nil)
                    let plan = enquiry.initialConferenceDate.map { held in
                        episode.childProtectionPlans.contains { $0.startDate == held }
                    }
                    child.section47Enquiries.append(AnnexASection47(
                        startDate: enquiry.startDate,
                        conferenceNotRequired: concluded == nil ? nil : enquiry.conferenceNotRequired,
                        concludedOn: concluded, conferenceDate: enquiry.initialConferenceDate,
                        conferenceResultedInPlan: plan, allocatedTeam: "Child Protection & Court Team",
                        allocatedWorker: assessedWorker))
                }
            }
            // Contacts that led to nothing: advice, signposting, information shared.
            if let first = history.episodes.first?.referralDate {
                for _ in 0..<rng.weighted([(0, 0.45), (1, 0.3), (2, 0.15), (3, 0.1)]) {
                    let date = ReturnDates.adding(days: Int.random(in: -240...400, using: &rng), to: first)
                    let source = rng.weighted([(ReferralSource.police, 0.4), (.schools, 0.2), (.healthVisitor, 0.05),
                                               (.gp, 0.05), (.accidentAndEmergency, 0.05), (.familyMember, 0.1),
                                               (.anonymous, 0.05), (.other, 0.1)])
                    child.contacts.append(AnnexAContact(date: date, source: source))
                }
                child.contacts.sort { $0.date < $1.date }
            }
            return child
        }
    }
}
