import Fluent
import FrontDoorDomain
import Vapor

/// The referrer portal: a professional (school, GP, health visitor, police — a partner agency
/// officer's account) makes an inter-agency referral online, one question per page, checks the
/// answers and gets a reference; the referral becomes a contact in the front door queue. They see
/// the outcome feedback of their own referrals. And the public "worried about a child" form, which
/// needs no sign-in.
struct PortalPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let web = routes.grouped(WebErrorPage())
        web.get("portal", use: home)
        for step in Self.steps {
            web.get("portal", "refer", .constant(step)) { req in try await self.stepPage(req, step) }
            web.on(.POST, "portal", "refer", .constant(step), body: .collect(maxSize: "1mb")) { req in try await self.saveStep(req, step) }
        }
        web.get("portal", "refer", "check", use: check)
        web.on(.POST, "portal", "refer", "check", body: .collect(maxSize: "1mb"), use: submit)
        web.get("portal", "refer", "done", use: done)
        web.get("worried", use: worriedPage)
        web.on(.POST, "worried", body: .collect(maxSize: "1mb"), use: worried)
    }

    static let steps = ["child", "concern", "consent", "you"]
    static let draftForm = "portal-referral"

    struct PortalNav: Encodable {
        var idleSeconds = Int(WebSession.idleTimeout)
        var inbox: Bool
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: PortalNav
        var v: [String: String]
        var errors: [WebFieldError]?
        var fieldErrors: [String: String]
        var options: [WebOption]
        var las: [WebOption]
        var back: String?
        var fromCheck: Bool
    }

    /// The signed-in professional: a partner agency officer (who may send contacts but not browse the hub).
    func professional(_ req: Request) async throws -> Actor {
        let actor = try await req.signedInStaff()
        guard actor.role == .partnerAgencyOfficer else {
            throw APIError.forbidden("the referrer portal is for professionals in partner agencies; staff record contacts at /contacts/new")
        }
        try actor.require(.recordContact)
        return actor
    }

    // MARK: the portal's first page

    struct Sent: Encodable {
        var reference: String
        var received: String
        var children: String
        var status: String
        var feedback: [String]
    }

    struct HomePage: Encodable {
        var title = "Refer a child"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: PortalNav
        var sent: [Sent]
        var hasDraft: Bool
    }

    func home(req: Request) async throws -> Response {
        let actor = try await professional(req)
        // Only what this professional sent; what happened inside the hub stays there, except the
        // feedback the council sends every referrer.
        let contacts = try await ContactModel.query(on: req.db).filter(\.$createdBy == actor.userID).filter(\.$laID ~~ actor.authorityIDs)
            .sort(\.$receivedAt, .descending).limit(100).all()
        let ids = contacts.compactMap(\.id)
        let links = try await ContactPersonModel.query(on: req.db).filter(\.$contactID ~~ ids).filter(\.$role == "child").all()
        let people = try await PersonModel.query(on: req.db).filter(\.$id ~~ links.map(\.personID)).all()
        let names = Dictionary(people.compactMap { p in p.id.map { ($0, "\(p.givenName) \(p.familyName)") } }, uniquingKeysWith: { a, _ in a })
        let refs = contacts.compactMap { c in c.id.map { "FD-" + String($0.uuidString.prefix(8)) } }
        let messages = try await OutboxMessageModel.query(on: req.db).filter(\.$reference ~~ refs).all()
        let sent = contacts.compactMap { c -> Sent? in
            guard let id = c.id else { return nil }
            let reference = "FD-" + String(id.uuidString.prefix(8))
            let status: String
            switch ContactState(rawValue: c.state) {
            case .decided: status = "Decided"
            case .received: status = "Received"
            default: status = "Being looked at"
            }
            let feedback = messages.filter { $0.reference == reference }.sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }.map(\.body)
            return Sent(
                reference: reference, received: StaffWeb.time(c.receivedAt),
                children: links.filter { $0.contactID == id }.compactMap { names[$0.personID] }.joined(separator: ", "),
                status: status, feedback: feedback
            )
        }
        try await req.audit("list", "contact", nil)
        let hasDraft = try await Drafts.load(Self.draftForm, user: actor.userID, on: req.db) != nil
        let page = HomePage(csrf: req.csrfToken, userName: actor.name, nav: PortalNav(inbox: actor.can(.answerInformationRequests)), sent: sent, hasDraft: hasDraft)
        return try await StaffWeb.render(req, "portal/home", page)
    }

    // MARK: the referral, one question per page

    static let sourceChoices: [ReferralSource] = [
        .schools, .educationServices, .gp, .healthVisitor, .schoolNurse, .otherPrimaryHealth, .accidentAndEmergency, .otherHealth,
        .housing, .police, .otherLegalAgency, .laExternal, .other,
    ]

    static func defaultSource(agency: String?) -> String {
        switch agency {
        case "police": "6"
        case "education": "2A"
        case "health": "3F"
        case "housing": "4"
        case "probation": "7"
        default: ""
        }
    }

    func stepPage(_ req: Request, _ step: String) async throws -> Response {
        let actor = try await professional(req)
        var values = try await Drafts.load(Self.draftForm, user: actor.userID, on: req.db) ?? [:]
        if step == "you" {
            if (values["referrer_name"] ?? "").isEmpty { values["referrer_name"] = actor.name }
            if (values["source"] ?? "").isEmpty { values["source"] = Self.defaultSource(agency: actor.agency) }
        }
        return try await renderStep(req, actor: actor, step, values: values, errors: [])
    }

    func renderStep(_ req: Request, actor: Actor, _ step: String, values: [String: String], errors: [WebFieldError], status: HTTPResponseStatus = .ok) async throws -> Response {
        var v = values
        for key in ["la", "child_givenName", "child_familyName", "child_dateOfBirth", "child_postcode", "child2_givenName", "child2_familyName",
                    "child2_dateOfBirth", "adult_givenName", "adult_familyName", "summary", "danger", "consent", "consent_reason",
                    "referrer_name", "referrer_organisation", "referrer_role", "referrer_email", "referrer_phone", "source"] where v[key] == nil {
            v[key] = ""
        }
        if (v["la"] ?? "").isEmpty { v["la"] = actor.authorities.values.sorted().first ?? "" }
        var options: [WebOption] = []
        switch step {
        case "concern":
            options = [WebOption(value: "yes", label: "Yes", selected: v["danger"] == "yes"), WebOption(value: "no", label: "No", selected: v["danger"] == "no")]
        case "consent":
            options = [
                WebOption(value: "given", label: "Yes, they agreed to this referral", selected: v["consent"] == "given"),
                WebOption(value: "refused", label: "No, they did not agree", selected: v["consent"] == "refused"),
                WebOption(value: "not-sought", label: "I did not ask them", selected: v["consent"] == "not-sought"),
            ]
        case "you":
            options = Self.sourceChoices.map { WebOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == v["source"]) }
        default:
            break
        }
        var fieldErrors: [String: String] = [:]
        for e in errors where fieldErrors[e.field] == nil { fieldErrors[e.field] = e.message }
        let index = Self.steps.firstIndex(of: step) ?? 0
        let titles = ["child": "About the child", "concern": "What are you worried about?", "consent": "Does the family know?", "you": "About you"]
        let page = Page(
            title: (errors.isEmpty ? "" : "Error: ") + (titles[step] ?? step), csrf: req.csrfToken, userName: actor.name,
            nav: PortalNav(inbox: actor.can(.answerInformationRequests)), v: v, errors: errors.isEmpty ? nil : errors, fieldErrors: fieldErrors,
            options: options,
            las: actor.authorities.values.sorted().map { WebOption(value: $0, label: Self.laName($0), selected: $0 == v["la"]) },
            back: index == 0 ? "/portal" : "/portal/refer/\(Self.steps[index - 1])",
            fromCheck: req.query[String.self, at: "from"] == "check"
        )
        return try await StaffWeb.render(req, "portal/\(step)", page, status: status)
    }

    static func laName(_ code: String) -> String {
        switch code {
        case "850": "Hampshire (850)"
        case "921": "Isle of Wight (921)"
        default: "Local authority \(code)"
        }
    }

    /// The problems of one step, with messages that say how to fix them.
    static func problems(_ step: String, _ v: [String: String], today: LocalDate) -> [WebFieldError] {
        var errors: [WebFieldError] = []
        func blank(_ key: String) -> Bool { (v[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        switch step {
        case "child":
            if blank("child_givenName") { errors.append(.init(field: "child_givenName", message: "Enter the child’s first name")) }
            if blank("child_familyName") { errors.append(.init(field: "child_familyName", message: "Enter the child’s last name")) }
            var check = InputChecker()
            _ = PersonInput(givenName: "x", familyName: "x", dateOfBirth: blank("child_dateOfBirth") ? nil : v["child_dateOfBirth"],
                            postcode: blank("child_postcode") ? nil : v["child_postcode"]).validated(as: "child", today: today, into: &check)
            for p in check.problems {
                if p.field.hasSuffix("dateOfBirth") {
                    errors.append(.init(field: "child_dateOfBirth", message: p.message.hasPrefix("is in the future") ? "The date of birth must be in the past" : "Enter the date of birth as year-month-day, for example 2018-03-05"))
                }
                if p.field.hasSuffix("postcode") { errors.append(.init(field: "child_postcode", message: "Enter a real postcode, for example SO23 8UJ")) }
            }
            if !blank("child2_givenName") || !blank("child2_familyName") {
                if blank("child2_givenName") || blank("child2_familyName") {
                    errors.append(.init(field: "child2_givenName", message: "Enter both names of the second child, or leave both blank"))
                }
            }
        case "concern":
            if blank("summary") { errors.append(.init(field: "summary", message: "Describe what you are worried about")) }
            if (v["summary"] ?? "").count > ContactInput.maxNarrative { errors.append(.init(field: "summary", message: "Shorten the description to \(ContactInput.maxNarrative) characters or fewer")) }
            if blank("danger") { errors.append(.init(field: "danger", message: "Say whether the child is in danger now")) }
        case "consent":
            if blank("consent") { errors.append(.init(field: "consent", message: "Say whether the family agreed to this referral")) }
            if v["consent"] == "not-sought", blank("consent_reason") {
                errors.append(.init(field: "consent_reason", message: "Say why you did not ask the family (for example: asking would put the child at risk)"))
            }
        case "you":
            if blank("referrer_name") { errors.append(.init(field: "referrer_name", message: "Enter your name")) }
            if blank("referrer_organisation") { errors.append(.init(field: "referrer_organisation", message: "Enter the name of your organisation, for example Oakfield Primary School")) }
            if blank("referrer_email") {
                errors.append(.init(field: "referrer_email", message: "Enter your work email address, so we can tell you what happens"))
            } else if !ContactInput.looksLikeEmail((v["referrer_email"] ?? "").trimmingCharacters(in: .whitespaces)) {
                errors.append(.init(field: "referrer_email", message: "Enter an email address in the correct format, like name@example.org"))
            }
            if ReferralSource(rawValue: v["source"] ?? "") == nil { errors.append(.init(field: "source", message: "Choose the kind of organisation you work for")) }
        default:
            break
        }
        return errors
    }

    func saveStep(_ req: Request, _ step: String) async throws -> Response {
        let actor = try await professional(req)
        let posted = FormFields(req)
        var values = try await Drafts.load(Self.draftForm, user: actor.userID, on: req.db) ?? [:]
        for (key, value) in posted.values where key != "from" { values[key] = value }
        try await Drafts.save(Self.draftForm, values: values, user: actor.userID, req: req)
        let errors = Self.problems(step, values, today: req.frontDoor.today)
        if !errors.isEmpty {
            return try await renderStep(req, actor: actor, step, values: values, errors: errors, status: .unprocessableEntity)
        }
        if posted["from"] == "check" { return req.redirect(to: "/portal/refer/check") }
        let index = Self.steps.firstIndex(of: step) ?? 0
        return req.redirect(to: index + 1 < Self.steps.count ? "/portal/refer/\(Self.steps[index + 1])" : "/portal/refer/check")
    }

    // MARK: check your answers, send, confirmation

    struct Answer: Encodable {
        var question: String
        var answer: String
        var change: String
    }

    struct CheckPage: Encodable {
        var title = "Check your answers before sending the referral"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: PortalNav
        var answers: [Answer]
        var errors: [WebFieldError]?
    }

    func check(req: Request) async throws -> Response {
        let actor = try await professional(req)
        let values = try await Drafts.load(Self.draftForm, user: actor.userID, on: req.db) ?? [:]
        // A step not yet answered is asked first.
        for step in Self.steps where !Self.problems(step, values, today: req.frontDoor.today).isEmpty {
            return req.redirect(to: "/portal/refer/\(step)")
        }
        return try await renderCheck(req, actor: actor, values: values, errors: nil)
    }

    func renderCheck(_ req: Request, actor: Actor, values v: [String: String], errors: [WebFieldError]?, status: HTTPResponseStatus = .ok) async throws -> Response {
        func value(_ key: String) -> String { (v[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func person(_ p: String) -> String {
            let name = "\(value("\(p)_givenName")) \(value("\(p)_familyName"))".trimmingCharacters(in: .whitespaces)
            let dob = value("\(p)_dateOfBirth")
            return name + (dob.isEmpty ? "" : ", born \(dob)")
        }
        var answers = [
            Answer(question: "Council area", answer: Self.laName(value("la")), change: "/portal/refer/child?from=check"),
            Answer(question: "Child", answer: person("child") + (value("child_postcode").isEmpty ? "" : ", \(value("child_postcode"))"), change: "/portal/refer/child?from=check"),
        ]
        if !value("child2_givenName").isEmpty { answers.append(Answer(question: "Second child", answer: person("child2"), change: "/portal/refer/child?from=check")) }
        if !value("adult_givenName").isEmpty { answers.append(Answer(question: "Parent or carer", answer: person("adult"), change: "/portal/refer/child?from=check")) }
        answers += [
            Answer(question: "What you are worried about", answer: value("summary"), change: "/portal/refer/concern?from=check"),
            Answer(question: "In danger now", answer: value("danger") == "yes" ? "Yes" : "No", change: "/portal/refer/concern?from=check"),
            Answer(question: "Family agreed", answer: StaffPages.consentText(value("consent"), value("consent_reason").isEmpty ? nil : value("consent_reason")), change: "/portal/refer/consent?from=check"),
            Answer(question: "You", answer: [value("referrer_name"), value("referrer_role"), value("referrer_organisation")].filter { !$0.isEmpty }.joined(separator: ", "), change: "/portal/refer/you?from=check"),
            Answer(question: "Your contact details", answer: [value("referrer_email"), value("referrer_phone")].filter { !$0.isEmpty }.joined(separator: ", "), change: "/portal/refer/you?from=check"),
            Answer(question: "Your organisation is", answer: ReferralSource(rawValue: value("source"))?.label ?? "", change: "/portal/refer/you?from=check"),
        ]
        let page = CheckPage(csrf: req.csrfToken, userName: actor.name, nav: PortalNav(inbox: actor.can(.answerInformationRequests)), answers: answers, errors: errors)
        return try await StaffWeb.render(req, "portal/check", page, status: status)
    }

    static func input(from v: [String: String], now: Date, channel: ContactChannel) -> ContactInput {
        func value(_ key: String) -> String? {
            let text = (v[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        var children = [ContactInput.Person(details: PersonInput(givenName: value("child_givenName"), familyName: value("child_familyName"),
                                                                 dateOfBirth: value("child_dateOfBirth"), postcode: value("child_postcode")))]
        if value("child2_givenName") != nil {
            children.append(.init(details: PersonInput(givenName: value("child2_givenName"), familyName: value("child2_familyName"),
                                                       dateOfBirth: value("child2_dateOfBirth"), postcode: value("child_postcode"))))
        }
        var adults: [ContactInput.Person] = []
        if value("adult_givenName") != nil || value("adult_familyName") != nil {
            adults.append(.init(details: PersonInput(givenName: value("adult_givenName"), familyName: value("adult_familyName"), postcode: value("child_postcode"))))
        }
        var summary = value("summary") ?? ""
        if value("danger") == "yes" { summary = "The referrer says the child is in danger now.\n\n" + summary }
        return ContactInput(
            receivedAt: RFC3339.format(now), source: value("source"), channel: channel.rawValue, type: ContactType.concern.rawValue,
            referrer: Referrer(name: value("referrer_name"), organisation: value("referrer_organisation"), role: value("referrer_role"),
                               email: value("referrer_email"), phone: value("referrer_phone")),
            children: children, adults: adults, narrative: summary, consent: value("consent"), consentReason: value("consent_reason")
        )
    }

    func submit(req: Request) async throws -> Response {
        let actor = try await professional(req)
        let values = try await Drafts.load(Self.draftForm, user: actor.userID, on: req.db) ?? [:]
        for step in Self.steps where !Self.problems(step, values, today: req.frontDoor.today).isEmpty {
            return req.redirect(to: "/portal/refer/\(step)")
        }
        let la = try await req.grantedAuthority(code: values["la"])
        do {
            let new = try Self.input(from: values, now: req.now, channel: .webForm).validated(now: req.now, today: req.frontDoor.today)
            let contact = try await ContactStore.create(new, ref: nil, la: la, actor: actor, req: req)
            try await Drafts.discard(Self.draftForm, user: actor.userID, on: req.db)
            let reference = "FD-" + String(try contact.requireID().uuidString.prefix(8))
            return req.redirect(to: "/portal/refer/done?ref=\(reference)")
        } catch let failure as ValidationFailure {
            let errors = failure.problems.map { WebFieldError(field: "answers", message: "\($0.field) \($0.message): change the answer above") }
            return try await renderCheck(req, actor: actor, values: values, errors: errors, status: .unprocessableEntity)
        }
    }

    struct DonePage: Encodable {
        var title = "Referral sent"
        var csrf: String
        var signedIn: Bool
        var userName: String?
        var nav: PortalNav
        var reference: String
        var publicForm: Bool
    }

    func done(req: Request) async throws -> Response {
        let actor = try await professional(req)
        let reference = (req.query[String.self, at: "ref"] ?? "").filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let page = DonePage(csrf: req.csrfToken, signedIn: true, userName: actor.name, nav: PortalNav(inbox: actor.can(.answerInformationRequests)), reference: reference, publicForm: false)
        return try await StaffWeb.render(req, "portal/done", page)
    }

    // MARK: the public form

    struct WorriedPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = false
        var v: [String: String]
        var errors: [WebFieldError]?
        var fieldErrors: [String: String]
        var las: [WebOption]
        var relationships: [WebOption]
    }

    static let relationships: [(String, String)] = [
        ("1A", "I am a family member, relative or carer"),
        ("1B", "I know them (for example a neighbour or a friend of the family)"),
        ("1C", "I am the child or young person"),
        ("1D", "Other"),
        ("9", "I would rather not say who I am"),
    ]

    func worriedPage(req: Request) async throws -> Response {
        try await renderWorried(req, values: [:], errors: [])
    }

    func renderWorried(_ req: Request, values: [String: String], errors: [WebFieldError], status: HTTPResponseStatus = .ok) async throws -> Response {
        var v = values
        for key in ["la", "child_givenName", "child_familyName", "child_age", "child_postcode", "summary", "relationship", "name", "email", "phone"] where v[key] == nil { v[key] = "" }
        let las = try await LocalAuthorityModel.query(on: req.db).sort(\.$name).all()
        var fieldErrors: [String: String] = [:]
        for e in errors where fieldErrors[e.field] == nil { fieldErrors[e.field] = e.message }
        let page = WorriedPage(
            title: (errors.isEmpty ? "" : "Error: ") + "Tell us you are worried about a child", csrf: req.csrfToken, v: v,
            errors: errors.isEmpty ? nil : errors, fieldErrors: fieldErrors,
            las: las.map { WebOption(value: $0.code, label: $0.name, selected: $0.code == v["la"]) },
            relationships: Self.relationships.map { WebOption(value: $0.0, label: $0.1, selected: $0.0 == v["relationship"]) }
        )
        return try await StaffWeb.render(req, "portal/worried", page, status: status)
    }

    /// The account public reports are recorded under: it cannot sign in and holds no grants.
    static func publicFormActor(la: LocalAuthorityModel, on db: any Database) async throws -> Actor {
        let email = "public-form@system.frontdoor.invalid"
        let user: UserModel
        if let found = try await UserModel.query(on: db).filter(\.$email == email).first() {
            user = found
        } else {
            user = UserModel(email: email, name: "Public web form", role: .partnerAgencyOfficer, passwordHash: "!")
            user.disabledAt = Date()
            try await user.save(on: db)
        }
        let laID = try la.requireID()
        return Actor(userID: try user.requireID(), name: user.name, role: .partnerAgencyOfficer, authorities: [laID: la.code])
    }

    /// Reports one browser session may send in an hour: enough for anyone worried, not a flood.
    static let publicReportsPerHour = 5

    func worried(req: Request) async throws -> Response {
        let posted = FormFields(req)
        let hourAgo = req.now.timeIntervalSince1970 - 3600
        let recent = (req.session.data["public-reports"] ?? "").split(separator: ",").compactMap { Double($0) }.filter { $0 > hourAgo }
        if recent.count >= Self.publicReportsPerHour {
            let error = WebFieldError(field: "summary", message: "You have sent several reports in the last hour. If a child is in danger, call 999; otherwise please try again later.")
            return try await renderWorried(req, values: posted.values, errors: [error], status: .tooManyRequests)
        }
        var v = posted.values
        func value(_ key: String) -> String { (v[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [WebFieldError] = []
        let la = try await LocalAuthorityModel.query(on: req.db).filter(\.$code == value("la")).first()
        if la == nil { errors.append(.init(field: "la", message: "Choose the council area where the child lives")) }
        if value("child_givenName").isEmpty { errors.append(.init(field: "child_givenName", message: "Enter the child’s first name, or what they are called")) }
        if value("summary").isEmpty { errors.append(.init(field: "summary", message: "Tell us what you are worried about")) }
        if value("summary").count > ContactInput.maxNarrative { errors.append(.init(field: "summary", message: "Shorten what you wrote to \(ContactInput.maxNarrative) characters or fewer")) }
        let source = value("relationship")
        if !Self.relationships.map(\.0).contains(source) { errors.append(.init(field: "relationship", message: "Say who you are, or choose ‘I would rather not say’")) }
        if !value("email").isEmpty, !ContactInput.looksLikeEmail(value("email")) {
            errors.append(.init(field: "email", message: "Enter an email address in the correct format, like name@example.org, or leave it blank"))
        }
        if !value("child_postcode").isEmpty, Postcode(value("child_postcode")) == nil {
            errors.append(.init(field: "child_postcode", message: "Enter a real postcode, for example SO23 8UJ, or leave it blank"))
        }
        guard errors.isEmpty, let la else {
            return try await renderWorried(req, values: v, errors: errors, status: .unprocessableEntity)
        }
        let anonymous = source == "9"
        if anonymous { for key in ["name", "email", "phone"] { v[key] = "" } }
        let age = value("child_age")
        var summary = value("summary")
        if !age.isEmpty { summary = "Age given by the person reporting: \(age).\n\n" + summary }
        let input = ContactInput(
            receivedAt: RFC3339.format(req.now), source: source, channel: ContactChannel.webForm.rawValue, type: ContactType.concern.rawValue,
            referrer: anonymous ? Referrer() : Referrer(name: value("name").nilIfEmpty, role: Self.relationships.first { $0.0 == source }?.1,
                                                         email: value("email").nilIfEmpty, phone: value("phone").nilIfEmpty),
            children: [.init(details: PersonInput(givenName: value("child_givenName"),
                                                  familyName: value("child_familyName").isEmpty ? "Not known" : value("child_familyName"),
                                                  postcode: value("child_postcode").nilIfEmpty))],
            narrative: summary
        )
        do {
            let new = try input.validated(now: req.now, today: req.frontDoor.today)
            let actor = try await Self.publicFormActor(la: la, on: req.db)
            req.auth.login(actor)
            let contact = try await ContactStore.create(new, ref: nil, la: la, actor: actor, req: req)
            req.auth.logout(Actor.self)
            req.session.data["public-reports"] = (recent + [req.now.timeIntervalSince1970]).map { String($0) }.joined(separator: ",")
            let reference = "FD-" + String(try contact.requireID().uuidString.prefix(8))
            let page = DonePage(title: "Thank you", csrf: req.csrfToken, signedIn: false, userName: nil, nav: PortalNav(inbox: false), reference: reference, publicForm: true)
            return try await StaffWeb.render(req, "portal/done", page)
        } catch let failure as ValidationFailure {
            let errors = failure.problems.map { WebFieldError(field: $0.field.contains("postcode") ? "child_postcode" : ($0.field.contains("email") ? "email" : "summary"), message: "\($0.field) \($0.message)") }
            return try await renderWorried(req, values: v, errors: errors, status: .unprocessableEntity)
        }
    }
}
