import Fluent
import FrontDoorDomain
import Leaf
import Vapor

/// The staff web application's sign-in, sign-out and first page.
struct WebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("sign-in", use: signInPage)
        routes.post("sign-in", use: signIn)
        routes.post("sign-out", use: signOut)
        routes.get("change-password", use: changePasswordPage)
        routes.post("change-password", use: changePassword)
        routes.get("mailbox", use: mailbox)
    }

    struct MailboxPage: Encodable {
        var title = "Local mailbox"
        var csrf: String
        var signedIn = true
        var userName: String
        var messages: [OutboxController.Message]
    }

    /// The local mailbox: the messages to referrers, as an administrator sees them.
    func mailbox(req: Request) async throws -> Response {
        guard let actor = try await req.webActor() else { return req.redirect(to: "/sign-in") }
        guard actor.can(.viewOutbox) else { throw APIError.forbidden("only an administrator may read the mailbox") }
        let messages = try await OutboxController.messages(for: actor, req: req)
        let view = try await req.view.render("mailbox", MailboxPage(csrf: req.csrfToken, userName: actor.name, messages: messages))
        let response = try await view.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    struct FormError: Encodable {
        var field: String
        var message: String
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var signedIn = false
        var userName: String?
        var roleLabel: String?
        var errors: [FormError]?
        var email: String?
        /// The staff pages the signed-in user may use, for the start page's links.
        var nav: StaffNav?
        var portal = false
    }

    func home(req: Request) async throws -> Response {
        guard let actor = try await req.webActor() else { return req.redirect(to: "/sign-in") }
        if actor.scope == .passwordChange { return req.redirect(to: "/change-password") }
        return try await render(req, "home", Page(
            title: "Home", csrf: req.csrfToken, signedIn: true, userName: actor.name, roleLabel: actor.role.label,
            nav: StaffNav(actor), portal: actor.role == .partnerAgencyOfficer
        ))
    }

    func signInPage(req: Request) async throws -> Response {
        try await render(req, "sign-in", Page(title: "Sign in", csrf: req.csrfToken))
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
    }

    func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = form.email?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        var errors: [FormError] = []
        if email.isEmpty { errors.append(FormError(field: "email", message: "Enter your email address")) }
        if (form.password ?? "").isEmpty { errors.append(FormError(field: "password", message: "Enter your password")) }
        if errors.isEmpty {
            do {
                let user = try await PasswordSignIn.verify(email: email, password: form.password ?? "", req: req)
                // A new session on sign-in, so a session id planted before sign-in is worthless.
                if let old = req.session.id {
                    try await req.application.sessions.driver.deleteSession(old, for: req).get()
                }
                req.session.id = nil
                for key in ["csrf", "user", "scope", "seen"] { req.session.data[key] = nil }
                req.session.data["user"] = try user.requireID().uuidString
                req.session.data["scope"] = user.mustChangePassword ? TokenScope.passwordChange.rawValue : TokenScope.user.rawValue
                req.session.data["seen"] = String(req.now.timeIntervalSince1970)
                return req.redirect(to: user.mustChangePassword ? "/change-password" : "/")
            } catch let error as APIError {
                errors.append(FormError(field: "email", message: error.code == "locked" ? "Too many wrong passwords. Try again in 15 minutes, or ask an administrator." : "The email address or password is wrong"))
            }
        }
        let response = try await render(req, "sign-in", Page(title: "Sign in", csrf: req.csrfToken, errors: errors, email: email))
        response.status = .unprocessableEntity
        return response
    }

    func signOut(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: "/sign-in")
    }

    func changePasswordPage(req: Request) async throws -> Response {
        guard let actor = try await req.webActor() else { return req.redirect(to: "/sign-in") }
        return try await render(req, "change-password", Page(title: "Choose a new password", csrf: req.csrfToken, signedIn: true, userName: actor.name))
    }

    struct ChangePasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    func changePassword(req: Request) async throws -> Response {
        guard let actor = try await req.webActor() else { return req.redirect(to: "/sign-in") }
        let form = try req.content.decode(ChangePasswordForm.self)
        do {
            try await PasswordSignIn.change(userID: actor.userID, current: form.currentPassword, new: form.newPassword, req: req)
            req.session.data["scope"] = TokenScope.user.rawValue
            return req.redirect(to: "/")
        } catch let failure as ValidationFailure {
            let errors = failure.problems.map { FormError(field: $0.field, message: $0.message.prefix(1).uppercased() + $0.message.dropFirst()) }
            let response = try await render(req, "change-password", Page(title: "Choose a new password", csrf: req.csrfToken, signedIn: true, userName: actor.name, errors: errors))
            response.status = .unprocessableEntity
            return response
        }
    }

    private func render(_ req: Request, _ template: String, _ page: Page) async throws -> Response {
        let view = try await req.view.render(template, page)
        let response = try await view.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
