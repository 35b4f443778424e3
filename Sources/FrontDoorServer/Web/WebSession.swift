import Fluent
import FrontDoorDomain
import Vapor

/// Staff sign in to the web application with a session cookie: HttpOnly, SameSite=Lax, Secure when
/// FRONTDOOR_SECURE_COOKIES=1 (set it whenever the service is reached over TLS). Sessions are kept
/// in the database, so they survive a restart and work across several servers, and end after
/// 30 minutes without activity.
enum WebSession {
    static let idleTimeout: TimeInterval = 30 * 60

    /// Activity is recorded at most this often: a session's row is written again only when a
    /// request changes it, not for every page opened (`QuietSessions`).
    static let activityGranularity: TimeInterval = 60

    static func configure(_ app: Application, secureCookies: Bool) {
        app.sessions.use { app in QuietSessions(inner: app.fluent.sessions.driver()) }
        app.sessions.configuration = SessionsConfiguration(cookieName: "frontdoor-session") { id in
            HTTPCookies.Value(
                string: id.string, expires: nil, maxAge: nil, domain: nil, path: "/",
                isSecure: secureCookies, isHTTPOnly: true, sameSite: .lax
            )
        }
    }
}

extension Request {
    /// The signed-in staff member of a web request, or nil (also when the session has gone idle).
    func webActor() async throws -> Actor? {
        guard let text = session.data["user"], let id = UUID(uuidString: text) else { return nil }
        let now = self.now
        if let seen = session.data["seen"].flatMap(Double.init), now.timeIntervalSince1970 - seen > WebSession.idleTimeout {
            session.destroy()
            return nil
        }
        if session.data["seen"].flatMap(Double.init).map({ now.timeIntervalSince1970 - $0 >= WebSession.activityGranularity }) ?? true {
            session.data["seen"] = String(now.timeIntervalSince1970)
        }
        let scope: TokenScope = session.data["scope"] == TokenScope.passwordChange.rawValue ? .passwordChange : .user
        return try await ActorLoader.load(userID: id, on: db, scope: scope)
    }

    /// The form token of this session, created on first use.
    var csrfToken: String {
        if let token = session.data["csrf"] { return token }
        let token = APITokens.generate()
        session.data["csrf"] = token
        return token
    }
}

/// Every form post must carry the session's token (`csrf` field or `X-CSRF-Token` header);
/// a page on another site cannot read it, so it cannot forge a post in a signed-in user's name.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method != .GET && request.method != .HEAD {
            let sent = request.headers.first(name: "X-CSRF-Token") ?? (try? request.content.get(String.self, at: "csrf"))
            guard let expected = request.session.data["csrf"], let sent,
                  Data(sent.utf8).count == Data(expected.utf8).count,
                  zip(Data(sent.utf8), Data(expected.utf8)).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
            else {
                throw APIError(status: .forbidden, code: "csrf", message: "this form has expired or did not come from FrontDoor; go back, reload the page and try again")
            }
        }
        return try await next.respond(to: request)
    }
}

/// Fluent's database sessions, written back only when a request changed them. Vapor writes every
/// request's session back after the response, changed or not: a database write (on SQLite, a turn
/// of the one write lock) for every page a member of staff opens.
struct QuietSessions: SessionDriver {
    let inner: any SessionDriver

    private struct AsRead: StorageKey {
        typealias Value = SessionData
    }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        inner.createSession(data, for: request)
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        inner.readSession(sessionID, for: request).map { data in
            request.storage[AsRead.self] = data
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if let read = request.storage[AsRead.self], read == data { return request.eventLoop.makeSucceededFuture(sessionID) }
        return inner.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        inner.deleteSession(sessionID, for: request)
    }
}
