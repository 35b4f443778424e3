import Fluent
import FrontDoorDomain
import Vapor

/// A subject access export: everything held about one person, machine-readable (JSON) and
/// printable (HTML), for a data protection request.
struct SubjectAccessController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("people", ":personID", "subject-access", use: export).requires(.exportSubjectAccess)
    }

    struct SubjectAccessExport: Content {
        var generatedAt: Date
        var person: PersonResponse
        var household: [PeopleController.HouseholdMember]
        var caseEpisodes: [Episode]
        var contacts: [ContactResponse]
        var contactHistory: [String: [ContactEventResponse]]
    }

    struct Episode: Content {
        var kind: String
        var openedAt: Date
        @NullEncodable var closedAt: Date?
        @NullEncodable var allocatedWorker: String?
    }

    func export(req: Request) async throws -> Response {
        let actor = try req.actor(.exportSubjectAccess)
        let (person, _) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let export = try await Self.build(person: person, actor: actor, req: req)
        try await req.audit("subject-access-export", "person", person.id)
        if req.query[String.self, at: "format"] == "html" {
            let response = Response(status: .ok, body: .init(string: SubjectAccessPage.render(export)))
            response.headers.contentType = .html
            return response
        }
        let response = try jsonResponse(export, status: .ok)
        response.headers.contentDisposition = .init(.attachment, filename: "subject-access-\(export.person.id).json")
        return response
    }

    static func build(person: PersonModel, actor: Actor, req: Request) async throws -> SubjectAccessExport {
        let personID = try person.requireID()
        let record = try await PeopleController().record(of: person, req: req)
        let episodes = try await CaseEpisodeModel.query(on: req.db).filter(\.$personID == personID).sort(\.$openedAt).all()
        let contactIDs = try await ContactPersonModel.query(on: req.db).filter(\.$personID == personID).all().map(\.contactID)
        let contacts = try await ContactModel.query(on: req.db).filter(\.$id ~~ contactIDs).sort(\.$receivedAt).all()
        var responses: [ContactResponse] = []
        var history: [String: [ContactEventResponse]] = [:]
        for contact in contacts {
            responses.append(try await ContactStore.response(for: contact, req: req))
            history[try contact.requireID().uuidString] = try await ContactStore.events(of: contact, on: req.db)
        }
        return SubjectAccessExport(
            generatedAt: req.now, person: record.person, household: record.household,
            caseEpisodes: episodes.map { Episode(kind: $0.kind, openedAt: $0.openedAt, closedAt: $0.closedAt, allocatedWorker: $0.allocatedWorker) },
            contacts: responses, contactHistory: history
        )
    }
}

/// The printable form of a subject access export.
enum SubjectAccessPage {
    static func render(_ export: SubjectAccessController.SubjectAccessExport) -> String {
        func esc(_ text: String?) -> String {
            (text ?? "").replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let p = export.person
        var html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Subject access export</title>
        <style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}table{border-collapse:collapse}td,th{border:1px solid #555;padding:.3em .6em;text-align:left;vertical-align:top}@media print{a{color:inherit}}</style>
        </head><body><h1>Information held about \(esc(p.givenName)) \(esc(p.familyName))</h1>
        <p>Produced on \(esc(RFC3339.format(export.generatedAt))) for a subject access request.</p>
        <h2>Personal details</h2><table>
        """
        let rows: [(String, String?)] = [
            ("Given name", p.givenName), ("Family name", p.familyName), ("Other names", p.otherNames.joined(separator: ", ")),
            ("Date of birth", p.dateOfBirth), ("Expected date of birth", p.expectedDateOfBirth), ("Sex", p.sex),
            ("Ethnicity", p.ethnicity), ("NHS number", p.nhsNumber), ("UPN", p.upn), ("Address", p.address), ("Postcode", p.postcode),
        ]
        for (label, value) in rows { html += "<tr><th scope=\"row\">\(esc(label))</th><td>\(esc(value))</td></tr>" }
        html += "</table><h2>Household</h2><ul>"
        for member in export.household { html += "<li>\(esc(member.person.givenName)) \(esc(member.person.familyName)) (\(esc(member.relationship)))</li>" }
        html += "</ul><h2>Case episodes</h2><ul>"
        for episode in export.caseEpisodes {
            html += "<li>\(esc(episode.kind)), opened \(esc(RFC3339.format(episode.openedAt)))\(episode.closedAt.map { ", closed " + esc(RFC3339.format($0)) } ?? "")</li>"
        }
        html += "</ul><h2>Contacts (\(export.contacts.count))</h2>"
        for contact in export.contacts {
            html += "<section><h3>Received \(esc(RFC3339.format(contact.receivedAt)))</h3><p>State: \(esc(contact.state)); outcome: \(esc(contact.decision?.outcome ?? "not yet decided"))</p>"
            html += "<p>\(esc(contact.summary))</p></section>"
        }
        return html + "</body></html>"
    }
}
