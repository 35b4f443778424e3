import Fluent
import FrontDoorDomain
import Vapor

/// `frontdoor users create --la CODE[,CODE] --role ROLE --email E --name N [--team NAME]`, `frontdoor users roles`.
struct UsersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create, list or roles")
        var action: String
        @Option(name: "la", help: "local authority codes the user may see, comma-separated")
        var la: String?
        @Option(name: "role", help: "see `frontdoor users roles`")
        var role: String?
        @Option(name: "email", help: "sign-in email")
        var email: String?
        @Option(name: "name", help: "full name")
        var name: String?
        @Option(name: "agency", help: "for a partner agency officer: police, health, education, probation, housing, domestic-abuse-service, other")
        var agency: String?
        @Option(name: "team", help: "the team to put the user in, in each of their authorities that has a team of that name")
        var team: String?
    }

    var help: String { "Creates and lists users; lists roles" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "roles":
            for role in Role.allCases {
                let grants = PermissionMatrix.grants(for: role).map(\.rawValue).sorted().joined(separator: ", ")
                context.console.print("\(role.rawValue)\t\(role.label)\t\(grants)")
            }
        case "list":
            let codes = Dictionary(try await LocalAuthorityModel.query(on: app.db).all().compactMap { la in la.id.map { ($0, la.code) } }, uniquingKeysWith: { a, _ in a })
            let teams = try await TeamModel.query(on: app.db).all()
            let names = Dictionary(teams.compactMap { t in t.id.map { ($0, "\(codes[t.laID] ?? ""): \(t.name)") } }, uniquingKeysWith: { a, _ in a })
            let memberships = Dictionary(grouping: try await TeamMemberModel.query(on: app.db).all(), by: \.userID)
            for user in try await UserModel.query(on: app.db).sort(\.$email).all() {
                let inTeams = (user.id.flatMap { memberships[$0] } ?? []).compactMap { names[$0.teamID] }.sorted()
                context.console.print("\(user.email)\t\(user.role)\t\(user.name)" + (inTeams.isEmpty ? "" : "\t\(inTeams.joined(separator: ", "))"))
            }
        case "create":
            guard let roleText = signature.role, let role = Role(rawValue: roleText) else {
                throw CommandFailure("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let email = signature.email?.lowercased(), ContactInput.looksLikeEmail(email) else {
                throw CommandFailure("--email must be an email address")
            }
            guard let name = signature.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw CommandFailure("--name is required")
            }
            let codes = (signature.la ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !codes.isEmpty else { throw CommandFailure("--la is required: the local authority codes the user may see") }
            var agency: String?
            if let text = signature.agency {
                let las = try await LocalAuthorityModel.query(on: app.db).filter(\.$code ~~ codes).all()
                let known = Set(las.flatMap(\.partnerAgencies))
                guard known.contains(text) else { throw CommandFailure("--agency must be one of: \(known.sorted().joined(separator: ", "))") }
                agency = text
            }
            if role == .partnerAgencyOfficer, agency == nil { throw CommandFailure("--agency is required for a partner agency officer") }
            var teams: [TeamModel] = []
            if let team = signature.team {
                let las = try await LocalAuthorityModel.query(on: app.db).filter(\.$code ~~ codes).all()
                teams = try await TeamModel.query(on: app.db).filter(\.$laID ~~ las.compactMap(\.id)).filter(\.$name == team).all()
                guard !teams.isEmpty else { throw CommandFailure("--team: no team named \(team) in \(codes.joined(separator: ", ")); frontdoor teams list shows them") }
            }
            let password = Passwords.generate()
            let user = try await UserAccounts.create(email: email, name: name, role: role, laCodes: codes, password: password, on: app)
            if let agency {
                user.agency = agency
                try await user.save(on: app.db)
            }
            for team in teams { try await Teams.add(user, to: team, on: app.db) }
            context.console.print("created \(role.rawValue) \(email)" + (teams.isEmpty ? "" : " in \(signature.team ?? "")") + "; one-time password: \(password)")
        default:
            throw CommandFailure("unknown action '\(signature.action)': use create, list or roles")
        }
    }
}

enum UserAccounts {
    static func create(email: String, name: String, role: Role, laCodes: [String], password: String, on app: Application) async throws -> UserModel {
        let db = app.db
        if try await UserModel.query(on: db).filter(\.$email == email).first() != nil {
            throw CommandFailure("a user with email \(email) already exists")
        }
        let las = try await LocalAuthorityModel.query(on: db).filter(\.$code ~~ laCodes).all()
        let missing = Set(laCodes).subtracting(las.map(\.code))
        guard missing.isEmpty else {
            throw CommandFailure("no local authority \(missing.sorted().joined(separator: ", ")); add it with frontdoor la create")
        }
        let hash = try await app.password.async.hash(password)
        let user = UserModel(email: email, name: name, role: role, passwordHash: hash)
        try await db.transaction { db in
            try await user.save(on: db)
            for la in las {
                try await UserAuthorityModel(userID: try user.requireID(), laID: try la.requireID()).save(on: db)
            }
        }
        return user
    }
}
