import Fluent
import FrontDoorDomain
import Vapor

/// A month of one authority's front door, as rows ready to insert.
struct DemoHistory {
    let laID: UUID
    let calendar: WorkingCalendar
    let policy: ClockPolicy
    let now: Date
    let days: Int
    let perWeekday: Int
    let screeners: [UUID]
    let managers: [UUID]
    let socialWorkers: [UUID]

    struct Batch {
        var people: [PersonModel] = []
        var episodes: [CaseEpisodeModel] = []
        var links: [HouseholdLinkModel] = []
        var contacts: [ContactModel] = []
        var contactPeople: [ContactPersonModel] = []
        var events: [ContactEventModel] = []
        var referrals: [ReferralModel] = []

        /// Multi-row inserts in one transaction: a half-loaded demo is never left behind.
        func save(on db: any Database) async throws {
            try await db.transaction { db in
                for chunk in people.chunked(400) { try await chunk.create(on: db) }
                try await PersonKeys.index(people, on: db, fresh: true)
                for chunk in episodes.chunked(400) { try await chunk.create(on: db) }
                for chunk in links.chunked(400) { try await chunk.create(on: db) }
                for chunk in contacts.chunked(200) { try await chunk.create(on: db) }
                for chunk in contactPeople.chunked(400) { try await chunk.create(on: db) }
                for chunk in events.chunked(400) { try await chunk.create(on: db) }
                for chunk in referrals.chunked(200) { try await chunk.create(on: db) }
            }
        }
    }

    func generate(using random: inout SeededRandom) -> Batch {
        var batch = Batch()
        let today = calendar.localDate(of: now)
        // Families: the people contacts are about. Some families come back (re-contacts), and
        // about one child in twenty has a case already open.
        var families: [[UUID]] = []
        for offset in stride(from: days, through: 0, by: -1) {
            guard let day = calendar.date(byAddingDays: -offset, to: today) else { continue }
            let weekday = calendar.isWorkingDay(day)
            let expected = weekday ? perWeekday : perWeekday * 2 / 5
            let n = max(0, expected + Int.random(in: -(expected / 8)...(expected / 8 + 1), using: &random))
            for _ in 0..<n {
                let start = calendar.startOfDay(day)
                let minute = weekday ? random.weighted([(Int.random(in: 540..<1020, using: &random), 0.85), (Int.random(in: 0..<1440, using: &random), 0.15)])
                                     : Int.random(in: 0..<1440, using: &random)
                let receivedAt = start.addingTimeInterval(Double(minute * 60 + Int.random(in: 0..<60, using: &random)))
                guard receivedAt < now else { continue }
                let family: [UUID]
                if !families.isEmpty, random.chance(0.12) {
                    family = random.pick(families)
                } else {
                    family = makeFamily(today: today, receivedAt: receivedAt, into: &batch, using: &random)
                    families.append(family)
                }
                addContact(family: family, receivedAt: receivedAt, month: day.month, into: &batch, using: &random)
            }
        }
        return batch
    }

    private func makeFamily(today: LocalDate, receivedAt: Date, into batch: inout Batch, using random: inout SeededRandom) -> [UUID] {
        let surname = random.pick(SyntheticNames.surnames)
        let postcode = Postcode("\(random.pick(["SO", "PO", "GU", "RG", "SP"]))\(Int.random(in: 1...53, using: &random)) \(Int.random(in: 1...9, using: &random))\(random.pick(["A", "B", "D", "E", "F", "H", "J", "L", "N", "P", "Q", "R", "S", "T", "W"]))\(random.pick(["A", "B", "D", "E", "G", "H", "J", "L", "N", "P", "R", "T", "U", "W", "Y", "Z"]))")
        let address = "\(Int.random(in: 1...180, using: &random)) \(random.pick(SyntheticNames.streets))"
        var ids: [UUID] = []
        let children = random.weighted([(1, 0.6), (2, 0.28), (3, 0.12)])
        for _ in 0..<children {
            let girl = random.chance(0.5)
            let age = Int.random(in: 0...17, using: &random)
            let dob = LocalDate(year: today.year - age - 1, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))
            let details = PersonDetails(
                givenName: random.pick(girl ? SyntheticNames.girls : SyntheticNames.boys), familyName: surname,
                dateOfBirth: dob, sex: girl ? .female : .male,
                ethnicity: random.weighted([(Ethnicity.WBRI, 0.8), (.WOTH, 0.05), (.MWBC, 0.03), (.APKN, 0.03), (.BAFR, 0.03), (.NOBT, 0.06)]),
                nhsNumber: syntheticNHSNumber(using: &random), address: address, postcode: postcode
            )
            let child = PersonModel(laID: laID, details: details)
            child.id = UUID(random: &random)
            batch.people.append(child)
            ids.append(child.id!)
            if random.chance(0.05) {
                batch.episodes.append(CaseEpisodeModel(
                    laID: laID, personID: child.id!, kind: random.pick(["child-in-need", "child-protection"]),
                    openedAt: receivedAt.addingTimeInterval(-Double(Int.random(in: 30...400, using: &random)) * 86_400),
                    allocatedWorker: "\(random.pick(SyntheticNames.adultsFemale)) \(random.pick(SyntheticNames.surnames))"
                ))
            }
        }
        let mother = PersonModel(laID: laID, details: PersonDetails(
            givenName: random.pick(SyntheticNames.adultsFemale), familyName: surname,
            dateOfBirth: LocalDate(year: today.year - Int.random(in: 20...45, using: &random), month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random)),
            sex: .female, address: address, postcode: postcode
        ))
        mother.id = UUID(random: &random)
        batch.people.append(mother)
        for child in ids {
            batch.links.append(HouseholdLinkModel(laID: laID, personID: child, otherID: mother.id!, relationship: "mother"))
        }
        // Adults are kept after the children so that `family` lists children first.
        return ids + [mother.id!]
    }

    private func addContact(family: [UUID], receivedAt: Date, month: Int, into batch: inout Batch, using random: inout SeededRandom) {
        let contact = ContactModel()
        let contactID = UUID(random: &random)
        contact.id = contactID
        contact.laID = laID
        contact.receivedAt = receivedAt
        // Hampshire 2019: police ~40%, education ~20% (near zero in August), health ~15%, other ~25%.
        let educationWeight = month == 8 ? 0.01 : 0.2
        let group = random.weighted([(SourceGroup.police, 0.4), (.education, educationWeight), (.health, 0.15), (.other, 0.25)])
        let source: ReferralSource = switch group {
        case .police: .police
        case .education: random.weighted([(.schools, 0.85), (.educationServices, 0.15)])
        case .health: random.pick([.gp, .healthVisitor, .schoolNurse, .otherPrimaryHealth, .accidentAndEmergency, .otherHealth])
        case .other: random.pick([.familyMember, .acquaintance, .selfReferral, .housing, .laSocialCare, .earlyHelp, .otherLegalAgency, .other, .anonymous])
        }
        contact.source = source.rawValue
        contact.channel = (source == .police ? ContactChannel.policeNotification : random.pick([.phone, .email, .webForm])).rawValue
        contact.type = (source == .police && random.chance(0.5) ? ContactType.domesticAbuseNotification : random.weighted([(ContactType.concern, 0.9), (.childMovingIn, 0.03), (.courtInformationRequest, 0.03), (.ehcpInformationRequest, 0.02), (.childDeath, 0.005), (.other, 0.015)])).rawValue
        if contact.type == ContactType.domesticAbuseNotification.rawValue {
            // The police's risk rating, from its own generator (seeded by the contact's id) so that
            // the rest of the demo comes out as before. About one in twelve is high risk: each
            // working day's HRDA meeting then has a handful of cases (more on a Monday).
            var riskRandom = SeededRandom(seed: AuditSampler.seed(for: contactID.uuidString))
            contact.policeRisk = riskRandom.weighted([(PoliceRisk.high, 0.08), (.medium, 0.3), (.standard, 0.62)]).rawValue
        }
        contact.referrerName = "\(random.pick(SyntheticNames.adultsFemale + SyntheticNames.adultsMale)) \(random.pick(SyntheticNames.surnames))"
        contact.referrerOrganisation = switch group {
        case .police: "Constabulary"
        case .education: "Primary school"
        case .health: "NHS trust"
        case .other: "Member of the public"
        }
        // Synthetic addresses on the reserved .example domain, so feedback to referrers can be seen
        // in the local mailbox.
        contact.referrerEmail = switch group {
        case .police: "notifications@police.example"
        case .education: "safeguarding-lead@school.example"
        case .health: "safeguarding@nhs-trust.example"
        case .other: random.chance(0.5) ? "caller@public.example" : nil
        }
        contact.narrative = "Synthetic demo concern: \(random.pick(["worry about supervision at home", "injury seen at school", "domestic incident attended", "parent's mental health", "child missing overnight", "neglect of basic care"]))."
        contact.consent = random.weighted([(ConsentToShare.given, 0.7), (.notSought, 0.2), (.refused, 0.1)]).rawValue
        contact.consentReason = contact.consent == ConsentToShare.notSought.rawValue ? "Seeking consent could place the child at risk." : nil
        let rag: RAG? = random.weighted([(RAG?.some(.red), 0.1), (.some(.amber), 0.3), (.some(.green), 0.45), (nil, 0.15)])
        contact.rag = rag?.rawValue
        contact.version = 1
        let children = Array(family.dropLast())
        contact.childrenNamed = children.count
        for (position, child) in children.enumerated() {
            batch.contactPeople.append(ContactPersonModel(contactID: contactID, personID: child, role: "child", position: position))
        }
        batch.contactPeople.append(ContactPersonModel(contactID: contactID, personID: family.last!, role: "adult", position: children.count))
        contact.openCaseAtReceipt = batch.episodes.contains { children.contains($0.personID) && $0.openedAt <= receivedAt }
        batch.events.append(ContactEventModel(contactID: contactID, at: receivedAt, actorID: nil, action: "receive", fromState: nil, toState: "received", detail: nil))

        let worker = random.pick(screeners)
        let manager = random.pick(managers)
        // Most decisions land inside the clock; some are late, as in the seeds' timeliness tables.
        let took = Int(Double(policy.minutes(for: contact.ragValue)) * random.weighted([(0.5, 0.55), (0.9, 0.3), (1.4, 0.15)]))
        let decidedAt = calendar.adding(workingMinutes: max(15, took), to: receivedAt)
        let assignedAt = calendar.adding(workingMinutes: 10, to: receivedAt)
        let submittedAt = calendar.adding(workingMinutes: max(12, took * 2 / 3), to: receivedAt)
        var stage = ContactStage.received
        if assignedAt < now {
            stage = .inScreening(worker: worker)
            batch.events.append(ContactEventModel(contactID: contactID, at: assignedAt, actorID: worker, action: "assign", fromState: "received", toState: "in-screening", detail: nil))
        }
        let outcome = random.weighted([(ContactOutcome.closed, 0.55), (.referral, 0.35), (.earlyHelp, 0.06), (.other, 0.04)])
        if submittedAt < now {
            stage = .awaitingDecision(worker: worker, summary: CaseSummary(
                strengths: "Synthetic: parent engaged with the school.", risks: "Synthetic: repeated police attendance.", proposedOutcome: outcome
            ))
            batch.events.append(ContactEventModel(contactID: contactID, at: submittedAt, actorID: worker, action: "submit", fromState: "in-screening", toState: "awaiting-decision", detail: nil))
        }
        if decidedAt < now {
            stage = .decided(ContactDecision(outcome: outcome, reason: "Synthetic demo decision.", decidedAt: decidedAt, decidedBy: manager))
            batch.events.append(ContactEventModel(contactID: contactID, at: decidedAt, actorID: manager, action: "decide", fromState: "awaiting-decision", toState: "decided", detail: nil))
        }
        contact.store(stage)
        batch.contacts.append(contact)
        if case .decided(let decision) = stage, decision.outcome == .referral {
            for child in children {
                batch.referrals.append(referral(child: child, contact: contact, at: decision.decidedAt, using: &random))
            }
        }
    }

    /// A referral as the MASH would have worked it: most decided within two working days, some
    /// late, the newest still open.
    private func referral(child: UUID, contact: ContactModel, at referredAt: Date, using random: inout SeededRandom) -> ReferralModel {
        let referral = ReferralModel()
        referral.id = UUID(random: &random)
        referral.laID = laID
        referral.contactID = contact.id
        referral.childID = child
        referral.referredAt = referredAt
        referral.source = contact.source
        let protection = random.chance(0.08)
        referral.kind = (protection ? ReferralKind.childProtection : .childInNeed).rawValue
        referral.consent = contact.consent
        referral.consentReason = contact.consentReason
        referral.assessmentFactors = []
        referral.version = 1
        let minutes = protection ? 240 : 960
        let took = Int(Double(minutes) * random.weighted([(0.6, 0.6), (0.95, 0.25), (1.6, 0.15)]))
        let decidedAt = calendar.adding(workingMinutes: max(30, took), to: referredAt)
        var stage = ReferralStage.unallocated
        let worker = random.pick(socialWorkers)
        if calendar.adding(workingMinutes: 30, to: referredAt) < now { stage = .allocated(worker: worker) }
        if decidedAt < now {
            let outcome = protection
                ? ReferralOutcome.strategyDiscussion
                : random.weighted([(ReferralOutcome.closed, 0.45), (.earlyHelp, 0.2), (.assessment, 0.3), (.strategyDiscussion, 0.05)])
            stage = .decided(ReferralDecision(
                outcome: outcome, team: outcome == .assessment ? "District assessment team" : (outcome == .earlyHelp ? "Family support" : nil),
                reason: "Synthetic demo decision.", decidedAt: decidedAt, decidedBy: random.pick(managers)
            ))
            referral.informationGathered = "Synthetic: school, GP and police checks."
            referral.analysis = "Synthetic analysis."
            referral.recommendation = outcome.rawValue
            let day = calendar.localDate(of: decidedAt)
            if outcome == .assessment { referral.assessmentStartedAt = day.iso }
            if outcome == .strategyDiscussion, random.chance(0.7) {
                referral.s47StartedAt = day.iso
                referral.icpcTarget = StrategyDiscussionRules.initialConferenceTarget(after: day, calendar: calendar).iso
            }
        }
        referral.store(stage)
        if case .decided = stage { referral.workerID = worker }
        return referral
    }

    private func syntheticNHSNumber(using random: inout SeededRandom) -> NHSNumber? {
        // The 999 range is reserved for test numbers and never issued to a patient.
        while true {
            let digits = [9, 9, 9] + (0..<6).map { _ in Int.random(in: 0...9, using: &random) }
            if let check = NHSNumber.checkDigit(for: digits) {
                return NHSNumber((digits + [check]).map(String.init).joined())
            }
        }
    }
}

extension UUID {
    /// A UUID from a seeded generator, so that demo records have the same ids on every machine.
    init(random: inout SeededRandom) {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        self = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
