import ConsoleKit
import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import NIOConcurrencyHelpers
import Testing
import VaporTesting

/// The fixture's hub with teams: Hampshire's front door (the triage worker and the team manager),
/// Hampshire's MASH (the social worker), and the Isle of Wight's front door (the island-only worker).
/// The assistant team manager is in no team.
struct TeamFixture {
    var frontDoor: UUID
    var mash: UUID
    var island: UUID

    static func make(_ app: Application, _ f: Fixture) async throws -> TeamFixture {
        let db = app.db
        let hants = try #require(try await LocalAuthorityModel.query(on: db).filter(\.$code == "850").first()).requireID()
        let wight = try #require(try await LocalAuthorityModel.query(on: db).filter(\.$code == "921").first()).requireID()
        let frontDoor = TeamModel(laID: hants, name: "Children's Reception Team", kind: .frontDoor)
        let mash = TeamModel(laID: hants, name: "Hampshire MASH", kind: .mash)
        let island = TeamModel(laID: wight, name: "Island front door", kind: .frontDoor)
        for team in [frontDoor, mash, island] { try await team.save(on: db) }
        func user(_ id: UUID?) async throws -> UserModel { try #require(try await UserModel.find(id, on: db)) }
        try await Teams.add(try await user(f.userIDs[.triageWorker]), to: frontDoor, on: db)
        try await Teams.add(try await user(f.userIDs[.teamManager]), to: frontDoor, on: db)
        try await Teams.add(try await user(f.userIDs[.mashSocialWorker]), to: mash, on: db)
        let islander = try #require(try await UserModel.query(on: db).filter(\.$email == "island@test.example").first())
        try await Teams.add(islander, to: island, on: db)
        return TeamFixture(frontDoor: try frontDoor.requireID(), mash: try mash.requireID(), island: try island.requireID())
    }
}

/// A contact of an authority, recorded by the triage worker (or the island worker for 921).
func createContact(_ app: Application, _ f: Fixture, la: String, given: String) async throws -> String {
    var id = ""
    try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
        req.headers = la == "921" ? f.header(f.islandOnlyToken) : f.auth(.triageWorker)
        try req.json(minimalContact(la: la, given: given))
    }, afterResponse: { res in
        #expect(res.status == .created)
        id = res.json["id"] as? String ?? ""
    })
    return id
}

@Suite("Teams: the directory, the team queues, allocation to a team member")
struct TeamTests {
    /// The contacts of a queue call, by id, with their teams' names.
    static func queue(_ app: Application, _ headers: HTTPHeaders, _ query: String, status: HTTPStatus = .ok) async throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        try await app.testing().test(.GET, "api/v1/contacts?\(query)", headers: headers) { res in
            #expect(res.status == status, "\(query): \(res.body.string)")
            for item in res.json["contacts"] as? [[String: Any]] ?? [] {
                result[item["id"] as? String ?? ""] = (item["teams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
        }
        return result
    }

    @Test("GET /teams lists the teams of the authorities you are granted with their members; never another authority's", arguments: TestDatabase.all)
    func directory(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let t = try await TeamFixture.make(app, f)
            try await app.testing().test(.GET, "api/v1/teams", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
                let teams = res.json["teams"] as? [[String: Any]] ?? []
                #expect(teams.map { $0["name"] as? String } == ["Children's Reception Team", "Hampshire MASH", "Island front door"])
                let front = try? #require(teams.first)
                #expect(front?["la"] as? String == "850")
                #expect(front?["kind"] as? String == "front-door")
                #expect(front?["intake"] as? String == "contact")
                #expect((front?["members"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Test Team manager", "Test Triage worker"])
                #expect(teams[1]["intake"] as? String == "referral")
            }
            try await app.testing().test(.GET, "api/v1/teams?la=921", headers: f.auth(.teamManager)) { res in
                #expect((res.json["teams"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [t.island.uuidString])
            }
            // The island-only worker sees the island's team and nothing of Hampshire's.
            try await app.testing().test(.GET, "api/v1/teams", headers: f.header(f.islandOnlyToken)) { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("Children's Reception Team"))
                #expect(!res.body.string.contains(t.frontDoor.uuidString))
                #expect((res.json["teams"] as? [[String: Any]])?.count == 1)
            }
            try await app.testing().test(.GET, "api/v1/teams?la=850", headers: f.header(f.islandOnlyToken)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["la"])
            }
            for role in [Role.analyst, .administrator, .partnerAgencyOfficer] {
                try await app.testing().test(.GET, "api/v1/teams", headers: f.auth(role)) { res in #expect(res.status == .forbidden, "\(role)") }
            }
            try await app.testing().test(.GET, "api/v1/teams") { res in #expect(res.status == .unauthorized) }
        }
    }

    @Test("the contact queue by team: the worker's team, the front door's unallocated work, mine; another authority's team is refused", arguments: TestDatabase.all)
    func contactQueue(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let t = try await TeamFixture.make(app, f)
            let taken = try await createContact(app, f, la: "850", given: "Taken")
            let waiting = try await createContact(app, f, la: "850", given: "Waiting")
            let social = try await createContact(app, f, la: "850", given: "Social")
            let islandWaiting = try await createContact(app, f, la: "921", given: "Island")
            try await step(app, f, .triageWorker, taken, "assign", [:], expect: .ok)
            try await step(app, f, .mashSocialWorker, social, "assign", [:], expect: .ok)

            let manager = f.auth(.teamManager)
            let front = try await Self.queue(app, manager, "team=\(t.frontDoor)")
            #expect(Set(front.keys) == [taken, waiting])
            #expect(front[taken] == ["Children's Reception Team"])
            // The MASH takes in referrals, not contacts: only its members' contacts are its work.
            #expect(Set(try await Self.queue(app, manager, "team=\(t.mash)").keys) == [social])
            let all = try await Self.queue(app, manager, "")
            #expect(all[social] == ["Hampshire MASH"])
            #expect(all[islandWaiting] == ["Island front door"])
            #expect(all[waiting] == ["Children's Reception Team"])
            #expect(Set(try await Self.queue(app, manager, "assignedTo=none").keys) == [waiting, islandWaiting])
            // A manager's view of a team's unallocated work.
            #expect(Set(try await Self.queue(app, manager, "team=\(t.frontDoor)&assignedTo=none").keys) == [waiting])
            // My team's work: the triage worker is in Hampshire's front door only.
            #expect(Set(try await Self.queue(app, f.auth(.triageWorker), "team=mine").keys) == [taken, waiting])
            #expect(Set(try await Self.queue(app, f.header(f.islandOnlyToken), "team=mine").keys) == [islandWaiting])
            // Someone in no team has no team's work.
            #expect(try await Self.queue(app, f.auth(.assistantTeamManager), "team=mine").isEmpty)
            // Another authority's team answers exactly like a team that does not exist.
            var messages: [String] = []
            for team in [t.frontDoor, UUID()] {
                try await app.testing().test(.GET, "api/v1/contacts?team=\(team)", headers: f.header(f.islandOnlyToken)) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.problemFields == ["team"])
                    messages.append(res.body.string.replacingOccurrences(of: team.uuidString, with: "ID"))
                }
            }
            #expect(messages.count == 2 && messages[0] == messages[1])
            _ = try await Self.queue(app, manager, "assignedTo=somebody", status: .unprocessableEntity)
            // A manager allocates the waiting contact to a member of the team; it stays the team's work.
            try await step(app, f, .teamManager, waiting, "assign", ["workerId": try #require(f.userIDs[.triageWorker]).uuidString], expect: .ok)
            #expect(Set(try await Self.queue(app, manager, "team=\(t.frontDoor)&assignedTo=none").keys).isEmpty)
            #expect(Set(try await Self.queue(app, f.auth(.triageWorker), "team=mine&assignedTo=me").keys) == [taken, waiting])
        }
    }

    @Test("the referral queue by team: unallocated referrals wait for the MASH, then follow the social worker", arguments: TestDatabase.all)
    func referralQueue(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let t = try await TeamFixture.make(app, f)
            let referrals = try await ReferralAPITests.referContact(app, f)
            #expect(referrals.count == 2)
            func ids(_ headers: HTTPHeaders, _ query: String, status: HTTPStatus = .ok) async throws -> Set<String> {
                var result: Set<String> = []
                try await app.testing().test(.GET, "api/v1/referrals?\(query)", headers: headers) { res in
                    #expect(res.status == status, "\(query): \(res.body.string)")
                    result = Set((res.json["referrals"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
                }
                return result
            }
            #expect(try await ids(f.auth(.teamManager), "team=\(t.mash)") == Set(referrals))
            #expect(try await ids(f.auth(.teamManager), "team=\(t.frontDoor)").isEmpty)
            #expect(try await ids(f.auth(.mashSocialWorker), "team=mine&assignedTo=none") == Set(referrals))
            try await ReferralAPITests.referralStep(app, f, .teamManager, referrals[0], "allocate",
                                                    ["workerId": try #require(f.userIDs[.mashSocialWorker]).uuidString], expect: .ok)
            #expect(try await ids(f.auth(.mashSocialWorker), "team=mine&assignedTo=me") == [referrals[0]])
            #expect(try await ids(f.auth(.teamManager), "team=\(t.mash)&assignedTo=none") == [referrals[1]])
            #expect(try await ids(f.header(f.islandOnlyToken), "team=\(t.mash)", status: .unprocessableEntity).isEmpty)
            #expect(try await ids(f.auth(.teamManager), "assignedTo=anyone", status: .unprocessableEntity).isEmpty)
            // The referral page's allocation control lists the MASH team's members under its name, and no triage worker.
            try await signIn(app, f, as: .teamManager).get("/referrals/\(referrals[1])") { res in
                let body = res.body.string
                #expect(body.contains("<optgroup label=\"Hampshire MASH\"><option value=\"\(f.userIDs[.mashSocialWorker]!.uuidString)\">"))
                #expect(!body.contains("value=\"\(f.userIDs[.triageWorker]!.uuidString)\""))
            }
        }
    }

    @Test("the work queue page: my work, my team's work, unallocated for managers, the team filter and column, allocation by team", arguments: TestDatabase.all)
    func queuePage(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let t = try await TeamFixture.make(app, f)
            let taken = try await createContact(app, f, la: "850", given: "Taken")
            let waiting = try await createContact(app, f, la: "850", given: "Waiting")
            let social = try await createContact(app, f, la: "850", given: "Social")
            let island = try await createContact(app, f, la: "921", given: "Island")
            try await step(app, f, .triageWorker, taken, "assign", [:], expect: .ok)
            try await step(app, f, .mashSocialWorker, social, "assign", [:], expect: .ok)

            let worker = try await signIn(app, f, as: .triageWorker)
            try await worker.get("/work") { res in
                let body = res.body.string
                #expect(res.status == .ok)
                #expect(body.contains("<a href=\"/work?assigned=me\">My work</a>"))
                #expect(body.contains("My team’s work"))
                #expect(body.contains("<th scope=\"col\">Team</th>"))
                #expect(body.contains("<label for=\"team\">Team</label>"))
                #expect(body.contains("Children&#39;s Reception Team (850)") || body.contains("Children's Reception Team (850)"))
                #expect(body.contains("Hampshire MASH"))
                // Only managers have the unallocated view.
                #expect(!body.contains(">Unallocated<"))
            }
            try await worker.get("/work?assigned=team") { res in
                let body = res.body.string
                #expect(body.contains("aria-current=\"page\"><strong>My team’s work</strong>"))
                #expect(body.contains("/contacts/\(taken)") && body.contains("/contacts/\(waiting)"))
                #expect(!body.contains("/contacts/\(social)") && !body.contains("/contacts/\(island)"))
            }
            try await worker.get("/work?team=\(t.mash)") { res in
                #expect(res.body.string.contains("/contacts/\(social)"))
                #expect(!res.body.string.contains("/contacts/\(taken)"))
            }
            try await signIn(app, f, as: .assistantTeamManager).get("/work?assigned=team") { res in
                #expect(res.body.string.contains("You are not in a team yet"))
                #expect(res.body.string.contains("No contacts match these filters."))
            }
            let manager = try await signIn(app, f, as: .teamManager)
            let triageID = try #require(f.userIDs[.triageWorker]).uuidString
            try await manager.get("/work?assigned=unassigned&team=\(t.frontDoor)") { res in
                let body = res.body.string
                #expect(body.contains(">Unallocated<"))
                #expect(body.contains("Unallocated work"))
                #expect(body.contains("/contacts/\(waiting)/allocate"))
                // The island's unallocated contact is its own front door's, not this team's.
                #expect(!body.contains("/contacts/\(island)/allocate"))
                // The allocation control lists the team's members under the team's name.
                let group = try? #require(body.range(of: "<optgroup label=\"Children&#39;s Reception Team\">") ?? body.range(of: "<optgroup label=\"Children's Reception Team\">"))
                let option = body.range(of: "<option value=\"\(triageID)\">")
                #expect(group != nil && option != nil && group!.lowerBound < option!.lowerBound)
                #expect(body.contains("<optgroup label=\"Not in a team\">"))
            }
            try await manager.post("/contacts/\(waiting)/allocate", form: ["workerId": triageID, "version": "1"]) { res in
                #expect(res.status == .seeOther)
            }
            let json = try await contactVersion(app, f, waiting).json
            #expect((json["assignedTo"] as? [String: Any])?["id"] as? String == triageID)
        }
    }

    @Test("the island-only worker's queue page never shows Hampshire's teams", arguments: TestDatabase.all)
    func isolationOnPage(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let t = try await TeamFixture.make(app, f)
            let islander = try #require(try await UserModel.query(on: app.db).filter(\.$email == "island@test.example").first())
            islander.passwordHash = try Bcrypt.hash("copper kettle morning rain", cost: 4)
            islander.mustChangePassword = false
            try await islander.save(on: app.db)
            let browser = Browser(app)
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", form: ["email": islander.email, "password": "copper kettle morning rain"])
            try await browser.get("/work") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Island front door (921)"))
                #expect(!res.body.string.contains("Reception Team"))
                #expect(!res.body.string.contains("Hampshire MASH"))
            }
            // Asking for Hampshire's team by id shows nothing of it.
            try await browser.get("/work?team=\(t.frontDoor)") { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("Reception Team"))
            }
        }
    }
}

/// Runs a command as `frontdoor NAME ARGS…` would, returning what it printed.
func runCommand(_ app: Application, _ command: any AsyncCommand, _ arguments: [String]) async throws -> String {
    let console = CapturingConsole()
    var context = CommandContext(console: console, input: CommandInput(arguments: ["frontdoor"] + arguments))
    context.application = app
    try await command.run(using: &context)
    return console.text
}

final class CapturingConsole: Console, @unchecked Sendable {
    private let lines = NIOLockedValueBox("")
    var text: String { lines.withLockedValue { $0 } }
    var size: (width: Int, height: Int) { (120, 40) }
    var userInfo: [AnySendableHashable: any Sendable] = [:]
    func input(isSecure: Bool) -> String { "" }
    func output(_ text: ConsoleText, newLine: Bool) { lines.withLockedValue { $0 += text.description + (newLine ? "\n" : "") } }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { lines.withLockedValue { $0 += error + (newLine ? "\n" : "") } }
}

@Suite("The teams command")
struct TeamsCommandTests {
    func refused(_ app: Application, _ command: any AsyncCommand, _ arguments: [String], _ message: String,
                 sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            _ = try await runCommand(app, command, arguments)
            Issue.record("\(arguments) was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)".contains(message), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("create, list, add and move members, remove; users create --team; every refusal says what to do", arguments: TestDatabase.all)
    func teams(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let teams = TeamsCommand()
            #expect(try await runCommand(app, teams, ["create", "--la", "850", "--name", "Children's Reception Team"]).contains("created team Children's Reception Team (front-door) of local authority 850"))
            _ = try await runCommand(app, teams, ["create", "--la", "850", "--name", "Hampshire MASH", "--kind", "mash"])
            _ = try await runCommand(app, teams, ["create", "--la", "921", "--name", "Children's Reception Team"])
            await refused(app, teams, ["create", "--la", "850", "--name", "Hampshire MASH"], "already has a team named Hampshire MASH")
            await refused(app, teams, ["create", "--la", "999", "--name", "X"], "no local authority 999")
            await refused(app, teams, ["create", "--la", "850", "--name", "X", "--kind", "district"], "--kind must be one of: front-door, mash, assessment, early-help")
            await refused(app, teams, ["create", "--la", "850"], "--name is required")

            #expect(try await runCommand(app, teams, ["add-member", "--la", "850", "--team", "Children's Reception Team", "--email", "triage-worker@test.example"])
                .contains("triage-worker@test.example is in Children's Reception Team of local authority 850"))
            #expect(try await runCommand(app, teams, ["add-member", "--la", "850", "--team", "Hampshire MASH", "--email", "triage-worker@test.example"])
                .contains("(moved from Children's Reception Team)"))
            await refused(app, teams, ["add-member", "--la", "850", "--team", "Nobody's", "--email", "triage-worker@test.example"], "has no team named Nobody's")
            await refused(app, teams, ["add-member", "--la", "850", "--team", "Hampshire MASH", "--email", "nobody@test.example"], "no user with email nobody@test.example")
            // The island-only worker is not granted Hampshire.
            await refused(app, teams, ["add-member", "--la", "850", "--team", "Hampshire MASH", "--email", "island@test.example"], "is not granted")

            app.passwords.use(.plaintext)
            #expect(try await runCommand(app, UsersCommand(), ["create", "--la", "850,921", "--role", "triage-worker", "--email", "new@test.example", "--name", "New Worker", "--team", "Children's Reception Team"])
                .contains("created triage-worker new@test.example in Children's Reception Team"))
            await refused(app, UsersCommand(), ["create", "--la", "850", "--role", "triage-worker", "--email", "other@test.example", "--name", "Other", "--team", "Nowhere"], "no team named Nowhere")
            #expect(try await UserModel.query(on: app.db).filter(\.$email == "other@test.example").first() == nil)

            let list = try await runCommand(app, teams, ["list"])
            #expect(list.contains("850\tChildren's Reception Team\tfront-door\tnew@test.example"))
            #expect(list.contains("850\tHampshire MASH\tmash\ttriage-worker@test.example"))
            // A user created in both authorities is in the team of that name in each.
            #expect(list.contains("921\tChildren's Reception Team\tfront-door\tnew@test.example"))
            #expect(try await runCommand(app, teams, ["list", "--la", "921"]).split(separator: "\n").count == 1)
            #expect(try await runCommand(app, UsersCommand(), ["list"]).contains("new@test.example\ttriage-worker\tNew Worker\t850: Children's Reception Team, 921: Children's Reception Team"))

            _ = try await runCommand(app, teams, ["remove-member", "--la", "850", "--email", "new@test.example"])
            await refused(app, teams, ["remove-member", "--la", "850", "--email", "new@test.example"], "is in no team of local authority 850")
            #expect(try await TeamMemberModel.query(on: app.db).count() == 2)
            _ = f
        }
    }
}
