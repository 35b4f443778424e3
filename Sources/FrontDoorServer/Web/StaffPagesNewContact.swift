import Fluent
import FrontDoorDomain
import Vapor

/// Recording a new contact: search for the children first (the same ranked matching as the API's
/// people search, with band and explanation), pick the known ones or add new ones, then the contact
/// itself. Adding a new child while a likely match exists needs "this is a different child" ticked.
/// The form is kept as a draft on every step, so nothing typed is lost.
extension StaffPages {
    static let draftForm = "contact-new"
    static let newChildren = ["c0", "c1"]
    static let newAdults = ["a0", "a1"]
    static let personFields = ["givenName", "familyName", "dateOfBirth", "sex"]

    static var formKeys: [String] {
        var keys = ["la", "s_givenName", "s_familyName", "s_dateOfBirth", "s_postcode", "pick", "received_date", "received_time",
                    "source", "channel", "type", "referrer_name", "referrer_organisation", "referrer_role", "referrer_email",
                    "referrer_phone", "consent", "consent_reason", "summary", "rag"]
        for p in newChildren { keys += personFields.map { "\(p)_\($0)" } + ["\(p)_different"] }
        for p in newAdults { keys += personFields.map { "\(p)_\($0)" } }
        return keys
    }

    struct MatchRow: Encodable {
        var id: String
        var name: String
        var details: String
        var band: String
        var bandLabel: String
        var score: String
        var reasons: [String]
        var picked: Bool
        var restricted: Bool
    }

    struct NewContactPage: Encodable {
        var title = "Record a new contact"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var v: [String: String]
        var errors: [WebFieldError]?
        var fieldErrors: [String: String]
        var searched: Bool
        var results: [MatchRow]
        var las: [WebOption]
        var sources: [WebOption]
        var channels: [WebOption]
        var types: [WebOption]
        var consents: [WebOption]
        var rags: [WebOption]
        var sexes: [WebOption]
        var restoredDraft: Bool
    }

    func newContactPage(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.recordContact)
        try actor.require(.searchPeople)
        let draft = try await Drafts.load(Self.draftForm, user: actor.userID, on: req.db)
        var values = draft ?? [:]
        var errors: [WebFieldError] = []
        var results: [MatchRow] = []
        var searched = false
        let searchKeys = ["givenName", "familyName", "dateOfBirth", "postcode"]
        if searchKeys.contains(where: { !(req.query[String.self, at: $0] ?? "").isEmpty }) {
            searched = true
            for key in searchKeys { values["s_\(key)"] = req.query[String.self, at: key] ?? "" }
            if let la = req.query[String.self, at: "la"] { values["la"] = la }
            do {
                let la = try await req.grantedAuthority(code: values["la"] ?? actor.authorities.values.sorted().first)
                let query = try PeopleController.parseQuery(req)
                let found = try await PeopleController.ranked(query, la: la, actor: actor, req: req)
                try await req.audit("search", "person", nil)
                results = Self.matchRows(found, picked: Set((values["pick"] ?? "").split(separator: ",").map(String.init)))
                // The first new child starts from what was searched for.
                if (values["c0_givenName"] ?? "").isEmpty, (values["c0_familyName"] ?? "").isEmpty {
                    values["c0_givenName"] = values["s_givenName"]
                    values["c0_familyName"] = values["s_familyName"]
                    values["c0_dateOfBirth"] = values["s_dateOfBirth"]
                }
            } catch let failure as ValidationFailure {
                errors = failure.problems.map {
                    StaffWeb.fieldError($0, labels: ["dateOfBirth": "Date of birth", "postcode": "Postcode", "givenName": "First name", "familyName": "Last name"], id: { "s_\($0)" })
                }
            }
        }
        return try await renderNewContact(req, actor: actor, values: values, errors: errors, searched: searched, results: results, restoredDraft: draft != nil && !searched)
    }

    static func matchRows(_ found: [PeopleController.SearchResult], picked: Set<String>) -> [MatchRow] {
        found.map { r in
            let p = r.person
            var details: [String] = []
            if let dob = p.dateOfBirth { details.append("born \(dob)") }
            if let age = p.ageYears { details.append("\(age) years old") }
            if let postcode = p.postcode { details.append(postcode) }
            let bandLabel: String
            switch r.band {
            case "certain": bandLabel = "Certain match"
            case "likely": bandLabel = "Likely match"
            default: bandLabel = "Possible match"
            }
            return MatchRow(
                id: p.id.uuidString, name: p.restricted != nil ? "Restricted record" : "\(p.givenName) \(p.familyName)",
                details: p.restricted.map { "Ask \($0.ask) for access" } ?? details.joined(separator: ", "),
                band: r.band, bandLabel: bandLabel, score: "\(Int((r.score * 100).rounded()))%", reasons: r.reasons,
                picked: picked.contains(p.id.uuidString), restricted: p.restricted != nil
            )
        }
    }

    func renderNewContact(
        _ req: Request, actor: Actor, values: [String: String], errors: [WebFieldError], searched: Bool, results: [MatchRow],
        restoredDraft: Bool = false, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        var v = values
        for key in Self.formKeys where v[key] == nil { v[key] = "" }
        if (v["la"] ?? "").isEmpty { v["la"] = actor.authorities.values.sorted().first ?? "" }
        if (v["received_date"] ?? "").isEmpty { v["received_date"] = StaffWeb.localDate(req.now) }
        if (v["received_time"] ?? "").isEmpty { v["received_time"] = StaffWeb.localClock(req.now) }
        // Picked people who are not among the results stay on the page, ticked.
        var rows = results
        let shown = Set(rows.map(\.id))
        let pickedIDs = (v["pick"] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }.filter { !shown.contains($0.uuidString) }
        if !pickedIDs.isEmpty {
            let people = try await PersonModel.query(on: req.db).filter(\.$id ~~ pickedIDs).filter(\.$laID ~~ actor.authorityIDs).all()
            let hidden = try await Restrictions.hidden(people.compactMap(\.id), from: actor, on: req.db)
            for person in people {
                guard let id = person.id else { continue }
                let closed = hidden[id] != nil
                rows.append(MatchRow(
                    id: id.uuidString, name: closed ? "Restricted record" : "\(person.givenName) \(person.familyName)",
                    details: closed ? "" : (person.dateOfBirth.map { "born \($0)" } ?? ""), band: "picked", bandLabel: "Chosen",
                    score: "", reasons: [], picked: true, restricted: closed
                ))
            }
        }
        var fieldErrors: [String: String] = [:]
        for error in errors where fieldErrors[error.field] == nil { fieldErrors[error.field] = error.message }
        let page = NewContactPage(
            csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), v: v, errors: errors.isEmpty ? nil : errors,
            fieldErrors: fieldErrors, searched: searched, results: rows,
            las: actor.authorities.values.sorted().map { WebOption(value: $0, label: "Local authority \($0)", selected: $0 == v["la"]) },
            sources: [WebOption(value: "", label: "Choose the source", selected: (v["source"] ?? "").isEmpty)]
                + ReferralSource.allCases.map { WebOption(value: $0.rawValue, label: "\($0.label) (\($0.rawValue))", selected: $0.rawValue == v["source"]) },
            channels: [WebOption(value: "", label: "Not recorded", selected: (v["channel"] ?? "").isEmpty)]
                + StaffWeb.options(ContactChannel.self, selected: v["channel"]) { $0.replacingOccurrences(of: "-", with: " ").capitalizedFirst },
            types: StaffWeb.options(ContactType.self, selected: (v["type"] ?? "").isEmpty ? "concern" : v["type"]) { $0.replacingOccurrences(of: "-", with: " ").capitalizedFirst },
            consents: [
                WebOption(value: "given", label: "Given", selected: v["consent"] == "given"),
                WebOption(value: "refused", label: "Refused", selected: v["consent"] == "refused"),
                WebOption(value: "not-sought", label: "Not sought", selected: v["consent"] == "not-sought"),
            ],
            rags: [WebOption(value: "", label: "Not rated yet", selected: (v["rag"] ?? "").isEmpty)]
                + StaffWeb.options(RAG.self, selected: v["rag"], label: StaffWeb.ragWord),
            sexes: [WebOption(value: "", label: "Not known", selected: false), WebOption(value: "F", label: "Female", selected: false),
                    WebOption(value: "M", label: "Male", selected: false), WebOption(value: "U", label: "Unborn or not stated", selected: false)],
            restoredDraft: restoredDraft
        )
        return try await StaffWeb.render(req, "staff/new-contact", page, status: status)
    }

    func recordContact(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.recordContact)
        try actor.require(.searchPeople)
        let fields = FormFields(req)
        var values: [String: String] = [:]
        for key in Self.formKeys { values[key] = fields[key] ?? "" }
        let picks = fields.all("pick").filter { !$0.isEmpty }
        values["pick"] = picks.joined(separator: ",")
        let action = fields["action"] ?? "record"

        // Every step keeps the draft.
        try await Drafts.save(Self.draftForm, values: values, user: actor.userID, req: req)
        if action == "search" {
            var query = URLComponents()
            query.queryItems = [("la", "la"), ("givenName", "s_givenName"), ("familyName", "s_familyName"), ("dateOfBirth", "s_dateOfBirth"), ("postcode", "s_postcode")]
                .map { URLQueryItem(name: $0.0, value: values[$0.1] ?? "") }
            return req.redirect(to: "/contacts/new?" + (query.percentEncodedQuery ?? ""))
        }
        if action == "save" { return req.redirect(to: "/contacts/new?saved=1") }
        if action == "discard" {
            try await Drafts.discard(Self.draftForm, user: actor.userID, on: req.db)
            return req.redirect(to: "/contacts/new")
        }

        var errors: [WebFieldError] = []
        var children: [ContactInput.Person] = picks.map { .init(personId: $0) }
        var childIDs: [String] = picks.map { _ in "children" }
        func details(_ p: String) -> PersonInput? {
            let given = values["\(p)_givenName"] ?? "", family = values["\(p)_familyName"] ?? "", dob = values["\(p)_dateOfBirth"] ?? ""
            guard !(given + family + dob).trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            let sex = values["\(p)_sex"] ?? ""
            return PersonInput(givenName: given, familyName: family, dateOfBirth: dob.isEmpty ? nil : dob, sex: sex.isEmpty ? nil : sex)
        }
        var newChildren: [(String, PersonInput)] = []
        for p in Self.newChildren { if let d = details(p) { children.append(.init(details: d)); childIDs.append(p); newChildren.append((p, d)) } }
        var adults: [ContactInput.Person] = []
        var adultIDs: [String] = []
        for p in Self.newAdults { if let d = details(p) { adults.append(.init(details: d)); adultIDs.append(p) } }

        let received = StaffWeb.instant(date: values["received_date"] ?? "", time: values["received_time"] ?? "")
        if received == nil {
            errors.append(WebFieldError(field: "received_date", message: "Enter the date and time the contact was received, for example 2026-11-04 and 09:30"))
        }
        let input = ContactInput(
            receivedAt: received.map(RFC3339.format), source: values["source"], channel: values["channel"], type: values["type"],
            referrer: Referrer(name: values["referrer_name"], organisation: values["referrer_organisation"], role: values["referrer_role"],
                               email: values["referrer_email"], phone: values["referrer_phone"]),
            children: children, adults: adults, narrative: values["summary"], consent: values["consent"],
            consentReason: values["consent_reason"], rag: values["rag"]
        )
        var newContact: NewContact?
        do {
            newContact = try input.validated(now: req.now, today: req.frontDoor.today)
        } catch {
            errors += error.problems.filter { !(received == nil && $0.field == "receivedAt") }.map { Self.contactFieldError($0, childIDs: childIDs, adultIDs: adultIDs) }
        }
        // A new child while a likely match exists must be confirmed as a different child.
        let la = try await req.grantedAuthority(code: values["la"])
        var extraRows: [MatchRow] = []
        for (p, d) in newChildren where values["\(p)_different"] != "true" {
            let query = PersonQuery(givenName: d.givenName, familyName: d.familyName, dateOfBirth: d.dateOfBirth.flatMap(LocalDate.init(iso:)))
            guard !query.isEmpty else { continue }
            let likely = try await PeopleController.ranked(query, la: la, actor: actor, req: req)
                .filter { ($0.band == "likely" || $0.band == "certain") && !picks.contains($0.person.id.uuidString) }
            if let best = likely.first {
                let number = p == "c0" ? "first" : "second"
                let who = best.person.restricted != nil ? "a restricted record" : "\(best.person.givenName) \(best.person.familyName)" + (best.person.dateOfBirth.map { ", born \($0)" } ?? "")
                errors.append(WebFieldError(
                    field: "\(p)_different",
                    message: "The \(number) new child is a \(best.band) match for \(who): tick that record in the search results to use it, or tick ‘This is a different child’"
                ))
                extraRows += Self.matchRows(likely, picked: [])
            }
        }
        if !extraRows.isEmpty { try await req.audit("search", "person", nil) }
        guard errors.isEmpty, let newContact else {
            return try await renderNewContact(req, actor: actor, values: values, errors: errors, searched: !extraRows.isEmpty, results: extraRows, status: .unprocessableEntity)
        }
        do {
            let contact = try await ContactStore.create(newContact, ref: nil, la: la, actor: actor, req: req)
            try await Drafts.discard(Self.draftForm, user: actor.userID, on: req.db)
            return req.redirect(to: "/contacts/\(try contact.requireID().uuidString)")
        } catch let failure as ValidationFailure {
            let errors = failure.problems.map { Self.contactFieldError($0, childIDs: childIDs, adultIDs: adultIDs) }
            return try await renderNewContact(req, actor: actor, values: values, errors: errors, searched: false, results: [], status: .unprocessableEntity)
        }
    }

    /// A problem of the API's contact fields, named and linked as the web form has them.
    static func contactFieldError(_ problem: FieldProblem, childIDs: [String], adultIDs: [String]) -> WebFieldError {
        var field = problem.field
        var label = field
        let personLabels = ["givenName": "first name", "familyName": "last name", "dateOfBirth": "date of birth", "sex": "sex", "personId": "record"]
        for (list, ids, noun) in [("children", childIDs, "child"), ("adults", adultIDs, "adult")] {
            guard field.hasPrefix("\(list)["), let close = field.firstIndex(of: "]"),
                  let index = Int(field[field.index(field.startIndex, offsetBy: list.count + 1)..<close]), index < ids.count else { continue }
            let rest = field[field.index(after: close)...].drop { $0 == "." }
            let id = ids[index]
            if id == "children" {
                return WebFieldError(field: "children", message: "A chosen child’s record: \(problem.message)")
            }
            let ordinal = id.hasSuffix("0") ? "first" : "second"
            field = "\(id)_\(rest.isEmpty ? "givenName" : String(rest))"
            label = "The \(ordinal) new \(noun)’s \(personLabels[String(rest)] ?? String(rest))"
            if problem.message == "is required" || problem.message == "must not be blank" {
                return WebFieldError(field: field, message: "Enter \(label.replacingOccurrences(of: "The ", with: "the "))")
            }
            return WebFieldError(field: field, message: "\(label) \(problem.message)")
        }
        let map: [String: (String, String)] = [
            "receivedAt": ("received_date", "The date and time received"),
            "source": ("source", "The source"),
            "channel": ("channel", "How it came in"),
            "type": ("type", "The kind of contact"),
            "referrer.name": ("referrer_name", "The referrer’s name"),
            "referrer.organisation": ("referrer_organisation", "The referrer’s organisation"),
            "referrer.role": ("referrer_role", "The referrer’s role"),
            "referrer.email": ("referrer_email", "The referrer’s email address"),
            "referrer.phone": ("referrer_phone", "The referrer’s phone number"),
            "summary": ("summary", "The summary of the concern"),
            "consent.status": ("consent", "Consent"),
            "consent.reason": ("consent_reason", "The reason about consent"),
            "rag": ("rag", "The RAG rating"),
            "children": ("children", "Children"),
        ]
        let fixes = [
            "source": "Choose who made the contact (the source)",
            "children": "Choose a child from the search results or enter a new child’s name",
        ]
        if let (id, text) = map[field] {
            if let fix = fixes[field], problem.message == "is required" || problem.message == "must not be blank" || field == "children" {
                return WebFieldError(field: id, message: fix)
            }
            if field == "consent.reason" { return WebFieldError(field: id, message: "Say why consent was not sought (for example: seeking it would put the child at risk)") }
            return WebFieldError(field: id, message: "\(text) \(problem.message)")
        }
        return WebFieldError(field: field, message: "\(label) \(problem.message)")
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
