import Fluent
import FrontDoorDomain
import Vapor

/// Signing in with an email and password for a short-lived token, and changing one's password.
///
/// Five wrong passwords in a row lock the account for fifteen minutes. Unknown emails and wrong
/// passwords get the same answer after the same work, so the route does not reveal who has an
/// account.
struct SignInController: RouteCollection {
    static let maxFailures = 5
    static let lockout: TimeInterval = 15 * 60
    static let sessionHours = 12.0

    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "token", use: signIn).requiresSignIn(public: true)
        routes.post("me", "password", use: changePassword).requiresSignIn()
    }

    struct SignInRequest: Content {
        var email: String?
        var password: String?
    }

    struct SignInResponse: Content {
        var token: String
        var expiresAt: Date
        var mustChangePassword: Bool
    }

    func signIn(req: Request) async throws -> SignInResponse {
        let body = try req.content.decode(SignInRequest.self)
        var check = InputChecker()
        let email = check.require(body.email, "email", maxLength: 254)?.lowercased()
        let password = check.require(body.password, "password", maxLength: PasswordPolicy.maximumLength)
        try check.finish()
        guard let email, let password else { throw APIError.badRequest("could not read the sign-in") }
        let user = try await PasswordSignIn.verify(email: email, password: password, req: req)
        let scope: TokenScope = user.mustChangePassword ? .passwordChange : .user
        let hours = user.mustChangePassword ? 1 : Self.sessionHours
        let expires = req.now.addingTimeInterval(hours * 3600)
        let token = try await APITokens.issue(for: try user.requireID(), label: "sign-in", scope: scope, expiresAt: expires, on: req.db)
        return SignInResponse(token: token, expiresAt: expires, mustChangePassword: user.mustChangePassword)
    }

    struct PasswordRequest: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    /// Sets a new password; every token of the user is revoked.
    func changePassword(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let body = try req.content.decode(PasswordRequest.self)
        try await PasswordSignIn.change(userID: actor.userID, current: body.currentPassword, new: body.newPassword, req: req)
        return .noContent
    }
}

/// Password checks shared by the API and the web sign-in.
enum PasswordSignIn {
    static func verify(email: String, password: String, req: Request) async throws -> UserModel {
        let refused = APIError(status: .unauthorized, code: "sign-in-refused", message: "the email or password is wrong")
        let now = req.now
        guard let user = try await UserModel.query(on: req.db).filter(\.$email == email).first(), user.disabledAt == nil else {
            // The same bcrypt work as a real check, so timing does not tell that the account is unknown.
            _ = try? await req.password.async.verify(password, created: SignInController.decoyHash ?? "")
            throw refused
        }
        if let until = user.lockedUntil, until > now {
            throw APIError(status: .tooManyRequests, code: "locked", message: "too many wrong passwords: try again after \(RFC3339.format(until)), or ask an administrator")
        }
        guard try await req.password.async.verify(password, created: user.passwordHash) else {
            user.failedSignIns += 1
            if user.failedSignIns >= SignInController.maxFailures {
                user.lockedUntil = now.addingTimeInterval(SignInController.lockout)
                user.failedSignIns = 0
            }
            try await user.save(on: req.db)
            throw refused
        }
        user.failedSignIns = 0
        user.lockedUntil = nil
        try await user.save(on: req.db)
        return user
    }

    static func change(userID: UUID, current: String?, new: String?, req: Request) async throws {
        guard let user = try await UserModel.find(userID, on: req.db) else { throw APIError.notFound("the user") }
        var check = InputChecker()
        let current = check.require(current, "currentPassword", maxLength: PasswordPolicy.maximumLength)
        if let new, !new.isEmpty {
            for problem in PasswordPolicy.problems(new, email: user.email) { check.add("newPassword", problem) }
        } else {
            check.add("newPassword", "is required")
        }
        try check.finish()
        guard let current, let new, try await req.password.async.verify(current, created: user.passwordHash) else {
            throw ValidationFailure([FieldProblem("currentPassword", "is not your current password")])
        }
        user.passwordHash = try await req.password.async.hash(new)
        user.mustChangePassword = false
        let now = req.now
        try await req.db.transaction { db in
            try await req.audit("change-password", "user", userID, on: db)
            try await user.save(on: db)
            try await APITokenModel.query(on: db).filter(\.$userID == userID).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: now).update()
        }
    }
}

extension SignInController {
    /// A bcrypt hash of a random string, checked against when the email is unknown.
    static let decoyHash: String? = try? Bcrypt.hash(APITokens.generate())
}
