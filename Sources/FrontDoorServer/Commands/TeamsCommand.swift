import Fluent
import FrontDoorDomain
import Vapor

/// `frontdoor teams create --la CODE --name NAME [--kind KIND]`, `frontdoor teams list [--la CODE]`,
/// `frontdoor teams add-member --la CODE --team NAME --email E`, `frontdoor teams remove-member --la CODE --email E`.
struct TeamsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create, list, add-member or remove-member")
        var action: String
        @Option(name: "la", help: "the local authority's code, e.g. 850")
        var la: String?
        @Option(name: "name", help: "the team's name (create)")
        var name: String?
        @Option(name: "kind", help: "front-door (the default), mash, assessment or early-help")
        var kind: String?
        @Option(name: "team", help: "the team's name (add-member)")
        var team: String?
        @Option(name: "email", help: "the member's sign-in email")
        var email: String?
    }

    var help: String { "Creates and lists teams; puts users in them" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        switch signature.action {
        case "create":
            let la = try await Self.authority(signature.la, on: db)
            guard let name = signature.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name.count <= 100 else {
                throw CommandFailure("--name is required (at most 100 characters)")
            }
            let kindText = signature.kind ?? TeamKind.frontDoor.rawValue
            guard let kind = TeamKind(rawValue: kindText) else {
                throw CommandFailure("--kind must be one of: \(TeamKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if try await TeamModel.query(on: db).filter(\.$laID == la.requireID()).filter(\.$name == name).first() != nil {
                throw CommandFailure("local authority \(la.code) already has a team named \(name)")
            }
            try await TeamModel(laID: la.requireID(), name: name, kind: kind).save(on: db)
            context.console.print("created team \(name) (\(kind.rawValue)) of local authority \(la.code)")
        case "list":
            var las = try await LocalAuthorityModel.query(on: db).sort(\.$code).all()
            if signature.la != nil { las = [try await Self.authority(signature.la, on: db)] }
            let loaded = try await Teams.load(las: las.compactMap(\.id), on: db)
            let users = try await UserModel.query(on: db).all()
            let emails = Dictionary(users.compactMap { u in u.id.map { ($0, u.email) } }, uniquingKeysWith: { a, _ in a })
            let codes = Dictionary(las.compactMap { la in la.id.map { ($0, la.code) } }, uniquingKeysWith: { a, _ in a })
            for team in loaded.models.values.sorted(by: { (codes[$0.laID] ?? "", $0.name) < (codes[$1.laID] ?? "", $1.name) }) {
                guard let id = team.id else { continue }
                let members = loaded.directory.members(of: id).compactMap { emails[$0] }.sorted()
                context.console.print("\(codes[team.laID] ?? "")\t\(team.name)\t\(team.kind)\t\(members.joined(separator: ", "))")
            }
        case "add-member":
            let la = try await Self.authority(signature.la, on: db)
            let team = try await Self.team(signature.team, of: la, on: db)
            let user = try await Self.user(signature.email, on: db)
            let left = try await Teams.add(user, to: team, on: db)
            context.console.print("\(user.email) is in \(team.name) of local authority \(la.code)" + (left.map { " (moved from \($0.name))" } ?? ""))
        case "remove-member":
            let la = try await Self.authority(signature.la, on: db)
            let user = try await Self.user(signature.email, on: db)
            guard let membership = try await TeamMemberModel.query(on: db).filter(\.$userID == user.requireID()).filter(\.$laID == la.requireID()).first() else {
                throw CommandFailure("\(user.email) is in no team of local authority \(la.code)")
            }
            try await membership.delete(on: db)
            context.console.print("\(user.email) is in no team of local authority \(la.code) now")
        default:
            throw CommandFailure("unknown action '\(signature.action)': use create, list, add-member or remove-member")
        }
    }

    static func authority(_ code: String?, on db: any Database) async throws -> LocalAuthorityModel {
        guard let code, !code.isEmpty else { throw CommandFailure("--la is required: the local authority's code") }
        guard let la = try await LocalAuthorityModel.query(on: db).filter(\.$code == code).first() else {
            throw CommandFailure("no local authority \(code); add it with frontdoor la create")
        }
        return la
    }

    static func team(_ name: String?, of la: LocalAuthorityModel, on db: any Database) async throws -> TeamModel {
        guard let name, !name.isEmpty else { throw CommandFailure("--team is required: the team's name") }
        guard let team = try await TeamModel.query(on: db).filter(\.$laID == la.requireID()).filter(\.$name == name).first() else {
            throw CommandFailure("local authority \(la.code) has no team named \(name); frontdoor teams list shows them")
        }
        return team
    }

    static func user(_ email: String?, on db: any Database) async throws -> UserModel {
        guard let email = email?.lowercased(), !email.isEmpty else { throw CommandFailure("--email is required") }
        guard let user = try await UserModel.query(on: db).filter(\.$email == email).first() else {
            throw CommandFailure("no user with email \(email); add one with frontdoor users create")
        }
        return user
    }
}
