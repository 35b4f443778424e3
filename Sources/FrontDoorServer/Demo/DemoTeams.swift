import Fluent
import FrontDoorDomain
import Vapor

/// The demo hub's teams: each authority has a front door team and a MASH team, Hampshire also a
/// district assessment team (it receives cases and holds no queue). The hub's staff work for both
/// authorities, so each is in one team of each; the second triage worker and social worker only in
/// Hampshire's, so that the island's teams are visibly smaller.
enum DemoTeams {
    static let teams: [(la: String, name: String, kind: TeamKind, members: [String])] = [
        ("850", "Children's Reception Team", .frontDoor, ["tessa", "callum", "priya"]),
        ("850", "Hampshire MASH", .mash, ["maya", "jonah", "martin"]),
        ("850", "North district assessment team", .assessment, []),
        ("921", "Isle of Wight front door", .frontDoor, ["tessa", "priya"]),
        ("921", "Isle of Wight MASH", .mash, ["maya", "martin"]),
    ]

    /// Adds the teams if the hub has none yet (a demo database loaded before teams existed gets them too).
    static func loadIfAbsent(on db: any Database) async throws {
        guard try await TeamModel.query(on: db).count() == 0 else { return }
        let las = try await LocalAuthorityModel.query(on: db).filter(\.$code ~~ ["850", "921"]).all()
        let byCode = Dictionary(las.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var staff: [String: UserModel] = [:]
        for member in DemoLoader.staff {
            if let user = try await UserModel.query(on: db).filter(\.$email == DemoLoader.email(member.given, member.role)).first() {
                staff[member.given.lowercased()] = user
            }
        }
        // Only the demo's own staff: a real authority 850 never gets the demo's teams.
        guard !staff.isEmpty else { return }
        for entry in teams {
            guard let la = byCode[entry.la] else { continue }
            let team = TeamModel(laID: try la.requireID(), name: entry.name, kind: entry.kind)
            try await team.save(on: db)
            for given in entry.members {
                if let user = staff[given] { try await Teams.add(user, to: team, on: db) }
            }
        }
    }
}
