import Fluent
import FrontDoorDomain
import Vapor

/// The contact record: what was reported, the clocks and history; screening (case summary, RAG,
/// proposed outcome, submit for decision) and the manager's decision. Every form carries the
/// contact's version: when someone else saved first, the save is refused, the user's text is shown
/// again and the page says what changed.
extension StaffPages {
    struct PersonLine: Encodable {
        var name: String
        var details: String
        /// The research view page, when the reader may open it.
        var link: String? = nil
    }

    struct EventLine: Encodable {
        var at: String
        var by: String
        var what: String
    }

    struct ContactView: Encodable {
        var id: String
        var ref: String?
        var la: String
        var received: String
        var source: String
        var channel: String?
        var type: String
        var referrer: String
        var referrerContact: String?
        var children: [PersonLine]
        var adults: [PersonLine]
        var summary: String?
        var consent: String
        var openCase: Bool
        var state: String
        var stateCode: String
        var ragWord: String
        var ragClass: String
        var assignedTo: String?
        var strengths: String?
        var risks: String?
        var proposed: String?
        var decision: String?
        var decisionReason: String?
        var decidedAt: String?
        var decidedBy: String?
        var clock: String
        var due: String
        var breached: Bool
        var oneDayDue: String
        var oneDayBreached: Bool
        var version: Int
    }

    struct Abilities: Encodable {
        var take = false
        var allocate = false
        var rate = false
        var screen = false
        var decide = false
        var sendBack = false
    }

    struct ContactPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var contact: ContactView
        var events: [EventLine]
        var can: Abilities
        var errors: [WebFieldError]?
        var conflict: [String]?
        var form: [String: String]
        var rags: [WebOption]
        var proposals: [WebOption]
        var outcomes: [WebOption]
        var closures: [WebOption]
        /// Whom a manager may allocate it to, grouped by team.
        var workers: [WebOptionGroup]
        /// The referrals the decision opened, for those who may see referrals.
        var referrals: [WebOption]
    }

    func contactPage(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.viewContacts)
        return try await renderContact(req, actor: actor)
    }

    /// The page, fresh from the database; `form`, `errors` and `conflict` come from a refused save.
    func renderContact(
        _ req: Request, actor: Actor, form: [String: String] = [:], errors: [WebFieldError]? = nil,
        conflictSince: Int? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let model = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let c = try await ContactStore.response(for: model, req: req)
        let history = try await ContactStore.events(of: model, on: req.db)
        try await req.audit("read", "contact", model.id)
        try await req.audit("read-history", "contact", model.id)
        let events = history.map(Self.eventLine)
        var conflict: [String]?
        if let since = conflictSince {
            // Every change moves the version on by one and writes one event: the events after the
            // user's version are what the other person did.
            conflict = Array(events.dropFirst(since)).map { "\($0.at): \($0.by) — \($0.what)" }
            if conflict?.isEmpty == true { conflict = ["the contact was saved by someone else at the same moment"] }
        }
        let state = ContactState(rawValue: c.state) ?? .received
        let decided = state == .decided
        var can = Abilities()
        can.take = actor.can(.screenContacts) && (state == .received || state == .inScreening) && c.assignedTo?.id != actor.userID
        can.allocate = actor.can(.allocateWork) && (state == .received || state == .inScreening)
        can.rate = actor.can(.rateContacts) && !decided
        can.screen = actor.can(.screenContacts) && state == .inScreening && (c.assignedTo?.id == actor.userID || actor.can(.allocateWork))
        can.decide = actor.can(.decideContacts) && !decided
        can.sendBack = actor.can(.decideContacts) && state == .awaitingDecision
        var values = form
        // A returned contact keeps its summary: the screening form starts from it.
        if values["strengths"] == nil { values["strengths"] = c.caseSummary?.strengths ?? "" }
        if values["risks"] == nil { values["risks"] = c.caseSummary?.risks ?? "" }
        if values["proposedOutcome"] == nil { values["proposedOutcome"] = c.caseSummary?.proposedOutcome ?? "" }
        if values["rag"] == nil { values["rag"] = c.rag ?? "" }
        if values["outcome"] == nil { values["outcome"] = c.caseSummary?.proposedOutcome ?? "" }
        for key in ["closure", "reason", "returnReason"] where values[key] == nil { values[key] = "" }
        var workers: [WebOptionGroup] = []
        if can.allocate {
            let teams = try await Teams.load(las: actor.authorityIDs, on: req.db)
            workers = try await Self.allocationChoices(for: actor, teams: teams, selected: c.assignedTo?.id, on: req.db)[c.la] ?? []
        }

        func people(_ list: [PersonResponse]) -> [PersonLine] {
            list.map { p in
                if p.restricted != nil { return PersonLine(name: "Restricted record", details: "Ask \(p.restricted?.ask ?? "the record's owner") for access") }
                var parts: [String] = []
                if let dob = p.dateOfBirth { parts.append("born \(dob)") }
                if let edd = p.expectedDateOfBirth { parts.append("expected \(edd)") }
                if let age = p.ageYears { parts.append(age == 1 ? "1 year old" : "\(age) years old") }
                if let postcode = p.postcode { parts.append(postcode) }
                return PersonLine(name: "\(p.givenName) \(p.familyName)", details: parts.joined(separator: ", "), link: "/people/\(p.id)")
            }
        }
        let r = c.referrer
        let referrer = [r.name, r.role, r.organisation].compactMap { $0 }.joined(separator: ", ")
        let view = ContactView(
            id: c.id.uuidString, ref: c.ref, la: c.la, received: StaffWeb.time(c.receivedAt), source: StaffWeb.sourceLabel(c.source),
            channel: c.channel.map { $0.replacingOccurrences(of: "-", with: " ") }, type: c.type.replacingOccurrences(of: "-", with: " ").capitalizedFirst, referrer: referrer.isEmpty ? "Not recorded" : referrer,
            referrerContact: [r.email, r.phone].compactMap { $0 }.joined(separator: ", ").nilIfEmpty,
            children: people(c.children), adults: people(c.adults), summary: c.summary,
            consent: Self.consentText(c.consent.status, c.consent.reason), openCase: c.openCaseAtReceipt,
            state: StaffWeb.stateLabel(c.state), stateCode: c.state, ragWord: StaffWeb.ragWord(c.rag), ragClass: StaffWeb.ragClass(c.rag),
            assignedTo: c.assignedTo?.name, strengths: c.caseSummary?.strengths, risks: c.caseSummary?.risks,
            proposed: c.caseSummary.map { StaffWeb.outcomeLabel($0.proposedOutcome) },
            decision: c.decision.map { d in StaffWeb.outcomeLabel(d.outcome) + (d.closure.map { " — " + StaffWeb.closureLabel($0) } ?? "") },
            decisionReason: c.decision?.reason, decidedAt: c.decision.map { StaffWeb.time($0.decidedAt) }, decidedBy: c.decision?.decidedBy?.name,
            clock: StaffWeb.clock(remaining: c.workingMinutesRemaining, breached: c.breached, decided: decided),
            due: StaffWeb.time(c.decisionDueAt), breached: c.breached, oneDayDue: StaffWeb.time(c.oneWorkingDayDueAt),
            oneDayBreached: c.oneWorkingDayBreached, version: c.version
        )
        var referrals: [WebOption] = []
        if actor.can(.viewReferrals) {
            let opened = try await ReferralModel.query(on: req.db).filter(\.$contactID == c.id).all()
            let names = Dictionary(c.children.map { ($0.id, $0.restricted != nil ? "Restricted record" : "\($0.givenName) \($0.familyName)") }, uniquingKeysWith: { a, _ in a })
            referrals = opened.compactMap { r in
                r.id.map { WebOption(value: $0.uuidString, label: "\(names[r.childID] ?? "A child") — \(ReferralPages.kindLabel(r.kind).lowercased())", selected: false) }
            }
        }
        let children = c.children.map { $0.restricted != nil ? "Restricted record" : "\($0.givenName) \($0.familyName)" }.joined(separator: ", ")
        let page = ContactPage(
            title: "Contact: \(children)", csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), contact: view,
            events: events, can: can, errors: errors, conflict: conflict, form: values,
            rags: StaffWeb.options(RAG.self, selected: values["rag"], label: StaffWeb.ragWord),
            proposals: StaffWeb.options(ContactOutcome.self, selected: values["proposedOutcome"], label: StaffWeb.outcomeLabel),
            outcomes: StaffWeb.options(ContactOutcome.self, selected: values["outcome"], label: StaffWeb.outcomeLabel),
            closures: StaffWeb.options(ClosureKind.self, selected: values["closure"], label: StaffWeb.closureLabel),
            workers: workers, referrals: referrals
        )
        return try await StaffWeb.render(req, "staff/contact", page, status: status)
    }

    static func consentText(_ status: String?, _ reason: String?) -> String {
        let text: String
        switch status {
        case "given": text = "Given"
        case "refused": text = "Refused"
        case "not-sought": text = "Not sought"
        default: text = "Not recorded"
        }
        return reason.map { "\(text): \($0)" } ?? text
    }

    static func eventLine(_ e: ContactEventResponse) -> EventLine {
        let detail = e.detail ?? [:]
        var what: String
        switch e.action {
        case "receive": what = "Contact received"
        case "assign": what = "Assigned for screening"
        case "submit": what = "Case summary submitted for a decision" + (detail["proposedOutcome"].map { " (proposed: \(StaffWeb.outcomeLabel($0).lowercased()))" } ?? "")
        case "return": what = "Returned to screening"
        case "rate": what = "Rated \(StaffWeb.ragWord(detail["rag"]).lowercased())"
        case "decide": what = "Decided: \(StaffWeb.outcomeLabel(detail["outcome"]).lowercased())"
        default: what = e.action
        }
        if e.action == "receive", let rag = detail["rag"] { what += ", rated \(StaffWeb.ragWord(rag).lowercased())" }
        return EventLine(at: StaffWeb.time(e.at), by: e.by?.name ?? "System", what: what)
    }

    static let screeningLabels = [
        "strengths": "Strengths", "risks": "Risks", "proposedOutcome": "Proposed outcome", "rag": "RAG rating",
        "outcome": "Outcome", "closure": "How it was closed", "reason": "Reason for the decision", "returnReason": "Why it goes back",
    ]
    static let screeningFixes = [
        "strengths": "Enter the strengths in the family (what is going well, who protects the child)",
        "risks": "Enter the risks and worries for the child",
        "proposedOutcome": "Choose the outcome you propose",
        "rag": "Choose a RAG rating: red, amber or green",
        "outcome": "Choose the outcome of your decision",
        "reason": "Enter the reason for your decision",
        "returnReason": "Enter why the contact goes back to screening",
    ]

    /// Runs one of the API's contact steps; on a refusal shows the page again with the user's text.
    private func step(
        _ req: Request, fields: (FormFields) -> [String: String] = { $0.values }, rename: [String: String] = [:],
        _ run: (Request) async throws -> Response
    ) async throws -> Response {
        let actor = try await req.signedInStaff()
        let id = req.parameters.get("contactID") ?? ""
        let posted = FormFields(req)
        do {
            _ = try await run(req)
            return req.redirect(to: "/contacts/\(id)")
        } catch let failure as ValidationFailure {
            let errors = failure.problems.map { FieldProblem(rename[$0.field] ?? $0.field, $0.message) }
                .map { StaffWeb.fieldError($0, labels: Self.screeningLabels, fixes: Self.screeningFixes) }
            return try await renderContact(req, actor: actor, form: fields(posted), errors: errors, status: .unprocessableEntity)
        } catch let error as APIError where error.code == "stale" {
            let since = Int(posted["version"] ?? "") ?? 0
            let errors = [WebFieldError(field: "conflict", message: "Someone else changed this contact while you were working on it. Your text is kept below: check the changes and save again.")]
            return try await renderContact(req, actor: actor, form: fields(posted), errors: errors, conflictSince: since, status: .conflict)
        } catch let refused as TransitionRefused {
            let errors = [WebFieldError(field: "state", message: refused.message.prefix(1).uppercased() + refused.message.dropFirst())]
            return try await renderContact(req, actor: actor, form: fields(posted), errors: errors, status: .conflict)
        }
    }

    func take(req: Request) async throws -> Response {
        try await step(req) { try await ContactsController().assign(req: $0) }
    }

    func rate(req: Request) async throws -> Response {
        try await step(req) { try await ContactsController().rate(req: $0) }
    }

    func screen(req: Request) async throws -> Response {
        try await step(req) { try await ContactsController().submit(req: $0) }
    }

    func sendBack(req: Request) async throws -> Response {
        try await step(req, fields: { f in var v = f.values; v["returnReason"] = f["reason"]; v["reason"] = nil; return v }, rename: ["reason": "returnReason"]) {
            try await ContactsController().sendBack(req: $0)
        }
    }

    func decide(req: Request) async throws -> Response {
        try await step(req) { try await ContactsController().decide(req: $0) }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
