import Fluent
import FrontDoorDomain
import Vapor

/// The referral workspace: open referrals, one referral with its consent, information requests and
/// answers, analysis and recommendation, decision and strategy discussions; the day's strategy
/// discussions; and a partner officer's inbox of information requests. Each form runs the API's own
/// handler, so permissions, locking, events and audit rows are the API's.
struct ReferralPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let web = routes.grouped(WebErrorPage())
        web.get("referrals", use: list)
        web.get("referrals", ":referralID", use: page)
        for action in ["consent", "allocate", "analysis", "return", "decision", "information-requests", "strategy-discussions"] {
            web.on(.POST, "referrals", ":referralID", .constant(action), body: .collect(maxSize: "1mb")) { req in try await self.act(req, action) }
        }
        web.on(.POST, "information-requests", ":requestID", "approve", body: .collect(maxSize: "1mb"), use: approve)
        web.get("strategy-discussions", use: day)
        web.on(.POST, "strategy-discussions", ":discussionID", "record", body: .collect(maxSize: "1mb"), use: recordDiscussion)
        web.get("inbox", use: inbox)
        web.on(.POST, "inbox", ":requestID", "answer", body: .collect(maxSize: "1mb"), use: answer)
    }

    // MARK: list

    struct ReferralRow: Encodable {
        var id: String
        var child: String
        var kind: String
        var state: String
        var clock: String
        var due: String
        var breached: Bool
        var assignedTo: String?
    }

    struct ListPage: Encodable {
        var title = "Referrals"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var rows: [ReferralRow]
    }

    func list(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.viewReferrals)
        let result = try await ReferralsController().list(req: req)
        let rows = result.referrals.map { r in
            ReferralRow(
                id: r.id.uuidString, child: Self.childName(r.child), kind: Self.kindLabel(r.kind), state: Self.stateLabel(r.state),
                clock: StaffWeb.clock(remaining: r.workingMinutesRemaining, breached: r.breached), due: StaffWeb.time(r.completionDueAt),
                breached: r.breached, assignedTo: r.assignedTo?.name
            )
        }
        return try await StaffWeb.render(req, "staff/referrals", ListPage(csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), rows: rows))
    }

    static func childName(_ p: PersonResponse) -> String {
        p.restricted != nil ? "Restricted record" : "\(p.givenName) \(p.familyName)" + (p.ageYears.map { " (\($0) years)" } ?? "")
    }

    static func kindLabel(_ kind: String) -> String { kind == "child-protection" ? "Child protection" : "Child in need" }

    static func stateLabel(_ state: String) -> String {
        switch state {
        case "unallocated": "Not yet allocated"
        case "allocated": "Allocated"
        case "awaiting-decision": "Awaiting decision"
        case "decided": "Decided"
        default: state
        }
    }

    static func outcomeLabel(_ outcome: String?) -> String {
        switch outcome {
        case "closed": "Close"
        case "early-help": "Early help"
        case "assessment": "Children and families assessment"
        case "strategy-discussion": "Strategy discussion"
        case "other": "Other"
        default: outcome ?? ""
        }
    }

    static func strategyOutcomeLabel(_ outcome: String?) -> String {
        switch outcome {
        case "s47-joint": "Section 47 enquiry, joint with police"
        case "s47-single": "Section 47 enquiry, children's social care only"
        case "assessment": "Children and families assessment"
        case "no-further-action": "No further action"
        default: outcome ?? ""
        }
    }

    // MARK: one referral

    struct RequestLine: Encodable {
        var id: String
        var agency: String
        var question: String
        var state: String
        var awaitingApproval: Bool
        var basis: String
        var due: String
        var late: Bool
        var answer: String?
        var answered: String?
    }

    struct DiscussionLine: Encodable {
        var scheduled: String
        var held: String?
        var outcome: String?
        var warnings: [String]
    }

    struct ReferralView: Encodable {
        var id: String
        var contactId: String?
        var child: String
        var la: String
        var kind: String
        var state: String
        var stateCode: String
        var referred: String
        var clock: String
        var due: String
        var breached: Bool
        var assignedTo: String?
        var consent: String
        var reReferral: Bool
        var informationGathered: String?
        var analysis: String?
        var recommendation: String?
        var decision: String?
        var decisionReason: String?
        var decidedBy: String?
        var assessmentDue: String
        var s47StartedAt: String?
        var icpcTarget: String?
        var version: Int
    }

    struct Abilities: Encodable {
        var work = false
        var decide = false
        var open = false
    }

    struct ReferralPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var referral: ReferralView
        var requests: [RequestLine]
        var discussions: [DiscussionLine]
        var events: [StaffPages.EventLine]
        var can: Abilities
        var errors: [WebFieldError]?
        var form: [String: String]
        var agencies: [WebOption]
        var participantAgencies: [WebOption]
        var recommendations: [WebOption]
        var outcomes: [WebOption]
        var consents: [WebOption]
        var workers: [WebOptionGroup]
        var participantRows: [Int]
        /// How many history entries the page showed: after a refused save, the newer ones are what changed.
        var seen: Int
        var conflict: [String]?
    }

    func page(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.viewReferrals)
        return try await render(req, actor: actor)
    }

    func render(
        _ req: Request, actor: Actor, form: [String: String] = [:], errors: [WebFieldError]? = nil, conflictSince: Int? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let r = try await ReferralsController().show(req: req)
        let history = try await ReferralsController().events(req: req)
        let requests = try await InformationSharingController().list(req: req)
        let model = try await ReferralStore.find(r.id.uuidString, actor: actor, on: req.db)
        let discussionModels = try await StrategyDiscussionModel.query(on: req.db).filter(\.$referralID == r.id).sort(\.$scheduledAt).all()
        var discussions: [DiscussionLine] = []
        for d in discussionModels {
            let response = try await StrategyDiscussionsController.response(d, req: req)
            discussions.append(DiscussionLine(
                scheduled: StaffWeb.time(response.scheduledAt), held: response.heldAt.map(StaffWeb.time),
                outcome: response.outcome.map(Self.strategyOutcomeLabel), warnings: response.warnings
            ))
        }
        let la = try await LocalAuthorityModel.find(model.laID, on: req.db)
        let decided = r.state == ReferralState.decided.rawValue
        var can = Abilities()
        can.work = actor.can(.workReferrals) && !decided && (r.assignedTo == nil || r.assignedTo?.id == actor.userID || actor.can(.decideReferrals))
        can.decide = actor.can(.decideReferrals) && !decided
        can.open = !decided
        var values = form
        for key in ["informationGathered", "analysis", "recommendation", "outcome", "team", "reason", "returnReason", "question",
                    "due_date", "due_time", "safeguardingReason", "agency", "consent", "consentReason", "scheduled_date", "scheduled_time"] where values[key] == nil {
            values[key] = ""
        }
        if (values["informationGathered"] ?? "").isEmpty { values["informationGathered"] = r.analysis?.informationGathered ?? "" }
        if (values["analysis"] ?? "").isEmpty { values["analysis"] = r.analysis?.analysis ?? "" }
        if (values["recommendation"] ?? "").isEmpty { values["recommendation"] = r.analysis?.recommendation ?? "" }
        if (values["outcome"] ?? "").isEmpty { values["outcome"] = r.analysis?.recommendation ?? "" }
        if (values["consent"] ?? "").isEmpty { values["consent"] = r.consent.status ?? "" }
        if (values["consentReason"] ?? "").isEmpty { values["consentReason"] = r.consent.reason ?? "" }
        var workers: [WebOptionGroup] = []
        if can.decide {
            // Referrals go to MASH social workers and managers, grouped by team.
            let teams = try await Teams.load(las: actor.authorityIDs, on: req.db)
            workers = try await StaffPages.allocationChoices(
                for: actor, teams: teams, permission: .workReferrals, selected: r.assignedTo?.id, on: req.db
            )[r.la] ?? []
        }
        let view = ReferralView(
            id: r.id.uuidString, contactId: r.contactId?.uuidString, child: Self.childName(r.child), la: r.la, kind: Self.kindLabel(r.kind),
            state: Self.stateLabel(r.state), stateCode: r.state, referred: StaffWeb.time(r.referredAt),
            clock: StaffWeb.clock(remaining: r.workingMinutesRemaining, breached: r.breached, decided: decided),
            due: StaffWeb.time(r.completionDueAt), breached: r.breached && !decided, assignedTo: r.assignedTo?.name,
            consent: StaffPages.consentText(r.consent.status, r.consent.reason), reReferral: r.reReferral,
            informationGathered: r.analysis?.informationGathered, analysis: r.analysis?.analysis,
            recommendation: r.analysis.map { Self.outcomeLabel($0.recommendation) },
            decision: r.decision.map { Self.outcomeLabel($0.outcome) + ($0.team.map { " — \($0)" } ?? "") },
            decisionReason: r.decision?.reason, decidedBy: r.decision.map { "\($0.decidedBy?.name ?? "") on \(StaffWeb.time($0.decidedAt))" },
            assessmentDue: r.statutory.assessmentDue, s47StartedAt: r.statutory.s47StartedAt, icpcTarget: r.statutory.icpcTarget, version: r.version
        )
        let lines = requests.map { q in
            RequestLine(
                id: q.id.uuidString, agency: q.agency, question: q.question,
                state: q.state == "awaiting-approval" ? "Awaiting a manager’s approval" : (q.state == "answered" ? "Answered" : "Sent"),
                awaitingApproval: q.state == "awaiting-approval",
                basis: q.basis == "consent" ? "With consent" : "Without consent, for safeguarding: \(q.safeguardingReason ?? "")",
                due: StaffWeb.time(q.dueAt), late: q.late, answer: q.answer, answered: q.answeredAt.map(StaffWeb.time)
            )
        }
        let events = history.map(Self.eventLine)
        var conflict: [String]?
        if let since = conflictSince {
            conflict = events.dropFirst(since).map { "\($0.at): \($0.by) — \($0.what)" }
            if conflict?.isEmpty == true { conflict = ["the referral was saved by someone else at the same moment"] }
        }
        let page = ReferralPage(
            title: "Referral: \(view.child)", csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), referral: view,
            requests: lines, discussions: discussions, events: events, can: can, errors: errors, form: values,
            agencies: (la?.partnerAgencies ?? []).map { WebOption(value: $0, label: $0, selected: $0 == values["agency"]) },
            participantAgencies: Agency.allCases.map { WebOption(value: $0.rawValue, label: $0.label.capitalizedFirst, selected: false) },
            recommendations: ReferralOutcome.allCases.map { WebOption(value: $0.rawValue, label: Self.outcomeLabel($0.rawValue), selected: $0.rawValue == values["recommendation"]) },
            outcomes: ReferralOutcome.allCases.map { WebOption(value: $0.rawValue, label: Self.outcomeLabel($0.rawValue), selected: $0.rawValue == values["outcome"]) },
            consents: [
                WebOption(value: "given", label: "Given", selected: values["consent"] == "given"),
                WebOption(value: "refused", label: "Refused", selected: values["consent"] == "refused"),
                WebOption(value: "not-sought", label: "Not sought", selected: values["consent"] == "not-sought"),
            ],
            workers: workers, participantRows: [0, 1, 2], seen: events.count, conflict: conflict
        )
        return try await StaffWeb.render(req, "staff/referral", page, status: status)
    }

    static func eventLine(_ e: ContactEventResponse) -> StaffPages.EventLine {
        let d = e.detail ?? [:]
        let what: String
        switch e.action {
        case "open": what = "Referral opened"
        case "allocate": what = "Allocated"
        case "analysis": what = "Analysis recorded" + (d["recommendation"].map { " (recommends: \(outcomeLabel($0).lowercased()))" } ?? "")
        case "return": what = "Returned to the worker"
        case "decide": what = "Decided: \(outcomeLabel(d["outcome"]).lowercased())"
        case "consent": what = "Consent recorded: \(d["consent"] ?? "")"
        case "information-request": what = "Information requested from \(d["agency"] ?? "an agency")"
        case "information-request-answer": what = "\(d["agency"] ?? "An agency") answered"
        case "information-request-approve": what = "Request to \(d["agency"] ?? "an agency") approved"
        case "strategy-discussion-scheduled": what = "Strategy discussion scheduled"
        case "strategy-discussion-held": what = "Strategy discussion held: \(strategyOutcomeLabel(d["outcome"]).lowercased())"
        case "section-47": what = "Section 47 enquiry started"
        default: what = e.action
        }
        return StaffPages.EventLine(at: StaffWeb.time(e.at), by: e.by?.name ?? "System", what: what)
    }

    static let labels = [
        "informationGathered": "Information gathered", "analysis": "Analysis", "recommendation": "Recommendation", "outcome": "Outcome",
        "team": "Team", "reason": "Reason", "returnReason": "Why it goes back", "question": "Question", "due_date": "Answer needed by",
        "safeguardingReason": "Safeguarding reason", "agency": "Agency", "consent": "Consent", "consentReason": "About consent",
        "workerId": "Social worker", "scheduled_date": "Date and time", "participants": "Who will take part",
    ]
    static let fixes = [
        "informationGathered": "Enter the information gathered from the agencies and the family",
        "analysis": "Enter your analysis of the information",
        "recommendation": "Choose your recommendation",
        "outcome": "Choose the outcome of your decision",
        "reason": "Enter the reason for your decision",
        "returnReason": "Enter why the referral goes back",
        "question": "Enter the question for the agency",
        "agency": "Choose the agency to ask",
        "consent": "Choose whether consent was given, refused or not sought",
        "due_date": "Enter when the answer is needed, for example 2026-11-05 and 12:00",
        "scheduled_date": "Enter when the discussion will be held, for example 2026-11-05 and 14:00",
    ]

    /// Runs one of the API's referral steps from a form, re-encoding the fields the API takes in
    /// another shape (times as RFC 3339, participants as a list).
    func act(_ req: Request, _ action: String) async throws -> Response {
        let actor = try await req.signedInStaff()
        let id = req.parameters.get("referralID") ?? ""
        let posted = FormFields(req)
        var values = posted.values
        var rename: [String: String] = [:]
        do {
            switch action {
            case "consent":
                rename = ["status": "consent", "reason": "consentReason"]
                try req.content.encode(ReferralsController.ConsentRequest(status: posted["consent"], reason: posted["consentReason"]), as: .urlEncodedForm)
                _ = try await ReferralsController().consent(req: req)
            case "allocate":
                _ = try await ReferralsController().allocate(req: req)
            case "analysis":
                _ = try await ReferralsController().recordAnalysis(req: req)
            case "return":
                rename = ["reason": "returnReason"]
                values["returnReason"] = posted["reason"]
                values["reason"] = nil
                _ = try await ReferralsController().sendBack(req: req)
            case "decision":
                _ = try await ReferralsController().decide(req: req)
            case "information-requests":
                guard let due = StaffWeb.instant(date: posted["due_date"] ?? "", time: posted["due_time"] ?? "") else {
                    throw ValidationFailure([FieldProblem("due_date", "is required")])
                }
                rename = ["dueAt": "due_date"]
                let body = InformationSharingController.CreateRequest(
                    agency: posted["agency"], question: posted["question"], personIds: nil, dueAt: RFC3339.format(due),
                    safeguardingReason: posted["safeguardingReason"]
                )
                try req.content.encode(body, as: .json)
                _ = try await InformationSharingController().create(req: req)
            case "strategy-discussions":
                guard let at = StaffWeb.instant(date: posted["scheduled_date"] ?? "", time: posted["scheduled_time"] ?? "") else {
                    throw ValidationFailure([FieldProblem("scheduled_date", "is required")])
                }
                let participants = Self.participants(posted)
                try req.content.encode(StrategyDiscussionsController.ScheduleRequest(scheduledAt: RFC3339.format(at), participants: participants), as: .json)
                _ = try await StrategyDiscussionsController().schedule(req: req)
            default:
                throw APIError.notFound("the page")
            }
            return req.redirect(to: "/referrals/\(id)")
        } catch let failure as ValidationFailure {
            let errors = failure.problems.map { FieldProblem(rename[$0.field] ?? ($0.field.hasPrefix("participants") ? "participants" : $0.field), $0.message) }
                .map { StaffWeb.fieldError($0, labels: Self.labels, fixes: Self.fixes) }
            return try await render(req, actor: actor, form: values, errors: errors, status: .unprocessableEntity)
        } catch let error as APIError where error.code == "stale" {
            let errors = [WebFieldError(field: "conflict", message: "Someone else changed this referral while you were working on it. Your text is kept below: check the changes and save again.")]
            return try await render(req, actor: actor, form: values, errors: errors, conflictSince: Int(posted["seen"] ?? ""), status: .conflict)
        } catch let refused as TransitionRefused {
            return try await render(req, actor: actor, form: values, errors: [WebFieldError(field: "history", message: refused.message.capitalizedFirst)], status: .conflict)
        }
    }

    /// Participants from rows of agency and name; blank rows are left out.
    static func participants(_ posted: FormFields) -> [Participant] {
        (0..<3).compactMap { i in
            let name = (posted["p\(i)_name"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            return Participant(agency: posted["p\(i)_agency"] ?? "", name: name)
        }
    }

    func approve(req: Request) async throws -> Response {
        _ = try await req.signedInStaff()
        let referral = FormFields(req)["referral"] ?? ""
        _ = try await InformationSharingController().approve(req: req)
        return req.redirect(to: UUID(uuidString: referral) != nil ? "/referrals/\(referral)" : "/referrals")
    }

    // MARK: the day's strategy discussions

    struct DayItem: Encodable {
        var id: String
        var referralId: String
        var child: String
        var la: String
        var scheduled: String
        var held: String?
        var outcome: String?
        var participants: String
        var warnings: [String]
        var version: Int
    }

    struct DayPage: Encodable {
        var title = "Strategy discussions"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var date: String
        var items: [DayItem]
        var canRecord: Bool
        var outcomes: [WebOption]
        var participantAgencies: [WebOption]
        var participantRows: [Int]
        var errors: [WebFieldError]?
        var today: String
    }

    func day(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.viewReferrals)
        return try await renderDay(req, actor: actor)
    }

    func renderDay(_ req: Request, actor: Actor, errors: [WebFieldError]? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let date = req.query[String.self, at: "date"] ?? StaffWeb.localDate(req.now)
        let list: [StrategyDiscussionResponse]
        do {
            list = try await StrategyDiscussionsController().day(req: req)
        } catch let failure as ValidationFailure {
            throw APIError.badRequest(failure.problems.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        }
        let items = list.map { d in
            DayItem(
                id: d.id.uuidString, referralId: d.referralId.uuidString, child: d.child, la: d.la, scheduled: StaffWeb.time(d.scheduledAt),
                held: d.heldAt.map(StaffWeb.time), outcome: d.outcome.map(Self.strategyOutcomeLabel),
                participants: d.participants.map { "\($0.name) (\(Agency(rawValue: $0.agency)?.label ?? $0.agency))" }.joined(separator: ", "),
                warnings: d.warnings, version: d.version
            )
        }
        let page = DayPage(
            csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), date: date, items: items, canRecord: actor.can(.workReferrals),
            outcomes: StrategyOutcome.allCases.map { WebOption(value: $0.rawValue, label: Self.strategyOutcomeLabel($0.rawValue), selected: false) },
            participantAgencies: Agency.allCases.map { WebOption(value: $0.rawValue, label: $0.label.capitalizedFirst, selected: false) },
            participantRows: [0, 1, 2], errors: errors, today: StaffWeb.localDate(req.now)
        )
        return try await StaffWeb.render(req, "staff/strategy-day", page, status: status)
    }

    func recordDiscussion(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        let posted = FormFields(req)
        let date = posted["date"] ?? ""
        do {
            guard let held = StaffWeb.instant(date: posted["held_date"] ?? "", time: posted["held_time"] ?? "") else {
                throw ValidationFailure([FieldProblem("heldAt", "is required")])
            }
            let body = StrategyDiscussionsController.RecordRequest(
                heldAt: RFC3339.format(held), participants: Self.participants(posted), record: posted["record"], outcome: posted["outcome"],
                version: Int(posted["version"] ?? "")
            )
            try req.content.encode(body, as: .json)
            _ = try await StrategyDiscussionsController().record(req: req)
            return req.redirect(to: "/strategy-discussions" + (LocalDate(iso: date) != nil ? "?date=\(date)" : ""))
        } catch let failure as ValidationFailure {
            let fixes = [
                "heldAt": "Enter when the discussion was held, for example 2026-11-04 and 14:00",
                "participants": "Name who took part, with their agency", "record": "Enter what was discussed and agreed",
                "outcome": "Choose the outcome",
            ]
            let errors = failure.problems.map { FieldProblem($0.field.hasPrefix("participants") ? "participants" : $0.field, $0.message) }
                .map { StaffWeb.fieldError($0, labels: ["heldAt": "When held", "participants": "Who took part", "record": "Record", "outcome": "Outcome"], fixes: fixes) }
            return try await renderDay(req, actor: actor, errors: errors, status: .unprocessableEntity)
        }
    }

    // MARK: a partner officer's inbox

    struct InboxLine: Encodable {
        var id: String
        var reference: String
        var question: String
        var people: [String]
        var due: String
        var late: Bool
        var answered: Bool
        var answer: String?
        var answeredAt: String?
        var typed: String
    }

    struct InboxPage: Encodable {
        var title = "Information requests"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var items: [InboxLine]
        var errors: [WebFieldError]?
        var answers: [String: String]
    }

    func inbox(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.answerInformationRequests)
        return try await renderInbox(req, actor: actor)
    }

    func renderInbox(_ req: Request, actor: Actor, errors: [WebFieldError]? = nil, answers: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let items = try await InformationSharingController().inbox(req: req).map { i in
            InboxLine(
                id: i.id.uuidString, reference: i.reference, question: i.question,
                people: i.people.map { p in "\(p.givenName) \(p.familyName)" + (p.dateOfBirth.map { ", born \($0)" } ?? "") + (p.postcode.map { ", \($0)" } ?? "") },
                due: StaffWeb.time(i.dueAt), late: i.late, answered: i.state == "answered", answer: i.answer, answeredAt: i.answeredAt.map(StaffWeb.time),
                typed: answers[i.id.uuidString] ?? ""
            )
        }
        let page = InboxPage(csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), items: items, errors: errors, answers: answers)
        return try await StaffWeb.render(req, "staff/inbox", page, status: status)
    }

    func answer(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        let id = req.parameters.get("requestID") ?? ""
        let posted = FormFields(req)
        do {
            _ = try await InformationSharingController().answer(req: req)
            return req.redirect(to: "/inbox")
        } catch is ValidationFailure {
            let errors = [WebFieldError(field: "answer-\(id)", message: "Enter your answer to the question")]
            return try await renderInbox(req, actor: actor, errors: errors, answers: [id: posted["answer"] ?? ""], status: .unprocessableEntity)
        }
    }
}
