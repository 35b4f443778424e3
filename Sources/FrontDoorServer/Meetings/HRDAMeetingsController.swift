import Fluent
import FrontDoorDomain
import Vapor

/// `/api/v1/hrda-meetings` and `/api/v1/hrda-actions`: the daily high-risk domestic abuse meeting.
/// Managers (`meeting.prepare`) build the agenda, prepare cases and chair the meeting; attendees
/// (`meeting.attend`) see the agenda cases, and nothing else, and record and update actions.
struct HRDAMeetingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let meetings = routes.grouped("hrda-meetings")
        meetings.post(use: create).requires(.prepareMeetings)
        meetings.get(use: list).requires(.attendDomesticAbuseMeeting)
        meetings.get(":meetingID", use: show).requires(.attendDomesticAbuseMeeting)
        meetings.get(":meetingID", "export", use: export).requires(.attendDomesticAbuseMeeting)
        meetings.post(":meetingID", "attendance", use: attendance).requires(.prepareMeetings)
        meetings.get(":meetingID", "cases", ":contactID", use: research).requires(.attendDomesticAbuseMeeting)
        meetings.post(":meetingID", "cases", ":contactID", "preparation", use: prepare).requires(.prepareMeetings)
        meetings.post(":meetingID", "cases", ":contactID", "discussion", use: discuss).requires(.prepareMeetings)
        meetings.post(":meetingID", "cases", ":contactID", "actions", use: addAction).requires(.attendDomesticAbuseMeeting)
        routes.get("hrda-actions", use: actions).requires(.attendDomesticAbuseMeeting)
        routes.post("hrda-actions", ":actionID", use: updateAction).requires(.attendDomesticAbuseMeeting)
    }

    struct CreateRequest: Content {
        var la: String?
        var date: String?
        var lookbackWorkingDays: Int?
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor(.prepareMeetings)
        let body = try req.content.decode(CreateRequest.self)
        let la = try await req.grantedAuthority(code: body.la)
        let calendar = la.calendar(holidays: req.frontDoor.holidays)
        var date = calendar.localDate(of: req.now)
        if let text = body.date {
            guard let parsed = LocalDate(iso: text) else { throw ValidationFailure([FieldProblem("date", "is not a date in the form YYYY-MM-DD")]) }
            date = parsed
        }
        let meeting = try await HRDAMeetings.create(la: la, date: date, lookback: body.lookbackWorkingDays ?? HRDAMeetingRules.defaultLookbackWorkingDays, actor: actor, req: req)
        return try jsonResponse(try await HRDAMeetings.response(meeting, actor: actor, req: req), status: .created)
    }

    func list(req: Request) async throws -> Response {
        let actor = try req.actor(.attendDomesticAbuseMeeting)
        var laIDs = actor.authorityIDs
        if let code = req.query[String.self, at: "la"] { laIDs = [try await req.grantedAuthority(code: code).requireID()] }
        return try jsonResponse(try await HRDAMeetings.list(laIDs: laIDs, on: req.db), status: .ok)
    }

    func show(req: Request) async throws -> Response {
        let actor = try req.actor(.attendDomesticAbuseMeeting)
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let response = try await HRDAMeetings.response(meeting, actor: actor, req: req)
        try await req.audit("read", "hrda-meeting", meeting.id)
        return try jsonResponse(response, status: .ok)
    }

    /// The meeting's record as CSV (`?format=csv`, one row per action) or JSON (the default).
    func export(req: Request) async throws -> Response {
        let actor = try req.actor(.attendDomesticAbuseMeeting)
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        var check = InputChecker()
        let format = check.optional(req.query[String.self, at: "format"], "format", maxLength: 10) ?? "json"
        if !["csv", "json"].contains(format) { check.add("format", "is one of: csv, json") }
        try check.finish()
        let record = try await HRDAMeetings.response(meeting, actor: actor, req: req)
        try await req.audit("export", "hrda-meeting", meeting.id)
        return Self.download(record, format: format)
    }

    static func download(_ record: MeetingResponse, format: String) -> Response {
        let response: Response
        if format == "csv" {
            response = Response(status: .ok, body: .init(string: HRDAMeetings.csv(record)))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        } else {
            let data = (try? JSONEncoder.api.encode(record)) ?? Data("{}".utf8)
            response = Response(status: .ok, body: .init(data: data))
            response.headers.contentType = .json
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"hrda-meeting-\(record.la)-\(record.date).\(format)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func attendance(req: Request) async throws -> Response {
        let actor = try req.actor(.prepareMeetings)
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        try await HRDAMeetings.recordAttendance(meeting, try req.content.decode(HRDAMeetings.AttendanceInput.self), actor: actor, req: req)
        return try jsonResponse(try await HRDAMeetings.response(meeting, actor: actor, req: req), status: .ok)
    }

    func research(req: Request) async throws -> Response {
        let actor = try req.actor(.attendDomesticAbuseMeeting)
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let item = try await HRDAMeetings.findCase(meeting, contact: req.parameters.get("contactID"), on: req.db)
        let view = try await HRDAMeetings.research(item, meeting: meeting, actor: actor, req: req)
        try await req.audit("read", "contact", item.contactID)
        return try jsonResponse(view, status: .ok)
    }

    func prepare(req: Request) async throws -> Response {
        let actor = try req.actor(.prepareMeetings)
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let item = try await HRDAMeetings.findCase(meeting, contact: req.parameters.get("contactID"), on: req.db)
        try await Restrictions.requireOpen(contact: item.contactID, to: actor, on: req.db)
        try await HRDAMeetings.prepare(item, try req.content.decode(HRDAMeetings.PreparationInput.self), actor: actor, req: req)
        return try jsonResponse(try await HRDAMeetings.research(item, meeting: meeting, actor: actor, req: req), status: .ok)
    }

    func discuss(req: Request) async throws -> Response {
        let actor = try req.actor(.prepareMeetings)
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let item = try await HRDAMeetings.findCase(meeting, contact: req.parameters.get("contactID"), on: req.db)
        try await Restrictions.requireOpen(contact: item.contactID, to: actor, on: req.db)
        try await HRDAMeetings.discuss(item, meeting: meeting, try req.content.decode(HRDAMeetings.DiscussionInput.self), actor: actor, req: req)
        return try jsonResponse(try await HRDAMeetings.research(item, meeting: meeting, actor: actor, req: req), status: .ok)
    }

    func addAction(req: Request) async throws -> Response {
        let actor = try req.actor(.attendDomesticAbuseMeeting)
        let meeting = try await HRDAMeetings.find(req.parameters.get("meetingID"), actor: actor, on: req.db)
        let item = try await HRDAMeetings.findCase(meeting, contact: req.parameters.get("contactID"), on: req.db)
        let action = try await HRDAMeetings.addAction(item, meeting: meeting, try req.content.decode(HRDAMeetings.ActionInput.self), actor: actor, req: req)
        let today = WorkingCalendar(holidays: req.frontDoor.holidays).localDate(of: req.now)
        return try jsonResponse(try HRDAMeetings.actionResponse(action, meetingDate: meeting.meetingDate, contactID: item.contactID, today: today), status: .created)
    }

    /// Outstanding actions (`?status=overdue` for the overdue ones), optionally for one agency.
    func actions(req: Request) async throws -> Response {
        let actor = try req.actor(.attendDomesticAbuseMeeting)
        var check = InputChecker()
        let agency: MeetingAgency? = check.choice(req.query[String.self, at: "agency"], "agency", required: false)
        let status = check.optional(req.query[String.self, at: "status"], "status", maxLength: 20) ?? "outstanding"
        if !["outstanding", "overdue"].contains(status) { check.add("status", "is one of: outstanding, overdue") }
        try check.finish()
        var laIDs = actor.authorityIDs
        if let code = req.query[String.self, at: "la"] { laIDs = [try await req.grantedAuthority(code: code).requireID()] }
        let list = try await HRDAMeetings.outstanding(laIDs: laIDs, agency: agency, overdueOnly: status == "overdue", req: req)
        try await req.audit("list", "hrda-action", nil)
        return try jsonResponse(list, status: .ok)
    }

    func updateAction(req: Request) async throws -> Response {
        let actor = try req.actor(.attendDomesticAbuseMeeting)
        let (action, meeting) = try await HRDAMeetings.findAction(req.parameters.get("actionID"), actor: actor, on: req.db)
        try await HRDAMeetings.updateAction(action, try req.content.decode(HRDAMeetings.ActionUpdateInput.self), actor: actor, req: req)
        let contactID = try await HRDACaseModel.find(action.caseID, on: req.db)?.contactID ?? UUID()
        let today = WorkingCalendar(holidays: req.frontDoor.holidays).localDate(of: req.now)
        return try jsonResponse(try HRDAMeetings.actionResponse(action, meetingDate: meeting.meetingDate, contactID: contactID, today: today), status: .ok)
    }
}
