import Fluent
import FrontDoorDomain
import Vapor

/// The research view as a page (everything known about a child, their household and a chronology),
/// with duplicate alerts; managers merge a duplicate record into it and undo merges. The page calls
/// the API's own handlers, so permissions and audit rows are the same.
struct PersonPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let web = routes.grouped(WebErrorPage())
        web.get("people", ":personID", use: person)
        web.on(.POST, "people", ":personID", "merge", body: .collect(maxSize: "1mb"), use: merge)
        web.get("people", "merges", use: merges)
        web.on(.POST, "people", "merges", ":mergeID", "undo", body: .collect(maxSize: "1mb"), use: undo)
    }

    struct Line: Encodable {
        var when: String
        var text: String
        var link: String?
    }

    struct Member: Encodable {
        var name: String
        var relationship: String
        var summary: String
        var link: String?
    }

    struct Alert: Encodable {
        var id: String
        var field: String
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var id: String
        var details: String
        var status: String
        var flags: [String]
        var openCases: [String]
        var contacts: [Line]
        var referrals: [Line]
        var answers: [Line]
        var household: [Member]
        var chronology: [Line]
        var alerts: [Alert]
        var mayMerge: Bool
        var errors: [WebFieldError] = []
        var reason = ""
    }

    static func statusWords(_ status: String?) -> String {
        switch status {
        case "child-protection": "Child protection: open case with a child protection plan"
        case "child-in-need": "Child in need: open case"
        case "looked-after": "Looked after"
        default: "No open case"
        }
    }

    func person(req: Request) async throws -> Response {
        try await render(req, errors: [], reason: "")
    }

    private func render(_ req: Request, errors: [WebFieldError], reason: String, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try await req.signedInStaff()
        guard actor.can(.viewPeople) else { throw APIError.forbidden("your role cannot open a child's record") }
        let view = try await ResearchController().show(req: req)
        let p = view.person
        var details = [String]()
        if let dob = p.dateOfBirth { details.append("born \(dob)" + (p.ageYears.map { " (\($0))" } ?? "")) }
        if let nhs = p.nhsNumber { details.append("NHS \(nhs)") }
        if let upn = p.upn { details.append("UPN \(upn)") }
        if let postcode = p.postcode { details.append(postcode) }
        let page = Page(
            title: "\(p.givenName) \(p.familyName)", csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor),
            id: p.id.uuidString, details: details.joined(separator: " · "), status: Self.statusWords(view.status),
            flags: view.flags,
            openCases: view.openCases.map { "\($0.kind.replacingOccurrences(of: "-", with: " ")) since \(StaffWeb.time($0.since))" + ($0.heldBy.map { ", held by \($0)" } ?? "") },
            contacts: view.contacts.map { Line(when: StaffWeb.time($0.receivedAt), text: "\($0.sourceLabel) — \($0.outcome ?? $0.state)" + ($0.rag.map { ", \(StaffWeb.ragWord($0))" } ?? ""), link: "/contacts/\($0.id)") },
            referrals: view.referrals.map { Line(when: StaffWeb.time($0.referredAt), text: ($0.reReferral ? "Re-referral" : "Referral") + " — \($0.outcome ?? $0.state)" + ($0.team.map { " (\($0))" } ?? ""), link: "/referrals/\($0.id)") },
            answers: view.partnerAnswers.map { Line(when: StaffWeb.time($0.answeredAt), text: "\($0.agency): \($0.question) — \($0.answer ?? "not answered yet")", link: nil) },
            household: view.household.map { m in
                Member(name: "\(m.person.givenName) \(m.person.familyName)", relationship: m.relationship,
                       summary: m.history.map { "\($0.contacts) contacts, \($0.referrals) referrals; \(Self.statusWords($0.status))" } ?? "Restricted record: \(m.person.restricted?.ask ?? "ask its owner")",
                       link: m.history == nil ? nil : "/people/\(m.person.id)")
            },
            chronology: view.chronology.map { Line(when: StaffWeb.time($0.at), text: $0.description, link: "/\($0.recordType == "contact" ? "contacts" : "referrals")/\($0.recordId)") },
            alerts: view.alerts.map { Alert(id: $0.personId.uuidString, field: $0.field == "nhsNumber" ? "NHS number" : "UPN") },
            mayMerge: actor.can(.mergePeople), errors: errors, reason: reason
        )
        let response = try await req.view.render("staff/person", page).encodeResponse(for: req)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    struct MergeForm: Content {
        var duplicateId: String?
        var reason: String?
    }

    /// Merges the chosen duplicate into this record; the page again, with the problem, if refused.
    func merge(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        guard actor.can(.mergePeople) else { throw APIError.forbidden("only managers merge records") }
        let form = try req.content.decode(MergeForm.self)
        do {
            _ = try await PersonMergesController().merge(req: req)
        } catch let failure as ValidationFailure {
            return try await render(req, errors: failure.problems.map { WebFieldError(field: $0.field == "reason" ? "reason" : "duplicateId", message: $0.field == "reason" ? "Enter why these are the same child" : $0.message) },
                                    reason: form.reason ?? "", status: .unprocessableEntity)
        } catch let error as APIError where error.status == .conflict {
            return try await render(req, errors: [WebFieldError(field: "duplicateId", message: error.message)], reason: form.reason ?? "", status: .conflict)
        }
        return req.redirect(to: "/people/\(req.parameters.get("personID") ?? "")")
    }

    struct MergeLine: Encodable {
        var id: String
        var when: String
        var survivor: String
        var merged: String
        var reason: String
        var undone: String?
    }

    struct MergesPage: Encodable {
        var title = "Merged records"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var la: String
        var merges: [MergeLine]
    }

    func merges(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        guard actor.can(.mergePeople) else { throw APIError.forbidden("only managers see merges") }
        if req.query[String.self, at: "la"] == nil, let first = actor.authorities.values.sorted().first {
            return req.redirect(to: "/people/merges?la=\(first)")
        }
        let list = try await PersonMergesController().list(req: req)
        let ids = list.merges.flatMap { [$0.survivorId, $0.mergedId] }
        var names: [UUID: String] = [:]
        for chunk in Array(Set(ids)).chunked(500) {
            for p in try await PersonModel.query(on: req.db).filter(\.$id ~~ Array(chunk)).all() { names[p.id!] = "\(p.givenName) \(p.familyName)" }
        }
        let page = MergesPage(
            csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), la: req.query[String.self, at: "la"] ?? "",
            merges: list.merges.map { m in
                MergeLine(id: m.id.uuidString, when: StaffWeb.time(m.mergedAt), survivor: names[m.survivorId] ?? m.survivorId.uuidString,
                          merged: names[m.mergedId] ?? m.mergedId.uuidString, reason: m.reason, undone: m.undoneAt.map { StaffWeb.time($0) })
            }
        )
        let response = try await req.view.render("staff/merges", page).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func undo(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        guard actor.can(.mergePeople) else { throw APIError.forbidden("only managers undo merges") }
        let undone = try await PersonMergesController().undo(req: req)
        return req.redirect(to: "/people/merges?la=\(undone.la)")
    }
}
