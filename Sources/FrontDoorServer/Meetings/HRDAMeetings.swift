import Fluent
import FrontDoorDomain
import Vapor

// MARK: what the API and the pages show

struct MeetingSummary: Content {
    var id: UUID
    var la: String
    var date: String
    var windowStart: Date
    var windowEnd: Date
    @NullEncodable var heldAt: Date?
    var cases: Int
    var discussed: Int
}

struct MeetingActionResponse: Content {
    var id: UUID
    var meetingId: UUID
    var meetingDate: String
    var caseId: UUID
    var contactId: UUID
    var description: String
    var ownerAgency: String
    var ownerAgencyLabel: String
    var due: String
    var state: String
    var status: String
    var statusLabel: String
    @NullEncodable var completedAt: Date?
    var version: Int
}

struct MeetingReferralLink: Content {
    var id: UUID
    var state: String
    @NullEncodable var outcome: String?
}

struct MeetingCaseResponse: Content {
    var id: UUID
    var position: Int
    var contactId: UUID
    @NullEncodable var contactRef: String?
    var receivedAt: Date
    /// "Restricted record" in place of names when a person on the contact is closed to the reader.
    var restricted: Bool
    var children: [String]
    var adults: [String]
    var openCase: Bool
    @NullEncodable var allocatedWorker: String?
    @NullEncodable var policeRisk: String?
    var contactState: String
    @NullEncodable var contactOutcome: String?
    var referrals: [MeetingReferralLink]
    @NullEncodable var researchNotes: String?
    @NullEncodable var preparedBy: UserRef?
    @NullEncodable var preparedAt: Date?
    @NullEncodable var riskIdentified: String?
    @NullEncodable var victimVoice: String?
    @NullEncodable var outcome: String?
    @NullEncodable var outcomeLabel: String?
    @NullEncodable var discussedAt: Date?
    var actions: [MeetingActionResponse]
    var version: Int
}

struct MeetingResponse: Content {
    var id: UUID
    var la: String
    var date: String
    var windowStart: Date
    var windowEnd: Date
    @NullEncodable var heldAt: Date?
    var attendance: [Attendee]
    var cases: [MeetingCaseResponse]
    var version: Int
}

/// The research an assistant team manager does before the meeting, pre-filled from the records.
struct MeetingResearchView: Content {
    struct Person: Content {
        var id: UUID
        var name: String
        @NullEncodable var dateOfBirth: String?
        var relationship: String
    }

    struct PreviousContact: Content {
        var id: UUID
        var receivedAt: Date
        var type: String
        var source: String
        var state: String
        @NullEncodable var outcome: String?
        @NullEncodable var rag: String?
        @NullEncodable var policeRisk: String?
    }

    struct PreviousReferral: Content {
        var id: UUID
        var child: String
        var referredAt: Date
        var kind: String
        var state: String
        @NullEncodable var outcome: String?
    }

    struct OpenCase: Content {
        var child: String
        var kind: String
        var openedAt: Date
        @NullEncodable var allocatedWorker: String?
    }

    struct PartnerAnswer: Content {
        var agency: String
        var question: String
        var state: String
        @NullEncodable var answer: String?
        @NullEncodable var answeredAt: Date?
    }

    var meetingId: UUID
    var meetingDate: String
    var item: MeetingCaseResponse
    @NullEncodable var summary: String?
    var children: [Person]
    var householdAdults: [Person]
    var previousContacts: [PreviousContact]
    var referrals: [PreviousReferral]
    var openCases: [OpenCase]
    var partnerAnswers: [PartnerAnswer]
}

/// The daily high-risk domestic abuse meeting (Hampshire paragraph 11): the agenda built from the
/// police's high-risk notifications, the research before it, the discussion and the actions.
/// The API controller and the web pages both call these.
enum HRDAMeetings {
    // MARK: agenda

    static func create(la: LocalAuthorityModel, date: LocalDate, lookback: Int, actor: Actor, req: Request) async throws -> HRDAMeetingModel {
        let laID = try la.requireID()
        let calendar = la.calendar(holidays: req.frontDoor.holidays)
        guard (1...10).contains(lookback) else { throw ValidationFailure([FieldProblem("lookbackWorkingDays", "must be a whole number from 1 to 10")]) }
        guard let window = HRDAMeetingRules.window(for: date, lookbackWorkingDays: lookback, calendar: calendar) else {
            throw ValidationFailure([FieldProblem("date", "\(date.iso) is not a working day: the meeting is held on working days")])
        }
        if try await HRDAMeetingModel.query(on: req.db).filter(\.$laID == laID).filter(\.$meetingDate == date.iso).first() != nil {
            throw APIError.conflict("meeting-exists", "there is already a meeting on \(date.iso) for local authority \(la.code)")
        }
        let contacts = try await ContactModel.query(on: req.db).filter(\.$laID == laID)
            .filter(\.$type == ContactType.domesticAbuseNotification.rawValue)
            .filter(\.$policeRisk == PoliceRisk.high.rawValue)
            .filter(\.$receivedAt >= window.start).filter(\.$receivedAt < window.end)
            .sort(\.$receivedAt).all()
        let meeting = HRDAMeetingModel()
        meeting.id = UUID()
        meeting.laID = laID
        meeting.meetingDate = date.iso
        meeting.windowStart = window.start
        meeting.windowEnd = window.end
        meeting.attendance = "[]"
        meeting.createdBy = actor.userID
        meeting.version = 1
        var cases: [HRDACaseModel] = []
        for (position, contact) in contacts.enumerated() {
            let children = try await ContactPersonModel.query(on: req.db).filter(\.$contactID == contact.requireID()).filter(\.$role == "child").all().map(\.personID)
            let open = try await OpenCases.involvements(of: children, on: req.db).values.flatMap { OpenCaseRule.open($0, at: req.now) }
            let item = HRDACaseModel()
            item.id = UUID()
            item.meetingID = meeting.id!
            item.contactID = try contact.requireID()
            item.position = position + 1
            item.openCase = !open.isEmpty
            // A recorded case episode names the worker; a progressed referral names the team.
            item.allocatedWorker = (open.filter { $0.basis == "episode" } + open.filter { $0.basis != "episode" }).compactMap(\.heldBy).first
            item.version = 1
            cases.append(item)
        }
        let agenda = cases
        try await req.db.transaction { db in
            try await req.audit("create", "hrda-meeting", meeting.id, changes: ["date": [nil, date.iso], "cases": [nil, String(agenda.count)]], on: db)
            try await meeting.create(on: db)
            for item in agenda { try await item.create(on: db) }
        }
        return meeting
    }

    static func find(_ text: String?, actor: Actor, on db: any Database) async throws -> HRDAMeetingModel {
        guard let text, let id = UUID(uuidString: text),
              let meeting = try await HRDAMeetingModel.query(on: db).filter(\.$id == id).filter(\.$laID ~~ actor.authorityIDs).first()
        else { throw APIError.notFound("the meeting") }
        return meeting
    }

    /// The agenda case for this contact; 404 for a contact not on this meeting's agenda, so an
    /// attendee sees the agenda cases and nothing else.
    static func findCase(_ meeting: HRDAMeetingModel, contact text: String?, on db: any Database) async throws -> HRDACaseModel {
        guard let text, let id = UUID(uuidString: text),
              let item = try await HRDACaseModel.query(on: db).filter(\.$meetingID == meeting.requireID()).filter(\.$contactID == id).first()
        else { throw APIError.notFound("the case on this meeting's agenda") }
        return item
    }

    static func list(laIDs: [UUID], on db: any Database) async throws -> [MeetingSummary] {
        let meetings = try await HRDAMeetingModel.query(on: db).filter(\.$laID ~~ laIDs).sort(\.$meetingDate, .descending).limit(200).all()
        let las = try await LocalAuthorityModel.query(on: db).all()
        let codes = Dictionary(las.compactMap { la in la.id.map { ($0, la.code) } }, uniquingKeysWith: { a, _ in a })
        var result: [MeetingSummary] = []
        for meeting in meetings {
            let cases = try await HRDACaseModel.query(on: db).filter(\.$meetingID == meeting.requireID()).all()
            result.append(MeetingSummary(
                id: try meeting.requireID(), la: codes[meeting.laID] ?? "", date: meeting.meetingDate, windowStart: meeting.windowStart,
                windowEnd: meeting.windowEnd, heldAt: meeting.heldAt, cases: cases.count, discussed: cases.filter { $0.outcome != nil }.count
            ))
        }
        return result
    }

    // MARK: reading

    static func response(_ meeting: HRDAMeetingModel, actor: Actor, req: Request) async throws -> MeetingResponse {
        let meetingID = try meeting.requireID()
        guard let la = try await LocalAuthorityModel.find(meeting.laID, on: req.db) else { throw APIError.notFound("the local authority") }
        let cases = try await HRDACaseModel.query(on: req.db).filter(\.$meetingID == meetingID).sort(\.$position).all()
        let actions = try await HRDAActionModel.query(on: req.db).filter(\.$meetingID == meetingID).sort(\.$dueDate).all()
        let today = la.calendar(holidays: req.frontDoor.holidays).localDate(of: req.now)
        var items: [MeetingCaseResponse] = []
        for item in cases {
            items.append(try await caseResponse(item, meeting: meeting, actions: actions.filter { $0.caseID == item.id }, today: today, actor: actor, on: req.db))
        }
        return MeetingResponse(id: meetingID, la: la.code, date: meeting.meetingDate, windowStart: meeting.windowStart, windowEnd: meeting.windowEnd,
                               heldAt: meeting.heldAt, attendance: meeting.attendees, cases: items, version: meeting.version)
    }

    static func caseResponse(_ item: HRDACaseModel, meeting: HRDAMeetingModel, actions: [HRDAActionModel], today: LocalDate,
                             actor: Actor, on db: any Database) async throws -> MeetingCaseResponse {
        guard let contact = try await ContactModel.find(item.contactID, on: db) else { throw APIError.notFound("the contact") }
        let links = try await ContactPersonModel.query(on: db).filter(\.$contactID == item.contactID).sort(\.$position).all()
        let people = try await PersonModel.query(on: db).filter(\.$id ~~ links.map(\.personID)).all()
        let byID = Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let restricted = try await !Restrictions.hidden(links.map(\.personID), from: actor, on: db).isEmpty
        func names(_ role: String) -> [String] {
            restricted ? ["Restricted record"] : links.filter { $0.role == role }.compactMap { byID[$0.personID] }.map { "\($0.givenName) \($0.familyName)" }
        }
        let referrals = try await ReferralModel.query(on: db).filter(\.$contactID == item.contactID).all()
        let preparer = try await ContactStore.userRefs(item.preparedBy.map { [$0] } ?? [], on: db)
        return MeetingCaseResponse(
            id: try item.requireID(), position: item.position, contactId: item.contactID, contactRef: contact.ref, receivedAt: contact.receivedAt,
            restricted: restricted, children: names("child"), adults: names("adult"), openCase: item.openCase, allocatedWorker: item.allocatedWorker,
            policeRisk: contact.policeRisk, contactState: contact.state, contactOutcome: contact.outcome,
            referrals: try referrals.map { MeetingReferralLink(id: try $0.requireID(), state: $0.state, outcome: $0.outcome) },
            researchNotes: item.researchNotes, preparedBy: item.preparedBy.flatMap { preparer[$0] }, preparedAt: item.preparedAt,
            riskIdentified: item.riskIdentified, victimVoice: item.victimVoice, outcome: item.outcome,
            outcomeLabel: item.outcome.flatMap(MeetingCaseOutcome.init(rawValue:))?.label, discussedAt: item.discussedAt,
            actions: try actions.map { try actionResponse($0, meetingDate: meeting.meetingDate, contactID: item.contactID, today: today) },
            version: item.version
        )
    }

    static func actionResponse(_ action: HRDAActionModel, meetingDate: String, contactID: UUID, today: LocalDate) throws -> MeetingActionResponse {
        let status = action.status(today: today)
        return MeetingActionResponse(
            id: try action.requireID(), meetingId: action.meetingID, meetingDate: meetingDate, caseId: action.caseID, contactId: contactID,
            description: action.description, ownerAgency: action.ownerAgency,
            ownerAgencyLabel: MeetingAgency(rawValue: action.ownerAgency)?.label ?? action.ownerAgency, due: action.dueDate,
            state: action.state, status: status.rawValue, statusLabel: status.label, completedAt: action.completedAt, version: action.version
        )
    }

    /// The research view of one agenda case: the household, its history and the partners' answers.
    static func research(_ item: HRDACaseModel, meeting: HRDAMeetingModel, actor: Actor, req: Request) async throws -> MeetingResearchView {
        try await Restrictions.requireOpen(contact: item.contactID, to: actor, on: req.db)
        guard let contact = try await ContactModel.find(item.contactID, on: req.db),
              let la = try await LocalAuthorityModel.find(meeting.laID, on: req.db) else { throw APIError.notFound("the contact") }
        let today = la.calendar(holidays: req.frontDoor.holidays).localDate(of: req.now)
        let actions = try await HRDAActionModel.query(on: req.db).filter(\.$caseID == item.requireID()).sort(\.$dueDate).all()
        let entry = try await caseResponse(item, meeting: meeting, actions: actions, today: today, actor: actor, on: req.db)
        let links = try await ContactPersonModel.query(on: req.db).filter(\.$contactID == item.contactID).all()
        let childIDs = links.filter { $0.role == "child" }.map(\.personID)
        let household = try await HouseholdLinkModel.query(on: req.db).filter(\.$personID ~~ childIDs).all()
        let adultIDs = Array(Set(links.filter { $0.role == "adult" }.map(\.personID) + household.map(\.otherID))).filter { !childIDs.contains($0) }
        let people = try await PersonModel.query(on: req.db).filter(\.$id ~~ (childIDs + adultIDs)).all()
        let byID = Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        func name(_ id: UUID) -> String { byID[id].map { "\($0.givenName) \($0.familyName)" } ?? "Unknown" }
        let children = childIDs.compactMap { id in byID[id].map { MeetingResearchView.Person(id: id, name: name(id), dateOfBirth: $0.dateOfBirth, relationship: "child") } }
        let adults = adultIDs.compactMap { id in byID[id].map { _ in
            MeetingResearchView.Person(id: id, name: name(id), dateOfBirth: byID[id]?.dateOfBirth,
                                       relationship: household.first { $0.otherID == id }?.relationship ?? "adult named in the contact")
        } }.sorted { $0.name < $1.name }
        // Previous contacts about the same children (not this one), newest first.
        let otherLinks = try await ContactPersonModel.query(on: req.db).filter(\.$personID ~~ childIDs).filter(\.$contactID != item.contactID).all()
        let previous = try await ContactModel.query(on: req.db).filter(\.$id ~~ Array(Set(otherLinks.map(\.contactID))))
            .filter(\.$laID == meeting.laID).sort(\.$receivedAt, .descending).all()
        let referrals = try await ReferralModel.query(on: req.db).filter(\.$childID ~~ childIDs).sort(\.$referredAt, .descending).all()
        let open = try await OpenCases.involvements(of: childIDs, on: req.db).flatMap { child, list in OpenCaseRule.open(list, at: req.now).map { (child, $0) } }
        var answers: [MeetingResearchView.PartnerAnswer] = []
        if !referrals.isEmpty {
            let requests = try await InformationRequestModel.query(on: req.db).filter(\.$referralID ~~ referrals.compactMap(\.id)).sort(\.$requestedAt).all()
            answers = requests.map { .init(agency: $0.agency, question: $0.question, state: $0.state, answer: $0.answer, answeredAt: $0.answeredAt) }
        }
        return MeetingResearchView(
            meetingId: try meeting.requireID(), meetingDate: meeting.meetingDate, item: entry, summary: contact.narrative,
            children: children, householdAdults: adults,
            previousContacts: try previous.map { .init(id: try $0.requireID(), receivedAt: $0.receivedAt, type: $0.type, source: $0.source, state: $0.state,
                                                       outcome: $0.outcome, rag: $0.rag, policeRisk: $0.policeRisk) },
            referrals: try referrals.map { .init(id: try $0.requireID(), child: name($0.childID), referredAt: $0.referredAt, kind: $0.kind, state: $0.state, outcome: $0.outcome) },
            openCases: open.map { .init(child: name($0.0), kind: $0.1.kind.rawValue, openedAt: $0.1.from, allocatedWorker: $0.1.heldBy) },
            partnerAnswers: answers
        )
    }

    // MARK: changes

    struct PreparationInput: Content {
        var notes: String?
        var version: Int?
    }

    static func prepare(_ item: HRDACaseModel, _ input: PreparationInput, actor: Actor, req: Request) async throws {
        var check = InputChecker()
        let notes = check.require(input.notes, "notes", maxLength: 20_000)
        try check.finish()
        try OptimisticLock.check(expected: input.version, current: item.version, what: "agenda case")
        let id = try item.requireID()
        let old = item.version
        item.researchNotes = notes
        item.preparedBy = actor.userID
        item.preparedAt = req.now
        item.version = old + 1
        try await req.db.transaction { db in
            try await req.audit("update", "hrda-case", id, changes: ["researchNotes": [nil, "changed"]], on: db)
            try await OptimisticLock.claim(HRDACaseModel.schema, id: id, version: old, what: "agenda case", on: db)
            try await item.save(on: db)
        }
    }

    struct AttendanceInput: Content {
        var attendees: [Attendee]?
        var heldAt: String?
        var version: Int?
    }

    static func recordAttendance(_ meeting: HRDAMeetingModel, _ input: AttendanceInput, actor: Actor, req: Request) async throws {
        var check = InputChecker()
        var list: [Attendee] = []
        for (index, attendee) in (input.attendees ?? []).prefix(40).enumerated() {
            let agency: MeetingAgency? = check.choice(attendee.agency, "attendees[\(index)].agency")
            let name = check.require(attendee.name, "attendees[\(index)].name", maxLength: 200)
            if let agency, let name { list.append(Attendee(agency: agency.rawValue, name: name)) }
        }
        if (input.attendees ?? []).isEmpty { check.add("attendees", "name who attended, with their agency") }
        var held = req.now
        if let text = check.optional(input.heldAt, "heldAt", maxLength: 40) {
            if let date = RFC3339.parse(text) { held = date } else { check.add("heldAt", "is not an RFC 3339 time with an offset") }
        }
        try check.finish()
        try OptimisticLock.check(expected: input.version, current: meeting.version, what: "meeting")
        let id = try meeting.requireID()
        let old = meeting.version
        meeting.attendance = (try? String(decoding: JSONEncoder.api.encode(list), as: UTF8.self)) ?? "[]"
        meeting.heldAt = held
        meeting.version = old + 1
        let agencies = list.map(\.agency).joined(separator: ",")
        try await req.db.transaction { db in
            try await req.audit("update", "hrda-meeting", id, changes: ["attendance": [nil, agencies]], on: db)
            try await OptimisticLock.claim(HRDAMeetingModel.schema, id: id, version: old, what: "meeting", on: db)
            try await meeting.save(on: db)
        }
    }

    struct DiscussionInput: Content {
        var riskIdentified: String?
        var victimVoice: String?
        var outcome: String?
        var version: Int?
    }

    /// The meeting's discussion of one case; its outcome is written to the contact's history too.
    static func discuss(_ item: HRDACaseModel, meeting: HRDAMeetingModel, _ input: DiscussionInput, actor: Actor, req: Request) async throws {
        var check = InputChecker()
        let risk = check.require(input.riskIdentified, "riskIdentified", maxLength: 20_000)
        let voice = check.require(input.victimVoice, "victimVoice", maxLength: 20_000)
        let outcome: MeetingCaseOutcome? = check.choice(input.outcome, "outcome")
        try check.finish()
        try OptimisticLock.check(expected: input.version, current: item.version, what: "agenda case")
        guard let outcome, let contact = try await ContactModel.find(item.contactID, on: req.db) else { throw APIError.badRequest("could not read the discussion") }
        let id = try item.requireID()
        let old = item.version
        item.riskIdentified = risk
        item.victimVoice = voice
        item.outcome = outcome.rawValue
        item.discussedAt = req.now
        item.version = old + 1
        try await req.db.transaction { db in
            try await req.audit("update", "hrda-case", id, changes: ["outcome": [nil, outcome.rawValue]], on: db)
            try await req.audit("update", "contact", item.contactID, changes: ["hrdaOutcome": [nil, outcome.rawValue]], on: db)
            try await OptimisticLock.claim(HRDACaseModel.schema, id: id, version: old, what: "agenda case", on: db)
            try await item.save(on: db)
            try await ContactEventModel(contactID: item.contactID, at: req.now, actorID: actor.userID, action: "hrda-discussed",
                                        fromState: contact.state, toState: contact.state,
                                        detail: ContactStore.encodeDetail(["meetingDate": meeting.meetingDate, "outcome": outcome.rawValue])).save(on: db)
        }
    }

    struct ActionInput: Content {
        var description: String?
        var ownerAgency: String?
        var due: String?
    }

    static func addAction(_ item: HRDACaseModel, meeting: HRDAMeetingModel, _ input: ActionInput, actor: Actor, req: Request) async throws -> HRDAActionModel {
        var check = InputChecker()
        let description = check.require(input.description, "description", maxLength: 2_000)
        let agency: MeetingAgency? = check.choice(input.ownerAgency, "ownerAgency")
        var due: LocalDate?
        if let text = check.require(input.due, "due", maxLength: 10) {
            due = LocalDate(iso: text)
            if due == nil { check.add("due", "is not a date in the form YYYY-MM-DD") }
        }
        try check.finish()
        guard let description, let agency, let due else { throw APIError.badRequest("could not read the action") }
        let action = HRDAActionModel()
        action.id = UUID()
        action.meetingID = try meeting.requireID()
        action.caseID = try item.requireID()
        action.description = description
        action.ownerAgency = agency.rawValue
        action.dueDate = due.iso
        action.state = MeetingActionState.open.rawValue
        action.createdBy = actor.userID
        action.version = 1
        try await req.db.transaction { db in
            try await req.audit("create", "hrda-action", action.id, changes: ["ownerAgency": [nil, agency.rawValue], "due": [nil, due.iso]], on: db)
            try await action.create(on: db)
        }
        return action
    }

    struct ActionUpdateInput: Content {
        var state: String?
        var version: Int?
    }

    static func updateAction(_ action: HRDAActionModel, _ input: ActionUpdateInput, actor: Actor, req: Request) async throws {
        var check = InputChecker()
        let state: MeetingActionState? = check.choice(input.state, "state")
        try check.finish()
        try OptimisticLock.check(expected: input.version, current: action.version, what: "action")
        guard let state else { throw APIError.badRequest("could not read the state") }
        let id = try action.requireID()
        let old = action.version
        let before = action.state
        action.state = state.rawValue
        action.completedAt = state == .done ? req.now : nil
        action.version = old + 1
        try await req.db.transaction { db in
            try await req.audit("update", "hrda-action", id, changes: ["state": [before, state.rawValue]], on: db)
            try await OptimisticLock.claim(HRDAActionModel.schema, id: id, version: old, what: "action", on: db)
            try await action.save(on: db)
        }
    }

    static func findAction(_ text: String?, actor: Actor, on db: any Database) async throws -> (HRDAActionModel, HRDAMeetingModel) {
        guard let text, let id = UUID(uuidString: text), let action = try await HRDAActionModel.find(id, on: db),
              let meeting = try await HRDAMeetingModel.query(on: db).filter(\.$id == action.meetingID).filter(\.$laID ~~ actor.authorityIDs).first()
        else { throw APIError.notFound("the action") }
        return (action, meeting)
    }

    /// Outstanding actions (open and overdue), by agency then due date; `overdueOnly` keeps the overdue ones.
    static func outstanding(laIDs: [UUID], agency: MeetingAgency?, overdueOnly: Bool, req: Request) async throws -> [MeetingActionResponse] {
        let meetings = try await HRDAMeetingModel.query(on: req.db).filter(\.$laID ~~ laIDs).all()
        let byID = Dictionary(meetings.compactMap { m in m.id.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        guard !byID.isEmpty else { return [] }
        var query = HRDAActionModel.query(on: req.db).filter(\.$meetingID ~~ Array(byID.keys)).filter(\.$state == MeetingActionState.open.rawValue)
        if let agency { query = query.filter(\.$ownerAgency == agency.rawValue) }
        let actions = try await query.sort(\.$ownerAgency).sort(\.$dueDate).all()
        let cases = try await HRDACaseModel.query(on: req.db).filter(\.$id ~~ actions.map(\.caseID)).all()
        let contactOf = Dictionary(cases.compactMap { c in c.id.map { ($0, c.contactID) } }, uniquingKeysWith: { a, _ in a })
        let today = WorkingCalendar(holidays: req.frontDoor.holidays).localDate(of: req.now)
        return try actions.compactMap { action in
            guard let meeting = byID[action.meetingID], let contactID = contactOf[action.caseID] else { return nil }
            let response = try actionResponse(action, meetingDate: meeting.meetingDate, contactID: contactID, today: today)
            return overdueOnly && response.status != MeetingActionStatus.overdue.rawValue ? nil : response
        }
    }

    // MARK: the record, exported

    static func csv(_ meeting: MeetingResponse) -> String {
        var lines = [["meeting_date", "la", "case", "contact_id", "children", "open_case", "allocated_worker", "risk_identified", "victim_voice",
                      "outcome", "action", "owner_agency", "due", "status"].joined(separator: ",")]
        for item in meeting.cases {
            let base = [meeting.date, meeting.la, String(item.position), item.contactId.uuidString, item.children.joined(separator: "; "),
                        item.openCase ? "yes" : "no", item.allocatedWorker ?? "", item.riskIdentified ?? "", item.victimVoice ?? "", item.outcomeLabel ?? ""]
            if item.actions.isEmpty {
                lines.append((base + ["", "", "", ""]).map(csvField).joined(separator: ","))
            }
            for action in item.actions {
                lines.append((base + [action.description, action.ownerAgencyLabel, action.due, action.statusLabel]).map(csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting, and a leading quote mark on text a spreadsheet would run as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
