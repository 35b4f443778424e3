import Fluent
import FrontDoorDomain
import Vapor

/// Who looked at or changed a record: for managers, from the audit trail.
struct AccessLogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("contacts", ":contactID", "access-log", use: contactLog).requires(.viewAccessLog)
        routes.get("people", ":personID", "access-log", use: personLog).requires(.viewAccessLog)
    }

    struct Entry: Content {
        var at: Date
        var by: UserRef?
        var action: String
        var recordType: String
        var recordId: UUID?
        var route: String
        @NullEncodable var remoteAddress: String?
        @NullEncodable var changes: [String: [String?]]?
    }

    struct AccessLog: Content {
        var entries: [Entry]
    }

    func contactLog(req: Request) async throws -> AccessLog {
        let actor = try req.actor(.viewAccessLog)
        let contact = try await ContactStore.find(req.parameters.get("contactID"), actor: actor, on: req.db)
        let log = try await entries(for: [try contact.requireID()], req: req)
        try await req.audit("read-access-log", "contact", contact.id)
        return log
    }

    /// A person's log covers their own record and every contact that names them.
    func personLog(req: Request) async throws -> AccessLog {
        let actor = try req.actor(.viewAccessLog)
        let (person, _) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let personID = try person.requireID()
        let contactIDs = try await ContactPersonModel.query(on: req.db).filter(\.$personID == personID).all().map(\.contactID)
        let log = try await entries(for: [personID] + contactIDs, req: req)
        try await req.audit("read-access-log", "person", personID)
        return log
    }

    private func entries(for recordIDs: [UUID], req: Request) async throws -> AccessLog {
        var query = AuditEventModel.query(on: req.db).filter(\.$recordID ~~ recordIDs)
        if let sinceText = req.query[String.self, at: "since"] {
            guard let since = LocalDate(iso: sinceText) else {
                throw ValidationFailure([FieldProblem("since", "is not a date in the form YYYY-MM-DD")])
            }
            query = query.filter(\.$at >= WorkingCalendar(holidays: req.frontDoor.holidays).startOfDay(since))
        }
        let rows = try await query.sort(\.$seq, .descending).limit(1000).all()
        let users = try await ContactStore.userRefs(Array(Set(rows.compactMap(\.actorID))), on: req.db)
        return AccessLog(entries: rows.map { row in
            Entry(
                at: row.at, by: row.actorID.flatMap { users[$0] }, action: row.action, recordType: row.recordType,
                recordId: row.recordID, route: row.route, remoteAddress: row.remoteAddress,
                changes: row.changes.flatMap { try? JSONDecoder().decode([String: [String?]].self, from: Data($0.utf8)) }
            )
        })
    }
}
