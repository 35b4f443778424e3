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
