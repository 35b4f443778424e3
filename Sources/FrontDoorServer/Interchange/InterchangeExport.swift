import Fluent
import FrontDoorDomain
import Vapor

/// Writes one local authority's records in interchange format v1, in an order in which every ref
/// is defined before it is used (authority, people, contacts, referrals), page by page.
struct InterchangeExport {
    let db: any Database
    let pageSize = 2000

    func run(la: LocalAuthorityModel, write: (String) throws -> Void) async throws -> Int {
        let laID = try la.requireID()
        var count = 1
        try write(InterchangeWriter.line(for: .localAuthority(InterchangeLocalAuthority(code: la.code, name: la.name, childPopulation: la.childPopulation))) + "\n")
        var personRefs: [UUID: String] = [:]
        try await pages(PersonModel.query(on: db).filter(\.$laID == laID)) { people in
            for person in people {
                guard let id = person.id else { continue }
                let ref = person.ref ?? id.uuidString
                personRefs[id] = ref
                let d = person.details
                try write(InterchangeWriter.line(for: .person(InterchangePerson(
                    ref: ref, la: la.code, givenName: d.givenName, familyName: d.familyName, otherNames: d.otherNames,
                    dateOfBirth: d.dateOfBirth, expectedDateOfBirth: d.expectedDateOfBirth, sex: d.sex, ethnicity: d.ethnicity,
                    nhsNumber: d.nhsNumber, upn: d.upn, postcode: d.postcode, disabilities: d.disabilities
                ))) + "\n")
                count += 1
            }
        }
        var contactRefs: [UUID: String] = [:]
        try await pages(ContactModel.query(on: db).filter(\.$laID == laID)) { contacts in
            let links = try await ContactPersonModel.query(on: db).filter(\.$contactID ~~ contacts.compactMap(\.id)).sort(\.$position).all()
            let byContact = Dictionary(grouping: links, by: \.contactID)
            for contact in contacts {
                guard let id = contact.id, let source = ReferralSource(rawValue: contact.source) else { continue }
                let ref = contact.ref ?? id.uuidString
                contactRefs[id] = ref
                let people = byContact[id] ?? []
                var decision: InterchangeContact.Decision?
                if let outcome = contact.outcome.flatMap(ContactOutcome.init(rawValue:)), let at = contact.decidedAt, contact.state == ContactState.decided.rawValue {
                    decision = .init(outcome: outcome, decidedAt: at)
                }
                try write(InterchangeWriter.line(for: .contact(InterchangeContact(
                    ref: ref, la: la.code, receivedAt: contact.receivedAt, source: source,
                    channel: contact.channel.flatMap(ContactChannel.init(rawValue:)), type: ContactType(rawValue: contact.type) ?? .concern,
                    children: people.filter { $0.role == "child" }.compactMap { personRefs[$0.personID] },
                    adults: people.filter { $0.role == "adult" }.compactMap { personRefs[$0.personID] },
                    openCaseAtReceipt: contact.openCaseAtReceipt, rag: contact.ragValue, summary: contact.narrative, decision: decision
                ))) + "\n")
                count += 1
            }
        }
        try await pages(ReferralModel.query(on: db).filter(\.$laID == laID)) { referrals in
            let discussions = try await StrategyDiscussionModel.query(on: db).filter(\.$referralID ~~ referrals.compactMap(\.id)).filter(\.$heldAt != nil).all()
            let held = Dictionary(discussions.compactMap { d in d.heldAt.map { (d.referralID, $0) } }, uniquingKeysWith: { a, b in max(a, b) })
            for referral in referrals {
                guard let id = referral.id, let source = ReferralSource(rawValue: referral.source), let child = personRefs[referral.childID] else { continue }
                let outcome = referral.outcome.flatMap(ReferralOutcome.init(rawValue:)).flatMap { ReferralReportOutcome(rawValue: $0.reportOutcome) }
                try write(InterchangeWriter.line(for: .referral(InterchangeReferral(
                    ref: referral.ref ?? id.uuidString, la: la.code, child: child, contact: referral.contactID.flatMap { contactRefs[$0] },
                    referredAt: referral.referredAt, source: source, completedAt: referral.decidedAt, outcome: outcome, nfa: referral.nfa,
                    strategyDiscussionAt: referral.strategyDiscussionAt ?? held[id],
                    s47StartedAt: referral.s47StartedAt.flatMap(LocalDate.init(iso:)), assessmentStartedAt: referral.assessmentStartedAt.flatMap(LocalDate.init(iso:)),
                    assessmentAuthorisedAt: referral.assessmentAuthorisedAt.flatMap(LocalDate.init(iso:)), icpcAt: referral.icpcAt.flatMap(LocalDate.init(iso:)),
                    cpPlanStartedAt: referral.cpPlanStartedAt.flatMap(LocalDate.init(iso:)), closedAt: referral.closedAt.flatMap(LocalDate.init(iso:)),
                    reasonForClosure: referral.reasonForClosure.flatMap(ReasonForClosure.init(rawValue:)),
                    primaryNeed: referral.primaryNeed.flatMap(PrimaryNeed.init(rawValue:))
                ))) + "\n")
                count += 1
            }
        }
        return count
    }

    /// Walks a query in pages ordered by id, so memory stays flat however many rows there are.
    private func pages<M: Model>(_ query: QueryBuilder<M>, _ body: ([M]) async throws -> Void) async throws where M.IDValue == UUID {
        var after: UUID?
        while true {
            let page = query.copy()
            if let after { page.filter(\M._$id > after) }
            let rows = try await page.sort(\M._$id).limit(pageSize).all()
            try await body(rows)
            guard rows.count == pageSize, let last = rows.last?.id else { return }
            after = last
        }
    }
}
