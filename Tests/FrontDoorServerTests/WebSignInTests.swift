import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

/// A browser, as far as the tests need one: it keeps the session cookie and the form token.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookie: String?
    var csrf: String?
    var lastSetCookie: String?

    init(_ app: Application) { self.app = app }

    func get(_ path: String, _ check: (TestingHTTPResponse) -> Void = { _ in }) async throws {
        try await app.testing().test(.GET, path, headers: headers()) { res in
            self.remember(res)
            check(res)
        }
    }

    func post(_ path: String, form: [String: String], withToken: Bool = true, _ check: (TestingHTTPResponse) -> Void = { _ in }) async throws {
        var fields = form
        if withToken, let csrf { fields["csrf"] = csrf }
        try await app.testing().test(.POST, path, beforeRequest: { req in
            req.headers = self.headers()
            req.headers.contentType = .urlEncodedForm
            let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            req.body = ByteBuffer(string: body)
        }, afterResponse: { res in
            self.remember(res)
            check(res)
        })
    }

    private func headers() -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        return headers
    }

    private func remember(_ res: TestingHTTPResponse) {
        if let set = res.headers.first(name: .setCookie) {
            lastSetCookie = set
            cookie = set.split(separator: ";").first.map(String.init)
        }
        let body = res.body.string
        if let range = body.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(body[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
        }
    }
}

@Suite("Signing in to the web application")
struct WebSignInTests {
    @Test("sign in with a session cookie and a form token, stay signed in, sign out", arguments: TestDatabase.all)
    func signInOut(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let user = UserModel(email: "web@test.example", name: "Wendy Web", role: .teamManager, passwordHash: try Bcrypt.hash("copper kettle morning rain", cost: 4))
            user.mustChangePassword = false
            try await user.save(on: app.db)
            let browser = Browser(app)
            try await browser.get("/") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/sign-in")
            }
            try await browser.get("/sign-in") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("<label for=\"email\">Email address</label>"))
            }
            let cookie = try #require(browser.lastSetCookie)
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.lowercased().contains("samesite=lax"))
            #expect(browser.csrf != nil)
            // Without the form token the post is refused, whatever it carries.
            try await browser.post("/sign-in", form: ["email": "web@test.example", "password": "copper kettle morning rain"], withToken: false) { res in
                #expect(res.status == .forbidden)
            }
            try await browser.post("/sign-in", form: ["email": "web@test.example", "password": "wrong"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("There is a problem"))
                #expect(res.body.string.contains("The email address or password is wrong"))
                #expect(res.body.string.contains("value=\"web@test.example\""))
            }
            try await browser.post("/sign-in", form: ["email": "", "password": ""]) { res in
                #expect(res.body.string.contains("Enter your email address"))
                #expect(res.body.string.contains("Enter your password"))
            }
            let before = browser.cookie
            try await browser.post("/sign-in", form: ["email": "web@test.example", "password": "copper kettle morning rain"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/")
            }
            #expect(browser.cookie != before)
            try await browser.get("/") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Wendy Web"))
                #expect(res.headers.first(name: .cacheControl) == "no-store")
            }
            // Thirty minutes without activity end the session.
            f.clock.set(f.clock.now.addingTimeInterval(31 * 60))
            try await browser.get("/") { res in
                #expect(res.status == .seeOther)
            }
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", form: ["email": "web@test.example", "password": "copper kettle morning rain"])
            try await browser.get("/")
            try await browser.post("/sign-out", form: [:]) { res in
                #expect(res.status == .seeOther)
            }
            try await browser.get("/") { res in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test("a session is written back only when a request changed it; activity is recorded once a minute and still ends an idle session", arguments: TestDatabase.all)
    func quietSessions(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let user = UserModel(email: "quiet@test.example", name: "Quentin Quiet", role: .triageWorker, passwordHash: try Bcrypt.hash("copper kettle morning rain", cost: 4))
            user.mustChangePassword = false
            try await user.save(on: app.db)
            let browser = Browser(app)
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", form: ["email": "quiet@test.example", "password": "copper kettle morning rain"])
            func seen() async throws -> String? {
                let rows = try await SessionRecord.query(on: app.db).all()
                return rows.compactMap { $0.data["user"] == user.id?.uuidString ? $0.data["seen"] : nil }.first
            }
            try await browser.get("/") { #expect($0.status == .ok) }
            let first = try #require(try await seen())
            // Within the minute: the page is served and the session row is left as it was.
            f.clock.set(f.clock.now.addingTimeInterval(45))
            try await browser.get("/") { #expect($0.status == .ok) }
            #expect(try await seen() == first)
            // After it: the activity is recorded.
            f.clock.set(f.clock.now.addingTimeInterval(30))
            try await browser.get("/") { #expect($0.status == .ok) }
            let later = try #require(try await seen())
            #expect(Double(later)! - Double(first)! == 75)
            // Twenty-nine minutes on from there the session still holds; thirty-one after it, not.
            f.clock.set(f.clock.now.addingTimeInterval(29 * 60))
            try await browser.get("/") { #expect($0.status == .ok) }
            f.clock.set(f.clock.now.addingTimeInterval(31 * 60))
            try await browser.get("/") { #expect($0.status == .seeOther) }
        }
    }

    @Test("the session driver writes a session back only when its data differs from what was read")
    func quietDriver() async throws {
        final class Counting: SessionDriver, @unchecked Sendable {
            var stored = SessionData(initialData: ["user": "someone"])
            var updates = 0
            func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
                request.eventLoop.makeSucceededFuture(SessionID(string: "s"))
            }
            func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
                request.eventLoop.makeSucceededFuture(stored)
            }
            func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
                updates += 1
                stored = data
                return request.eventLoop.makeSucceededFuture(sessionID)
            }
            func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> { request.eventLoop.makeSucceededVoidFuture() }
        }
        let app = try await Application.make(.testing)
        let inner = Counting()
        let driver = QuietSessions(inner: inner)
        let id = SessionID(string: "s")
        let unchanged = Request(application: app, on: app.eventLoopGroup.next())
        let read = try #require(try await driver.readSession(id, for: unchanged).get())
        _ = try await driver.updateSession(id, to: read, for: unchanged).get()
        #expect(inner.updates == 0)
        let changed = Request(application: app, on: app.eventLoopGroup.next())
        var data = try #require(try await driver.readSession(id, for: changed).get())
        data["seen"] = "1"
        _ = try await driver.updateSession(id, to: data, for: changed).get()
        #expect(inner.updates == 1 && inner.stored["seen"] == "1")
        // A request that never read the session (a new one) is written.
        let fresh = Request(application: app, on: app.eventLoopGroup.next())
        _ = try await driver.updateSession(id, to: data, for: fresh).get()
        #expect(inner.updates == 2)
        try await app.asyncShutdown()
    }

    @Test("a user with a one-time password must choose a new one before anything else", arguments: TestDatabase.all)
    func oneTimePassword(db: TestDatabase) async throws {
        try await withTestApp(db) { app, _ in
            let user = UserModel(email: "new@test.example", name: "New Starter", role: .triageWorker, passwordHash: try Bcrypt.hash("OneTime-7xk2", cost: 4))
            try await user.save(on: app.db)
            let browser = Browser(app)
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", form: ["email": "new@test.example", "password": "OneTime-7xk2"]) { res in
                #expect(res.headers.first(name: .location) == "/change-password")
            }
            try await browser.get("/") { res in
                #expect(res.headers.first(name: .location) == "/change-password")
            }
            try await browser.get("/change-password")
            try await browser.post("/change-password", form: ["currentPassword": "OneTime-7xk2", "newPassword": "short"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Use at least 12 characters"))
            }
            try await browser.post("/change-password", form: ["currentPassword": "OneTime-7xk2", "newPassword": "copper kettle morning rain"]) { res in
                #expect(res.headers.first(name: .location) == "/")
            }
            try await browser.get("/") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("New Starter"))
            }
        }
    }

    @Test("every web form post without the session's token is refused", arguments: [TestDatabase.sqlite])
    func csrfEverywhere(db: TestDatabase) async throws {
        try await withTestApp(db) { app, _ in
            let posts = app.routes.all.filter { $0.method != .GET && $0.path.first?.description != "api" }
            #expect(posts.count >= 3)
            for route in posts {
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                let browser = Browser(app)
                try await browser.get("/sign-in")
                try await browser.post(path, form: [:], withToken: false) { res in
                    #expect(res.status == .forbidden, "\(route.method) \(path)")
                }
            }
        }
    }
}
