import Fluent
import FrontDoorDomain
import Leaf
import Synchronization
import Vapor

/// The staff web application's case-work pages: the work queue, the contact record (screening and
/// the manager's decision), and recording a new contact. Every page calls the same stores and
/// domain code as the JSON API (often the API's own handlers), so permissions, clocks, locking and
/// audit rows are the same whichever way a record is reached.
struct StaffPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let web = routes.grouped(WebErrorPage())
        web.get("work", use: queue)
        web.on(.POST, "contacts", ":contactID", "allocate", body: .collect(maxSize: "1mb"), use: allocate)
        web.get("contacts", "new", use: newContactPage)
        web.on(.POST, "contacts", "new", body: .collect(maxSize: "1mb"), use: recordContact)
        web.get("contacts", ":contactID", use: contactPage)
        web.on(.POST, "contacts", ":contactID", "take", body: .collect(maxSize: "1mb"), use: take)
        web.on(.POST, "contacts", ":contactID", "rag", body: .collect(maxSize: "1mb"), use: rate)
        web.on(.POST, "contacts", ":contactID", "screening", body: .collect(maxSize: "1mb"), use: screen)
        web.on(.POST, "contacts", ":contactID", "return", body: .collect(maxSize: "1mb"), use: sendBack)
        web.on(.POST, "contacts", ":contactID", "decision", body: .collect(maxSize: "1mb"), use: decide)
        web.on(.POST, "drafts", ":form", body: .collect(maxSize: "1mb"), use: saveDraft)
    }
}

// MARK: shared pieces of the staff pages

/// What the navigation shows: only the pages the signed-in user's role may use.
struct StaffNav: Encodable {
    var work: Bool
    var record: Bool
    var referrals: Bool
    var dashboard: Bool
    var inbox: Bool
    var mailbox: Bool
    var reports: Bool
    var meetings: Bool
    var quality: Bool
    /// Seconds of inactivity before the session ends, for the expiry warning.
    var idleSeconds = Int(WebSession.idleTimeout)

    init(_ actor: Actor) {
        work = actor.can(.viewContacts)
        record = actor.can(.recordContact) && actor.can(.searchPeople)
        referrals = actor.can(.viewReferrals)
        dashboard = actor.can(.decideContacts)
        inbox = actor.can(.answerInformationRequests)
        reports = actor.can(.viewReports)
        meetings = actor.can(.attendDomesticAbuseMeeting) || actor.role.isManager
        quality = actor.can(.auditQuality)
        mailbox = actor.can(.viewOutbox)
    }
}

/// One choice of a select, radio group or checkbox list.
struct WebOption: Encodable {
    var value: String
    var label: String
    var selected: Bool
}

/// Choices under a heading (an `optgroup`), e.g. the members of one team.
struct WebOptionGroup: Encodable {
    var label: String
    var options: [WebOption]
}

/// A problem with a form field, as the GOV.UK error summary shows it: the message says how to fix it
/// and links to the field (`field` is the input's id).
struct WebFieldError: Encodable {
    var field: String
    var message: String
}

/// A redirect thrown from deep inside a page handler (not signed in, password to change).
struct WebRedirect: Error {
    var to: String
}

extension Request {
    /// The signed-in staff member, logged in for this request so the API's handlers and the audit
    /// log see them; otherwise a redirect to the sign-in page (or to choose a new password).
    func signedInStaff() async throws -> Actor {
        guard let actor = try await webActor() else { throw WebRedirect(to: "/sign-in") }
        if actor.scope == .passwordChange { throw WebRedirect(to: "/change-password") }
        auth.login(actor)
        return actor
    }
}

/// Renders the staff pages' errors as pages rather than JSON: refused (403), not found (404), and the
/// redirects of pages that need a signed-in user.
struct WebErrorPage: AsyncMiddleware {
    struct ErrorPage: Encodable {
        var title: String
        var csrf: String
        var signedIn: Bool
        var userName: String?
        var heading: String
        var message: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let redirect as WebRedirect {
            return request.redirect(to: redirect.to)
        } catch let failure as ValidationFailure {
            // Forms show their own problems; this is for what a page cannot put next to a field.
            let actor = request.auth.get(Actor.self)
            let page = ErrorPage(
                title: "This could not be done", csrf: request.csrfToken, signedIn: actor != nil, userName: actor?.name,
                heading: "This could not be done", message: failure.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
            )
            let response = try await request.view.render("staff/error", page).encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        } catch is DecodingError {
            let actor = request.auth.get(Actor.self)
            let page = ErrorPage(
                title: "This form could not be read", csrf: request.csrfToken, signedIn: actor != nil, userName: actor?.name,
                heading: "This form could not be read", message: "Go back, reload the page and try again."
            )
            let response = try await request.view.render("staff/error", page).encodeResponse(for: request)
            response.status = .badRequest
            return response
        } catch let error as APIError where [.forbidden, .notFound, .conflict, .badRequest].contains(error.status) && error.code != "csrf" {
            let heading: String
            switch error.status {
            case .forbidden: heading = "You cannot use this page"
            case .notFound: heading = "Page not found"
            default: heading = "This could not be done"
            }
            let actor = request.auth.get(Actor.self)
            let message = error.message.prefix(1).uppercased() + error.message.dropFirst()
            let page = ErrorPage(title: heading, csrf: request.csrfToken, signedIn: actor != nil, userName: actor?.name, heading: heading, message: message)
            let response = try await request.view.render("staff/error", page).encodeResponse(for: request)
            response.status = error.status
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
    }
}

enum StaffWeb {
    static let london = TimeZone(identifier: "Europe/London") ?? .gmt

    /// A moment as people in England read it: "Wed 4 Nov 2026, 10:00" in UK time (GMT or BST).
    static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        return LondonFormat.time.string(from: date)
    }

    /// Today's date in England, "2026-11-04".
    static func localDate(_ date: Date) -> String {
        LondonFormat.date.string(from: date)
    }

    static func localClock(_ date: Date) -> String {
        LondonFormat.clock.string(from: date)
    }

    /// A local date and time in England as an instant; nil for a date or time that does not exist.
    static func instant(date: String, time: String) -> Date? {
        guard let day = LocalDate(iso: date) else { return nil }
        let parts = time.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }

    /// Working minutes in words: "2 h 5 min", "45 min".
    static func duration(_ minutes: Int) -> String {
        let m = abs(minutes)
        if m < 60 { return "\(m) min" }
        return m % 60 == 0 ? "\(m / 60) h" : "\(m / 60) h \(m % 60) min"
    }

    /// The decision clock in words, so colour is never the only signal.
    static func clock(remaining: Int, breached: Bool, decided: Bool = false) -> String {
        if decided { return breached ? "Decided late" : "Decided in time" }
        if breached { return "Overdue by \(duration(remaining)) of working time" }
        if remaining <= 0 { return "Due now" }
        return "\(duration(remaining)) of working time left"
    }

    static func ragWord(_ rag: String?) -> String {
        switch rag {
        case "red": "Red"
        case "amber": "Amber"
        case "green": "Green"
        default: "Not rated"
        }
    }

    static func ragClass(_ rag: String?) -> String { "rag rag-\(rag ?? "none")" }

    static func stateLabel(_ state: String) -> String {
        let label = ContactState(rawValue: state)?.label ?? state
        return label.prefix(1).uppercased() + label.dropFirst()
    }

    static func sourceLabel(_ code: String) -> String {
        ReferralSource(rawValue: code).map { "\($0.label) (\(code))" } ?? code
    }

    static func outcomeLabel(_ outcome: String?) -> String {
        switch outcome {
        case "closed": "Close (no further action, advice or signposting)"
        case "referral": "Progress to referral"
        case "early-help": "Step across to early help"
        case "other": "Other (for example pass to the allocated worker of an open case)"
        default: outcome ?? ""
        }
    }

    static func closureLabel(_ closure: String?) -> String {
        switch closure {
        case "no-further-action": "No further action"
        case "advice": "Advice given"
        case "signposted": "Signposted to universal services"
        default: closure ?? ""
        }
    }

    static func options<C: RawRepresentable & CaseIterable>(_: C.Type, selected: String?, label: (String) -> String) -> [WebOption] where C.RawValue == String {
        C.allCases.map { WebOption(value: $0.rawValue, label: label($0.rawValue), selected: $0.rawValue == selected) }
    }

    /// A domain problem as a message that says how to fix it, and the id of the field it belongs to.
    static func fieldError(_ problem: FieldProblem, labels: [String: String], fixes: [String: String] = [:], id: (String) -> String = { $0 }) -> WebFieldError {
        let field = problem.field
        let message: String
        if problem.message.hasPrefix("is required") || problem.message == "must not be blank", let fix = fixes[field] {
            message = fix
        } else if ["is required", "must not be blank"].contains(problem.message) {
            message = "Enter \((labels[field] ?? field).lowercased())"
        } else {
            message = "\(labels[field] ?? field): \(problem.message)"
        }
        return WebFieldError(field: id(field), message: message)
    }

    static func render<Page: Encodable>(_ req: Request, _ template: String, _ page: Page, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = try await req.view.render(template, page).encodeResponse(for: req)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// The fields of a posted form, read from the body as sent (several values per name allowed).
struct FormFields {
    var pairs: [(String, String)] = []

    init(_ req: Request) {
        var body = req.body.data ?? ByteBuffer()
        let text = body.readString(length: body.readableBytes) ?? ""
        self.init(text)
    }

    init(_ text: String) {
        for part in text.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let key = kv.first else { continue }
            pairs.append((decode(key), kv.count > 1 ? decode(kv[1]) : ""))
        }
    }

    subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    /// The first value of each field, without the form token.
    var values: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in pairs where key != "csrf" && result[key] == nil { result[key] = value }
        return result
    }
}

/// A date format in UK time, made once: a page lists hundreds of times, and making an ICU
/// formatter for each was a fifth of the work queue's time. A formatter is not safe to share
/// between threads while it formats, so each is used under its own lock.
final class LondonFormat: Sendable {
    static let time = LondonFormat("EEE d MMM yyyy, HH:mm")
    static let date = LondonFormat("yyyy-MM-dd")
    static let clock = LondonFormat("HH:mm")

    private let formatter: Mutex<DateFormatter>

    init(_ pattern: String) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = StaffWeb.london
        formatter.dateFormat = pattern
        self.formatter = Mutex(formatter)
    }

    func string(from date: Date) -> String {
        formatter.withLock { $0.string(from: date) }
    }
}
