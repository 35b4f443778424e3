import Fluent
import FrontDoorDomain
import Leaf
import Vapor

/// The staff pages for the daily HRDA meeting (`/meetings…`) and quality assurance (`/quality…`).
/// They call the same code as the API (HRDAMeetings, QualityAudits), with the same permissions.
struct MeetingPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let meetings = routes.grouped("meetings")
        meetings.get(use: meetingList)
        meetings.post(use: createMeeting)
        meetings.get("actions", use: actionList)
        meetings.post("actions", ":actionID", use: updateAction)
        meetings.get(":meetingID", use: meetingPage)
        meetings.get(":meetingID", "print", use: printPage)
        meetings.get(":meetingID", "export", use: export)
        meetings.post(":meetingID", "attendance", use: attendance)
        meetings.get(":meetingID", "cases", ":contactID", use: casePage)
        meetings.post(":meetingID", "cases", ":contactID", "preparation", use: prepare)
        meetings.post(":meetingID", "cases", ":contactID", "discussion", use: discuss)
        meetings.post(":meetingID", "cases", ":contactID", "actions", use: addAction)
        let quality = routes.grouped("quality")
        quality.get(use: auditList)
        quality.post(use: createAudit)
        quality.get("missing-strategy-discussions", use: patternPage)
        quality.get(":auditID", use: auditPage)
        quality.get(":auditID", "cases", ":caseID", use: auditCasePage)
        quality.post(":auditID", "cases", ":caseID", use: gradeCase)
    }

    // MARK: shared

    struct Option: Encodable {
        var value: String
        var label: String
        var selected = false
    }

    struct Frame: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
    }

    static func local(_ date: Date?) -> String { StaffWeb.time(date) }

    static func longDate(_ iso: String) -> String {
        guard let day = LocalDate(iso: iso) else { return iso }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEEE d MMMM yyyy"
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        guard let date = gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) else { return iso }
        return formatter.string(from: date)
    }

    /// The signed-in user holding `permission`; nil means "go and sign in".
    private func signedIn(_ req: Request, _ permission: Permission) async throws -> Actor? {
        guard let actor = try await req.webActor(), actor.scope != .passwordChange else { return nil }
        req.auth.login(actor)
        try actor.require(permission)
        return actor
    }

    private func frame(_ req: Request, _ actor: Actor, _ title: String, _ errors: [WebController.FormError]? = nil) -> Frame {
        Frame(title: title, csrf: req.csrfToken, userName: actor.name, errors: errors)
    }

    private func render<T: Encodable>(_ req: Request, _ template: String, _ page: T, status: HTTPResponseStatus = .ok) async throws -> Response {
        let view = try await req.view.render(template, page)
        let response = try await view.encodeResponse(for: req)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The problems of a refused form, in words for the error summary.
    private func problems(_ error: any Error) -> [WebController.FormError]? {
        if let failure = error as? ValidationFailure {
            return failure.problems.map { .init(field: $0.field, message: $0.field + " " + $0.message) }
        }
        if let api = error as? APIError, api.status == .conflict { return [.init(field: "form", message: api.reason)] }
        return nil
    }

    private func form(_ req: Request) -> [String: String] {
        (try? req.content.decode([String: String].self)) ?? [:]
    }

    // MARK: meetings

    struct MeetingListPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var meetings: [Row]
        var canPrepare: Bool
        var authorities: [Option]
        var today: String

        struct Row: Encodable {
            var id: UUID
            var date: String
            var la: String
            var cases: Int
            var discussed: Int
            var held: String
        }
    }

    func meetingList(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .attendDomesticAbuseMeeting) else { return req.redirect(to: "/sign-in") }
        return try await meetingListPage(req, actor)
    }

    private func meetingListPage(_ req: Request, _ actor: Actor, errors: [WebController.FormError]? = nil) async throws -> Response {
        let meetings = try await HRDAMeetings.list(laIDs: actor.authorityIDs, on: req.db)
        let f = frame(req, actor, "Daily domestic abuse meetings", errors)
        let page = MeetingListPage(
            title: f.title, csrf: f.csrf, userName: f.userName, errors: errors,
            meetings: meetings.map { .init(id: $0.id, date: Self.longDate($0.date), la: $0.la, cases: $0.cases, discussed: $0.discussed,
                                           held: $0.heldAt == nil ? "Not yet held" : "Held " + Self.local($0.heldAt)) },
            canPrepare: actor.can(.prepareMeetings),
            authorities: actor.authorities.values.sorted().map { Option(value: $0, label: $0) },
            today: WorkingCalendar(holidays: req.frontDoor.holidays).localDate(of: req.now).iso
        )
        return try await render(req, "meetings/index", page, status: errors == nil ? .ok : .unprocessableEntity)
    }

    func createMeeting(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .prepareMeetings) else { return req.redirect(to: "/sign-in") }
        let fields = form(req)
        do {
            guard let text = fields["date"], let date = LocalDate(iso: text) else { throw ValidationFailure([FieldProblem("date", "is not a date in the form YYYY-MM-DD")]) }
            let la = try await req.grantedAuthority(code: fields["la"])
            let meeting = try await HRDAMeetings.create(la: la, date: date, lookback: Int(fields["lookbackWorkingDays"] ?? "") ?? 1, actor: actor, req: req)
            return req.redirect(to: "/meetings/\(try meeting.requireID())")
        } catch {
            guard let errors = problems(error) else { throw error }
            return try await meetingListPage(req, actor, errors: errors)
        }
    }

    struct ActionRow: Encodable {
        var id: UUID
        var description: String
        var agency: String
        var due: String
        var status: String
        var overdue: Bool
        var open: Bool
        var version: Int
        var meetingId: UUID
        var contactId: UUID
        var meetingDate: String

        init(_ a: MeetingActionResponse) {
            id = a.id; description = a.description; agency = a.ownerAgencyLabel; due = Self.shortDate(a.due); status = a.statusLabel
            overdue = a.status == MeetingActionStatus.overdue.rawValue
            open = a.status == MeetingActionStatus.open.rawValue || overdue
            version = a.version; meetingId = a.meetingId; contactId = a.contactId; meetingDate = a.meetingDate
        }

        static func shortDate(_ iso: String) -> String { MeetingPages.longDate(iso) }
    }

    struct CaseRow: Encodable {
        var contactId: UUID
        var position: Int
        var received: String
        var children: String
        var adults: String
        var restricted: Bool
        var openCase: Bool
        var worker: String
        var prepared: Bool
        var notes: String
        var risk: String
        var voice: String
        var outcome: String
        var discussed: Bool
        var contactState: String
        var referrals: Int
        var actions: [ActionRow]

        init(_ c: MeetingCaseResponse) {
            contactId = c.contactId; position = c.position; received = MeetingPages.local(c.receivedAt)
            children = c.children.joined(separator: ", "); adults = c.adults.joined(separator: ", "); restricted = c.restricted
            openCase = c.openCase; worker = c.allocatedWorker ?? ""; prepared = c.researchNotes != nil; notes = c.researchNotes ?? ""
            risk = c.riskIdentified ?? ""; voice = c.victimVoice ?? ""; outcome = c.outcomeLabel ?? ""; discussed = c.outcome != nil
            contactState = c.contactOutcome.map { "decided: \($0)" } ?? c.contactState; referrals = c.referrals.count
            actions = c.actions.map(ActionRow.init)
        }
    }

    struct MeetingPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var id: UUID
        var la: String
        var date: String
        var window: String
        var held: Bool
        var heldAt: String
        var version: Int
        var attendance: [Attendee]
        var agencies: [AgencyField]
        var cases: [CaseRow]
        var canPrepare: Bool

        struct AgencyField: Encodable {
            var value: String
            var label: String
            var name: String
        }
    }

    private func meetingModel(_ req: Request, _ actor: Actor, _ meeting: HRDAMeetingModel, errors: [WebController.FormError]?) async throws -> MeetingPage {
        let record = try await HRDAMeetings.response(meeting, actor: actor, req: req)
        try await req.audit("read", "hrda-meeting", meeting.id)
        let present = Dictionary(record.attendance.map { ($0.agency, $0.name) }, uniquingKeysWith: { a, b in a + ", " + b })
        return MeetingPage(
            title: "Domestic abuse meeting, \(Self.longDate(record.date))", csrf: req.csrfToken, userName: actor.name, errors: errors,
            id: record.id, la: record.la, date: Self.longDate(record.date),
            window: "notifications received from \(Self.local(record.windowStart)) to \(Self.local(record.windowEnd))",
            held: record.heldAt != nil, heldAt: Self.local(record.heldAt), version: record.version,
            attendance: record.attendance.map { Attendee(agency: MeetingAgency(rawValue: $0.agency)?.label ?? $0.agency, name: $0.name) },
            agencies: MeetingAgency.allCases.map { .init(value: $0.rawValue, label: $0.label, name: present[$0.rawValue] ?? "") },
            cases: record.cases.map(CaseRow.init), canPrepare: actor.can(.prepareMeetings)
        )
    }

    func meetingPage(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .attendDomesticAbuseMeeting) else { return req.redirect(to: "/sign-in") }
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        return try await render(req, "meetings/meeting", try await meetingModel(req, actor, meeting, errors: nil))
    }

    /// The meeting's record on one printable page.
    func printPage(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .attendDomesticAbuseMeeting) else { return req.redirect(to: "/sign-in") }
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        return try await render(req, "meetings/print", try await meetingModel(req, actor, meeting, errors: nil))
    }

    func export(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .attendDomesticAbuseMeeting) else { return req.redirect(to: "/sign-in") }
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let format = req.query[String.self, at: "format"] == "csv" ? "csv" : "json"
        let record = try await HRDAMeetings.response(meeting, actor: actor, req: req)
        try await req.audit("export", "hrda-meeting", meeting.id)
        return HRDAMeetingsController.download(record, format: format)
    }

    func attendance(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .prepareMeetings) else { return req.redirect(to: "/sign-in") }
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let fields = form(req)
        var attendees: [Attendee] = []
        for agency in MeetingAgency.allCases {
            for name in (fields["attendee-\(agency.rawValue)"] ?? "").split(separator: ",") where !name.trimmingCharacters(in: .whitespaces).isEmpty {
                attendees.append(Attendee(agency: agency.rawValue, name: String(name)))
            }
        }
        do {
            try await HRDAMeetings.recordAttendance(meeting, .init(attendees: attendees, heldAt: nil, version: Int(fields["version"] ?? "")), actor: actor, req: req)
            return req.redirect(to: "/meetings/\(try meeting.requireID())")
        } catch {
            guard var errors = problems(error) else { throw error }
            errors = errors.map { $0.field == "attendees" ? .init(field: "attendee-police", message: "Name at least one person who attended, with their agency") : $0 }
            return try await render(req, "meetings/meeting", try await meetingModel(req, actor, meeting, errors: errors), status: .unprocessableEntity)
        }
    }

    struct CasePage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var meetingId: UUID
        var meetingDate: String
        var item: CaseRow
        var version: Int
        var summary: String
        var children: [MeetingResearchView.Person]
        var adults: [MeetingResearchView.Person]
        var previousContacts: [Previous]
        var referrals: [Previous]
        var openCases: [Previous]
        var answers: [MeetingResearchView.PartnerAnswer]
        var outcomes: [Option]
        var agencies: [Option]
        var canPrepare: Bool
        var form: [String: String]

        struct Previous: Encodable {
            var when: String
            var what: String
            var result: String
        }
    }

    private func casePageModel(_ req: Request, _ actor: Actor, errors: [WebController.FormError]? = nil, form: [String: String] = [:]) async throws -> CasePage {
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let item = try await HRDAMeetings.findCase(meeting, contact: req.parameters.get("contactID"), on: req.db)
        let view = try await HRDAMeetings.research(item, meeting: meeting, actor: actor, req: req)
        try await req.audit("read", "contact", item.contactID)
        return CasePage(
            title: "Agenda case \(view.item.position), \(Self.longDate(view.meetingDate))", csrf: req.csrfToken, userName: actor.name, errors: errors,
            meetingId: view.meetingId, meetingDate: Self.longDate(view.meetingDate), item: CaseRow(view.item), version: view.item.version,
            summary: view.summary ?? "", children: view.children, adults: view.householdAdults,
            previousContacts: view.previousContacts.map { .init(when: Self.local($0.receivedAt), what: "\($0.type) (source \($0.source))" + ($0.policeRisk.map { ", police risk \($0)" } ?? ""),
                                                                result: $0.outcome.map { "decided: \($0)" } ?? $0.state) },
            referrals: view.referrals.map { .init(when: Self.local($0.referredAt), what: "\($0.child): \($0.kind)", result: $0.outcome.map { "decided: \($0)" } ?? $0.state) },
            openCases: view.openCases.map { .init(when: Self.local($0.openedAt), what: "\($0.child): \($0.kind)", result: $0.allocatedWorker.map { "allocated to \($0)" } ?? "not allocated") },
            answers: view.partnerAnswers,
            outcomes: MeetingCaseOutcome.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: view.item.outcome == $0.rawValue) },
            agencies: MeetingAgency.allCases.map { Option(value: $0.rawValue, label: $0.label) },
            canPrepare: actor.can(.prepareMeetings), form: form
        )
    }

    func casePage(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .attendDomesticAbuseMeeting) else { return req.redirect(to: "/sign-in") }
        return try await render(req, "meetings/case", try await casePageModel(req, actor))
    }

    private func caseChange(_ req: Request, _ permission: Permission,
                            _ change: @escaping (Actor, HRDAMeetingModel, HRDACaseModel, [String: String]) async throws -> Void) async throws -> Response {
        guard let actor = try await signedIn(req, permission) else { return req.redirect(to: "/sign-in") }
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let item = try await HRDAMeetings.findCase(meeting, contact: req.parameters.get("contactID"), on: req.db)
        try await Restrictions.requireOpen(contact: item.contactID, to: actor, on: req.db)
        let fields = form(req)
        do {
            try await change(actor, meeting, item, fields)
            return req.redirect(to: "/meetings/\(try meeting.requireID())/cases/\(item.contactID)")
        } catch {
            guard let errors = problems(error) else { throw error }
            return try await render(req, "meetings/case", try await casePageModel(req, actor, errors: errors, form: fields), status: .unprocessableEntity)
        }
    }

    func prepare(req: Request) async throws -> Response {
        try await caseChange(req, .prepareMeetings) { actor, _, item, fields in
            try await HRDAMeetings.prepare(item, .init(notes: fields["notes"], version: Int(fields["version"] ?? "")), actor: actor, req: req)
        }
    }

    func discuss(req: Request) async throws -> Response {
        try await caseChange(req, .prepareMeetings) { actor, meeting, item, fields in
            try await HRDAMeetings.discuss(item, meeting: meeting, .init(riskIdentified: fields["riskIdentified"], victimVoice: fields["victimVoice"],
                                                                       outcome: fields["outcome"], version: Int(fields["version"] ?? "")), actor: actor, req: req)
        }
    }

    func addAction(req: Request) async throws -> Response {
        try await caseChange(req, .attendDomesticAbuseMeeting) { actor, meeting, item, fields in
            _ = try await HRDAMeetings.addAction(item, meeting: meeting, .init(description: fields["description"], ownerAgency: fields["ownerAgency"], due: fields["due"]),
                                                 actor: actor, req: req)
        }
    }

    struct ActionListPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var overdueOnly: Bool
        var agencies: [Option]
        var groups: [Group]

        struct Group: Encodable {
            var agency: String
            var actions: [ActionRow]
        }
    }

    /// Outstanding (or only overdue) actions, by agency.
    func actionList(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .attendDomesticAbuseMeeting) else { return req.redirect(to: "/sign-in") }
        let overdueOnly = req.query[String.self, at: "status"] == "overdue"
        let agency = req.query[String.self, at: "agency"].flatMap(MeetingAgency.init(rawValue:))
        let actions = try await HRDAMeetings.outstanding(laIDs: actor.authorityIDs, agency: agency, overdueOnly: overdueOnly, req: req)
        try await req.audit("list", "hrda-action", nil)
        let groups = MeetingAgency.allCases.compactMap { a -> ActionListPage.Group? in
            let list = actions.filter { $0.ownerAgency == a.rawValue }
            return list.isEmpty ? nil : .init(agency: a.label, actions: list.map(ActionRow.init))
        }
        return try await render(req, "meetings/actions", ActionListPage(
            title: overdueOnly ? "Overdue actions" : "Outstanding actions", csrf: req.csrfToken, userName: actor.name, overdueOnly: overdueOnly,
            agencies: MeetingAgency.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == agency) }, groups: groups
        ))
    }

    func updateAction(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .attendDomesticAbuseMeeting) else { return req.redirect(to: "/sign-in") }
        let (action, meeting) = try await HRDAMeetings.findAction(req.parameters.get("actionID"), actor: actor, on: req.db)
        let fields = form(req)
        try await HRDAMeetings.updateAction(action, .init(state: fields["state"], version: Int(fields["version"] ?? "")), actor: actor, req: req)
        let contactID = try await HRDACaseModel.find(action.caseID, on: req.db)?.contactID
        return req.redirect(to: fields["back"] == "actions" ? "/meetings/actions" : "/meetings/\(try meeting.requireID())/cases/\(contactID?.uuidString ?? "")")
    }

    // MARK: quality

    struct AuditListPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var audits: [QualityAuditListItem]
        var rules: [Option]
        var authorities: [Option]
        var form: [String: String]
    }

    func auditList(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .auditQuality) else { return req.redirect(to: "/sign-in") }
        return try await auditListPage(req, actor)
    }

    private func auditListPage(_ req: Request, _ actor: Actor, errors: [WebController.FormError]? = nil, form: [String: String] = [:]) async throws -> Response {
        let audits = try await QualityAudits.list(laIDs: actor.authorityIDs, on: req.db)
        return try await render(req, "quality/index", AuditListPage(
            title: "Quality assurance audits", csrf: req.csrfToken, userName: actor.name, errors: errors, audits: audits,
            rules: SamplingRule.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: form["rule"] == $0.rawValue) },
            authorities: actor.authorities.values.sorted().map { Option(value: $0, label: $0, selected: form["la"] == $0) }, form: form
        ), status: errors == nil ? .ok : .unprocessableEntity)
    }

    func createAudit(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .auditQuality) else { return req.redirect(to: "/sign-in") }
        let fields = form(req)
        do {
            var check = InputChecker()
            var size: Int?
            if let text = check.optional(fields["sampleSize"], "sampleSize", maxLength: 5) {
                size = Int(text)
                if size == nil { check.add("sampleSize", "must be a whole number from 1 to 500") }
            }
            try check.finish()
            let audit = try await QualityAudits.create(.init(la: fields["la"], theme: fields["theme"], periodFrom: fields["periodFrom"], periodTo: fields["periodTo"],
                                                             rule: fields["rule"], sampleSize: size, seed: fields["seed"].flatMap { $0.isEmpty ? nil : $0 }),
                                                       actor: actor, req: req)
            return req.redirect(to: "/quality/\(try audit.requireID())")
        } catch {
            guard let errors = problems(error) else { throw error }
            return try await auditListPage(req, actor, errors: errors, form: fields)
        }
    }

    struct AuditPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var audit: QualityAuditResponse
        var grades: [GradeCount]

        struct GradeCount: Encodable {
            var label: String
            var count: Int
        }
    }

    func auditPage(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .auditQuality) else { return req.redirect(to: "/sign-in") }
        let audit = try await QualityAudits.find(req.parameters.get("auditID"), actor: actor, on: req.db)
        let response = try await QualityAudits.response(audit, actor: actor, on: req.db)
        try await req.audit("read", "quality-audit", audit.id)
        return try await render(req, "quality/audit", AuditPage(
            title: "Audit: \(response.theme)", csrf: req.csrfToken, userName: actor.name, audit: response,
            grades: AuditGrade.allCases.map { .init(label: $0.label, count: response.summary.byGrade[$0.rawValue] ?? 0) }
        ))
    }

    struct AuditCasePage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var auditId: UUID
        var theme: String
        var view: QualityCaseView
        var received: String
        var decided: String
        var history: [Previous]
        var grades: [Option]
        var form: [String: String]

        struct Previous: Encodable {
            var when: String
            var what: String
        }
    }

    private func auditCaseModel(_ req: Request, _ actor: Actor, errors: [WebController.FormError]? = nil, form: [String: String] = [:]) async throws -> AuditCasePage {
        let audit = try await QualityAudits.find(req.parameters.get("auditID"), actor: actor, on: req.db)
        let item = try await QualityAudits.findCase(audit, req.parameters.get("caseID"), on: req.db)
        let view = try await QualityAudits.caseView(audit, item, actor: actor, on: req.db)
        try await req.audit("read", item.recordType, item.recordID)
        var form = form
        if form["agency"] == nil, let agency = actor.agency { form["agency"] = agency }
        return AuditCasePage(
            title: "Audit case \(view.item.position): \(audit.theme)", csrf: req.csrfToken, userName: actor.name, errors: errors,
            auditId: try audit.requireID(), theme: audit.theme, view: view, received: Self.local(view.receivedAt), decided: Self.local(view.decidedAt),
            history: view.history.map { .init(when: Self.local($0.at), what: "\($0.action) (\($0.toState))" + ($0.by.map { " by \($0.name)" } ?? "")) },
            grades: AuditGrade.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: form["grade"] == $0.rawValue) }, form: form
        )
    }

    func auditCasePage(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .auditQuality) else { return req.redirect(to: "/sign-in") }
        return try await render(req, "quality/case", try await auditCaseModel(req, actor))
    }

    func gradeCase(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .auditQuality) else { return req.redirect(to: "/sign-in") }
        let audit = try await QualityAudits.find(req.parameters.get("auditID"), actor: actor, on: req.db)
        let item = try await QualityAudits.findCase(audit, req.parameters.get("caseID"), on: req.db)
        let fields = form(req)
        do {
            _ = try await QualityAudits.grade(item, .init(agency: fields["agency"], grade: fields["grade"], findings: fields["findings"],
                                                          learningActions: fields["learningActions"]), actor: actor, req: req)
            return req.redirect(to: "/quality/\(try audit.requireID())")
        } catch {
            guard let errors = problems(error) else { throw error }
            return try await render(req, "quality/case", try await auditCaseModel(req, actor, errors: errors, form: fields), status: .unprocessableEntity)
        }
    }

    struct PatternPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var errors: [WebController.FormError]?
        var la: String
        var from: String
        var to: String
        var authorities: [Option]
        var children: [Child]

        struct Child: Encodable {
            var name: String
            var count: Int
            var indicators: [String]
        }
    }

    /// The pattern finder for managers: children with repeated child protection indicators and no strategy discussion.
    func patternPage(req: Request) async throws -> Response {
        guard let actor = try await signedIn(req, .decideReferrals) else { return req.redirect(to: "/sign-in") }
        let code = req.query[String.self, at: "la"] ?? actor.authorities.values.sorted().first ?? ""
        let la = try await req.grantedAuthority(code: code)
        let calendar = la.calendar(holidays: req.frontDoor.holidays)
        let today = calendar.localDate(of: req.now)
        var check = InputChecker()
        let dates = QualityAudits.readPeriod(req.query[String.self, at: "from"] ?? (calendar.date(byAddingDays: -90, to: today) ?? today).iso,
                                             req.query[String.self, at: "to"] ?? today.iso, &check, fromField: "from", toField: "to")
        var children: [PatternPage.Child] = []
        var errors: [WebController.FormError]?
        if let (from, to) = dates, check.problems.isEmpty {
            let findings = try await QualityAudits.missingStrategyDiscussions(la: try la.requireID(), period: QualityAudits.period(from: from, to: to, calendar: calendar),
                                                                              threshold: MissingStrategyDiscussionRule.defaultThreshold, on: req.db)
            let hidden = try await Restrictions.hidden(findings.map(\.child), from: actor, on: req.db)
            children = try await QualityAudits.patternResponse(findings, on: req.db).map { child in
                .init(name: hidden[child.childId] == nil ? child.child : "Restricted record", count: child.indicators.count,
                      indicators: child.indicators.map { "\(Self.local($0.at)): \($0.label)" })
            }
            try await req.audit("list", "pattern-missing-strategy-discussion", nil)
        } else {
            errors = check.problems.map { .init(field: $0.field, message: $0.field + " " + $0.message) }
        }
        return try await render(req, "quality/pattern", PatternPage(
            title: "Children with no strategy discussion", csrf: req.csrfToken, userName: actor.name, errors: errors, la: la.code,
            from: dates?.0.iso ?? "", to: dates?.1.iso ?? "",
            authorities: actor.authorities.values.sorted().map { Option(value: $0, label: $0, selected: $0 == la.code) }, children: children
        ), status: errors == nil ? .ok : .unprocessableEntity)
    }
}
