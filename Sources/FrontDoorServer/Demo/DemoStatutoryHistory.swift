import Fluent
import FrontDoorDomain
import Vapor

/// Two and a half years of statutory history behind the demo's month of contacts: children whose
/// referrals went on to assessments, CIN plans, section 47 enquiries, conferences and child
/// protection plans (`CINCensusSample`, which keeps to the DfE's rules and timescales), so that the
/// last completed CIN census year and Annex A have something true to show. Each referral came from
/// a contact on the same day. Names, ids and dates are invented.
struct DemoStatutoryHistory {
    let la: LocalAuthorityModel
    let calendar: WorkingCalendar
    let year: CINCensusYear
    let count: Int
    let seed: UInt64
    let managers: [UUID]
    let socialWorkers: [UUID]

    /// The last census year that has ended by `today` (31 March).
    static func lastCompletedYear(today: LocalDate) -> CINCensusYear {
        CINCensusYear(ending: today.month >= 4 ? today.year : today.year - 1) ?? CINCensusYear(ending: 2026)!
    }

    func load(on db: any Database) async throws -> Int {
        let laID = try la.requireID()
        var random = SeededRandom(seed: seed)
        let histories = CINCensusSample.children(la: la.code, year: year, count: count, seed: seed, calendar: calendar)
        var people: [PersonModel] = [], contacts: [ContactModel] = [], namings: [ContactPersonModel] = []
        var referrals: [ReferralModel] = [], events: [ContactEventModel] = []
        let teams = AnnexASample.teams.filter { $0 != "MASH" }
        for history in histories {
            let girl = history.sex == .female
            let details = PersonDetails(
                givenName: random.pick(girl ? SyntheticNames.girls : SyntheticNames.boys), familyName: random.pick(SyntheticNames.surnames),
                dateOfBirth: history.birthDate, expectedDateOfBirth: history.expectedBirthDate,
                sex: history.sex == .unknown ? nil : history.sex, ethnicity: history.ethnicity, upn: history.upn,
                disabilities: history.disabilities
            )
            let person = PersonModel(laID: laID, ref: history.laChildID, details: details)
            person.id = UUID(random: &random)
            if history.sex == .unknown { person.sex = Sex.unknown.rawValue }
            person.deathDate = history.deathDate?.iso
            person.formerUPN = history.formerUPN?.value
            person.upnUnknown = history.upnUnknown?.rawValue
            people.append(person)
            var previous: (UUID, LocalDate)?
            for (index, episode) in history.episodes.enumerated() {
                let received = calendar.startOfDay(episode.referralDate).addingTimeInterval(10 * 3600)
                let contact = ContactModel()
                contact.id = UUID(random: &random)
                contact.laID = laID
                contact.ref = "\(history.laChildID)-C\(index + 1)"
                contact.receivedAt = received
                contact.source = episode.referralSource.rawValue
                contact.channel = ContactChannel.phone.rawValue
                contact.type = ContactType.concern.rawValue
                contact.narrative = "Synthetic demo history: a concern that led to a referral."
                contact.openCaseAtReceipt = false
                contact.childrenNamed = 1
                contact.state = ContactState.decided.rawValue
                contact.outcome = ContactOutcome.referral.rawValue
                contact.decisionReason = "Threshold for a referral met."
                contact.decidedAt = received.addingTimeInterval(3600)
                contact.decidedBy = managers.isEmpty ? nil : random.pick(managers)
                contact.rag = RAG.amber.rawValue
                contact.version = 1
                contacts.append(contact)
                namings.append(ContactPersonModel(contactID: contact.id!, personID: person.id!, role: "child", position: 0))
                events.append(ContactEventModel(contactID: contact.id!, at: received, actorID: nil, action: "receive", fromState: nil, toState: "received", detail: nil))

                let referral = ReferralModel()
                referral.id = UUID(random: &random)
                referral.laID = laID
                referral.ref = "\(history.laChildID)-R\(index + 1)"
                referral.contactID = contact.id
                referral.childID = person.id!
                referral.referredAt = received.addingTimeInterval(3600)
                referral.source = episode.referralSource.rawValue
                let protection = !episode.section47Enquiries.isEmpty || !episode.childProtectionPlans.isEmpty
                referral.kind = (protection ? ReferralKind.childProtection : .childInNeed).rawValue
                referral.state = ReferralState.decided.rawValue
                referral.workerID = socialWorkers.isEmpty ? nil : random.pick(socialWorkers)
                referral.outcome = (episode.referralNFA ? ReferralOutcome.closed : protection ? .strategyDiscussion : .assessment).rawValue
                referral.outcomeTeam = episode.referralNFA ? nil : random.pick(teams)
                referral.decisionReason = "Synthetic demo history."
                referral.decidedAt = received.addingTimeInterval(3 * 3600)
                referral.decidedBy = contact.decidedBy
                referral.nfa = episode.referralNFA
                referral.primaryNeed = episode.primaryNeed?.rawValue
                referral.closedAt = episode.closure?.date.iso
                referral.reasonForClosure = episode.closure?.reason.rawValue
                // The front door's single dates mirror the first of each; the whole history is downstream.
                let assessment = episode.assessments.first
                referral.assessmentStartedAt = assessment?.startDate.iso
                referral.assessmentAuthorisedAt = assessment?.authorisationDate?.iso
                referral.assessmentFactors = assessment?.factors.map(\.rawValue) ?? []
                let enquiry = episode.section47Enquiries.first
                referral.s47StartedAt = enquiry?.startDate.iso
                referral.icpcTarget = enquiry?.initialConferenceTarget?.iso
                referral.icpcAt = (enquiry?.initialConferenceDate ?? episode.initialConferenceDate)?.iso
                referral.cpPlanStartedAt = episode.childProtectionPlans.first?.startDate.iso
                referral.downstream = DownstreamRecord(episode).json
                if let (id, date) = previous, let yearLater = calendar.date(byAddingDays: 365, to: date), episode.referralDate <= yearLater {
                    referral.previousReferralID = id
                }
                referral.version = 1
                referrals.append(referral)
                previous = (referral.id!, episode.referralDate)
            }
        }
        let batch = (people: people, contacts: contacts, namings: namings, events: events, referrals: referrals)
        try await db.transaction { db in
            for chunk in batch.people.chunked(400) { try await chunk.create(on: db) }
            try await PersonKeys.index(batch.people, on: db, fresh: true)
            for chunk in batch.contacts.chunked(200) { try await chunk.create(on: db) }
            for chunk in batch.namings.chunked(400) { try await chunk.create(on: db) }
            for chunk in batch.events.chunked(400) { try await chunk.create(on: db) }
            for chunk in batch.referrals.chunked(200) { try await chunk.create(on: db) }
        }
        return contacts.count
    }
}
