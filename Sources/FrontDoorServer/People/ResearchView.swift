import Fluent
import FrontDoorDomain
import Vapor

/// The research view (issue #4, point 3): everything known about a found person in one place —
/// previous contacts and referrals with their outcomes, open cases with who holds them, child
/// protection or child in need status, the household with each member's own history, flags, partner
/// answers, and a chronology.
struct ResearchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("people", ":personID", "research", use: show).requires(.viewPeople)
    }

    func show(req: Request) async throws -> ResearchView {
        let actor = try req.actor(.viewPeople)
        let (person, la) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let view = try await ResearchView.build(for: person, la: la, actor: actor, at: req.now, today: req.frontDoor.today, on: req.db)
        try await req.db.transaction { db in
            try await req.audit("research", "person", person.id, on: db)
            // The household members whose history was shown were read too.
            for member in view.household where member.history != nil {
                try await req.audit("read", "person", member.person.id, on: db)
            }
        }
        return view
    }
}

struct ResearchView: Content {
    struct ContactEntry: Content {
        var id: UUID
        @NullEncodable var ref: String?
        var receivedAt: Date
        var source: String
        var sourceLabel: String
        /// "child" or "adult": how the person was named in it.
        var role: String
        var state: String
        @NullEncodable var rag: String?
        @NullEncodable var outcome: String?
        @NullEncodable var decidedAt: Date?
        var openCaseAtReceipt: Bool
    }

    struct ReferralEntry: Content {
        var id: UUID
        @NullEncodable var ref: String?
        var referredAt: Date
        var source: String
        var state: String
        var reReferral: Bool
        @NullEncodable var outcome: String?
        @NullEncodable var team: String?
        @NullEncodable var decidedAt: Date?
        @NullEncodable var section47StartedAt: String?
        @NullEncodable var cpPlanStartedAt: String?
        @NullEncodable var closedAt: String?
    }

    struct OpenCaseEntry: Content {
        var kind: String
        var since: Date
        @NullEncodable var heldBy: String?
        var basis: String
    }

    struct PartnerAnswer: Content {
        var referralId: UUID
        var agency: String
        var question: String
        var state: String
        @NullEncodable var answer: String?
        @NullEncodable var answeredAt: Date?
    }

    struct History: Content {
        var contacts: Int
        var referrals: Int
        @NullEncodable var lastContactAt: Date?
        @NullEncodable var status: String?
        var openCases: [OpenCaseEntry]
    }

    struct Member: Content {
        var person: PersonResponse
        var relationship: String
        /// Nil when the member's record is restricted and closed to the reader.
        @NullEncodable var history: History?
    }

    struct Event: Content {
        var at: Date
        var kind: String
        var description: String
        var recordType: String
        var recordId: UUID
    }

    var person: PersonResponse
    /// "child-protection", "child-in-need", "looked-after" or null: the status now.
    @NullEncodable var status: String?
    var openCases: [OpenCaseEntry]
    var flags: [String]
    var alerts: [DuplicateAlert]
    var contacts: [ContactEntry]
    var referrals: [ReferralEntry]
    var partnerAnswers: [PartnerAnswer]
    var household: [Member]
    /// Newest first.
    var chronology: [Event]

    static func build(for person: PersonModel, la: LocalAuthorityModel, actor: Actor, at now: Date, today: LocalDate, on db: any Database) async throws -> ResearchView {
        let personID = try person.requireID()
        // Contacts naming the person.
        let namings = try await ContactPersonModel.query(on: db).filter(\.$personID == personID).all()
        let roles = Dictionary(namings.map { ($0.contactID, $0.role) }, uniquingKeysWith: { a, _ in a })
        let contacts = try await ContactModel.query(on: db).filter(\.$id ~~ Array(roles.keys)).sort(\.$receivedAt, .descending).all()
        let referrals = try await ReferralModel.query(on: db).filter(\.$childID == personID).sort(\.$referredAt, .descending).all()
        let involvements = try await OpenCases.involvements(of: [personID], on: db)[personID] ?? []
        let open = OpenCaseRule.open(involvements, at: now)
        let discussions = referrals.isEmpty ? [] : try await StrategyDiscussionModel.query(on: db).filter(\.$referralID ~~ referrals.compactMap(\.id)).all()
        let requests = referrals.isEmpty ? [] : try await InformationRequestModel.query(on: db).filter(\.$referralID ~~ referrals.compactMap(\.id)).sort(\.$requestedAt, .descending).all()

        var flags: [String] = []
        if let status = OpenCaseRule.status(involvements, at: now) { flags.append(status.rawValue) }
        if !person.disabilities.isEmpty { flags.append("disability") }
        if referrals.contains(where: { $0.previousReferralID != nil }) { flags.append("re-referral") }
        let alerts = try await DuplicateAlerts.alerts(for: person, on: db)
        if !alerts.isEmpty { flags.append("possible-duplicate") }
        if let dob = person.details.dateOfBirth, let age = person.details.age(on: today), age < 1 || dob > today { flags.append("infant") }

        var chronology: [Event] = []
        for c in contacts {
            let id = try c.requireID()
            let source = ReferralSource(rawValue: c.source)
            chronology.append(Event(at: c.receivedAt, kind: "contact", description: "Contact received from \(source?.label ?? c.source)", recordType: "contact", recordId: id))
            if let decided = c.decidedAt, let outcome = c.outcome {
                chronology.append(Event(at: decided, kind: "contact-decision", description: "Contact decided: \(outcome)", recordType: "contact", recordId: id))
            }
        }
        let calendar = WorkingCalendar(holidays: .englandAndWales)
        for r in referrals {
            let id = try r.requireID()
            chronology.append(Event(at: r.referredAt, kind: "referral", description: r.previousReferralID == nil ? "Referral" : "Re-referral within 12 months", recordType: "referral", recordId: id))
            if let decided = r.decidedAt, let outcome = r.outcome {
                chronology.append(Event(at: decided, kind: "referral-decision", description: "Referral decided: \(outcome)" + (r.outcomeTeam.map { " (\($0))" } ?? ""), recordType: "referral", recordId: id))
            }
            let dated: [(String?, String, String)] = [
                (r.s47StartedAt, "s47", "Section 47 enquiry started"), (r.icpcAt, "icpc", "Initial child protection conference"),
                (r.cpPlanStartedAt, "cp-plan", "Child protection plan started"), (r.closedAt, "closed", "Case closed"),
            ]
            for (date, kind, text) in dated {
                guard let date, let local = LocalDate(iso: date) else { continue }
                chronology.append(Event(at: calendar.startOfDay(local), kind: kind, description: text, recordType: "referral", recordId: id))
            }
        }
        for d in discussions {
            chronology.append(Event(at: d.heldAt ?? d.scheduledAt, kind: "strategy-discussion",
                                    description: d.heldAt == nil ? "Strategy discussion scheduled" : "Strategy discussion held" + (d.outcome.map { ": \($0)" } ?? ""),
                                    recordType: "referral", recordId: d.referralID))
        }
        for r in requests {
            if let answered = r.answeredAt {
                chronology.append(Event(at: answered, kind: "partner-answer", description: "Information shared by \(r.agency)", recordType: "referral", recordId: r.referralID))
            }
        }
        chronology.sort { ($0.at, $0.kind) > ($1.at, $1.kind) }

        return ResearchView(
            person: PersonResponse(person, laCode: la.code, today: today),
            status: open.first?.kind.rawValue,
            openCases: open.map(OpenCaseEntry.init),
            flags: flags,
            alerts: alerts,
            contacts: try contacts.map { c in
                ContactEntry(id: try c.requireID(), ref: c.ref, receivedAt: c.receivedAt, source: c.source,
                             sourceLabel: ReferralSource(rawValue: c.source)?.label ?? c.source, role: roles[c.id!] ?? "child",
                             state: c.state, rag: c.rag, outcome: c.outcome, decidedAt: c.decidedAt, openCaseAtReceipt: c.openCaseAtReceipt)
            },
            referrals: try referrals.map { r in
                ReferralEntry(id: try r.requireID(), ref: r.ref, referredAt: r.referredAt, source: r.source, state: r.state,
                              reReferral: r.previousReferralID != nil, outcome: r.outcome, team: r.outcomeTeam, decidedAt: r.decidedAt,
                              section47StartedAt: r.s47StartedAt, cpPlanStartedAt: r.cpPlanStartedAt, closedAt: r.closedAt)
            },
            partnerAnswers: requests.map { PartnerAnswer(referralId: $0.referralID, agency: $0.agency, question: $0.question, state: $0.state, answer: $0.answer, answeredAt: $0.answeredAt) },
            household: try await household(of: person, la: la, actor: actor, at: now, today: today, on: db),
            chronology: chronology
        )
    }

    /// The people linked with the person, each with a summary of their own history.
    static func household(of person: PersonModel, la: LocalAuthorityModel, actor: Actor, at now: Date, today: LocalDate, on db: any Database) async throws -> [Member] {
        let personID = try person.requireID()
        let linked = try await PeopleQueries.household(of: personID, on: db)
        let otherIDs = linked.compactMap(\.other.id)
        guard !otherIDs.isEmpty else { return [] }
        let hidden = try await Restrictions.hidden(otherIDs, from: actor, on: db)
        let involvements = try await OpenCases.involvements(of: otherIDs, on: db)
        let namings = try await ContactPersonModel.query(on: db).filter(\.$personID ~~ otherIDs).all()
        let contactTimes = Dictionary(
            try await ContactModel.query(on: db).filter(\.$id ~~ Array(Set(namings.map(\.contactID)))).field(\.$id).field(\.$receivedAt).all()
                .compactMap { c in c.id.map { ($0, c.receivedAt) } },
            uniquingKeysWith: { a, _ in a }
        )
        let referralCounts = Dictionary(grouping: try await ReferralModel.query(on: db).filter(\.$childID ~~ otherIDs).field(\.$id).field(\.$childID).all(), by: \.childID).mapValues(\.count)
        let members = linked.compactMap { link, model -> Member? in
            guard let otherID = model.id else { return nil }
            if let ask = hidden[otherID] {
                return Member(person: .restricted(id: otherID, laCode: la.code, ask: ask), relationship: link.relationship, history: nil)
            }
            let times = namings.filter { $0.personID == otherID }.compactMap { contactTimes[$0.contactID] }
            let open = OpenCaseRule.open(involvements[otherID] ?? [], at: now)
            return Member(
                person: PersonResponse(model, laCode: la.code, today: today), relationship: link.relationship,
                history: History(contacts: times.count, referrals: referralCounts[otherID] ?? 0, lastContactAt: times.max(),
                                 status: open.first?.kind.rawValue, openCases: open.map(OpenCaseEntry.init))
            )
        }
        // Children first (youngest last), then adults, each by name.
        return members.sorted { a, b in
            let ageA = a.person.ageYears ?? 99, ageB = b.person.ageYears ?? 99
            return (ageA >= 18 ? 1 : 0, a.person.familyName, a.person.givenName) < (ageB >= 18 ? 1 : 0, b.person.familyName, b.person.givenName)
        }
    }
}

extension ResearchView.OpenCaseEntry {
    init(_ involvement: CaseInvolvement) {
        self.init(kind: involvement.kind.rawValue, since: involvement.from, heldBy: involvement.heldBy, basis: involvement.basis)
    }
}
