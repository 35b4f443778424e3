import Fluent
import FrontDoorDomain
import Vapor

/// Loads the synthetic demo hub: one hub serving two local authorities (as Hampshire serves the
/// Isle of Wight), staff in every role and their teams (DemoTeams), and a month of contacts at the seeds' volumes and source
/// mix, generated deterministically from a seed.
struct DemoLoader {
    let app: Application
    var days = 30
    /// Contacts per weekday for the larger authority (Hampshire: 6,500-9,300 a month).
    var hampshirePerWeekday = 330
    var seed: UInt64 = 2019
    /// Children with statutory history (referrals, assessments, enquiries, plans) for the larger authority.
    var statutoryChildren = 400

    struct Loaded {
        var alreadyPresent: Bool
        var contacts: Int
        var users: [(email: String, role: Role, password: String?, token: String)]

        var signInInstructions: String {
            var lines = [
                alreadyPresent
                    ? "Demo hub already loaded (local authorities 850 and 921)."
                    : "Demo hub loaded: local authorities 850 and 921, \(contacts) contacts.",
                "API tokens (valid 7 days), one per role — send as Authorization: Bearer TOKEN:",
            ]
            for user in users {
                lines.append("  \(user.role.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)) \(user.email)  \(user.token)")
            }
            if users.contains(where: { $0.password != nil }) {
                lines.append("Passwords for the web sign-in:")
                for user in users { if let password = user.password { lines.append("  \(user.email)  \(password)") } }
            }
            lines.append("Try: curl -H 'Authorization: Bearer TOKEN' http://127.0.0.1:8080/api/v1/contacts?la=850")
            return lines.joined(separator: "\n")
        }
    }

    static let staff: [(role: Role, given: String, family: String)] = [
        (.triageWorker, "Tessa", "Reeve"),
        (.triageWorker, "Callum", "Hart"),
        (.mashSocialWorker, "Maya", "Sowerby"),
        (.mashSocialWorker, "Jonah", "Ellery"),
        (.assistantTeamManager, "Priya", "Ashdown"),
        (.teamManager, "Martin", "Oakes"),
        (.partnerAgencyOfficer, "Dana", "Pollard"),
        (.partnerAgencyOfficer, "Nia", "Okafor"),
        (.domesticAbuseMeetingAttendee, "Rhian", "Castell"),
        (.qualityAuditor, "Omar", "Whitlock"),
        (.analyst, "Ade", "Lindqvist"),
        (.administrator, "Sam", "Admin"),
    ]

    static func email(_ given: String, _ role: Role) -> String {
        "\(given.lowercased()).\(role.rawValue)@demo.frontdoor.example"
    }

    /// Loads the demo unless local authority 850 already exists; either way issues fresh tokens.
    func loadIfAbsent() async throws -> Loaded {
        let db = app.db
        let present = try await LocalAuthorityModel.query(on: db).filter(\.$code == "850").first() != nil
        var passwords: [String: String] = [:]
        var contactCount = 0
        if !present {
            (passwords, contactCount) = try await load()
        }
        try await DemoTeams.loadIfAbsent(on: db)
        var users: [(String, Role, String?, String)] = []
        for member in Self.staff {
            let email = Self.email(member.given, member.role)
            guard let user = try await UserModel.query(on: db).filter(\.$email == email).first() else { continue }
            let token = try await APITokens.issue(for: try user.requireID(), label: "demo", validFor: 7, now: app.frontDoor.now(), on: db)
            users.append((email, member.role, passwords[email], token))
        }
        return Loaded(alreadyPresent: present, contacts: contactCount, users: users)
    }

    private func load() async throws -> ([String: String], Int) {
        let db = app.db
        let hampshire = LocalAuthorityModel(code: "850", name: "Hampshire", childPopulation: 283_000)
        let wight = LocalAuthorityModel(code: "921", name: "Isle of Wight", childPopulation: 24_500)
        try await hampshire.save(on: db)
        try await wight.save(on: db)
        var passwords: [String: String] = [:]
        var screeners: [UUID] = []
        var managers: [UUID] = []
        var socialWorkers: [UUID] = []
        for member in Self.staff {
            let email = Self.email(member.given, member.role)
            let password = Passwords.generate()
            let user = try await UserAccounts.create(
                email: email, name: "\(member.given) \(member.family)", role: member.role,
                laCodes: ["850", "921"], password: password, on: app
            )
            passwords[email] = password
            if member.role == .partnerAgencyOfficer {
                // One officer from each of the two agencies that answer most requests.
                user.agency = (member.given == "Dana" ? Agency.police : .health).rawValue
                try await user.save(on: db)
            }
            if member.role == .triageWorker { screeners.append(try user.requireID()) }
            if member.role == .mashSocialWorker { socialWorkers.append(try user.requireID()) }
            if member.role.isManager { managers.append(try user.requireID()) }
        }
        var random = SeededRandom(seed: seed)
        var count = 0
        for (la, perWeekday) in [(hampshire, hampshirePerWeekday), (wight, max(1, hampshirePerWeekday / 5))] {
            let batch = DemoHistory(
                laID: try la.requireID(), calendar: la.calendar(holidays: app.frontDoor.holidays), policy: la.clockPolicy,
                now: app.frontDoor.now(), days: days, perWeekday: perWeekday, screeners: screeners, managers: managers,
                socialWorkers: socialWorkers
            ).generate(using: &random)
            try await batch.save(on: db)
            count += batch.contacts.count
        }
        // The statutory history behind them: the last completed CIN census year and Annex A.
        let year = DemoStatutoryHistory.lastCompletedYear(today: WorkingCalendar(holidays: app.frontDoor.holidays).localDate(of: app.frontDoor.now()))
        for (offset, (la, children)) in [(hampshire, statutoryChildren), (wight, max(1, statutoryChildren / 5))].enumerated() {
            count += try await DemoStatutoryHistory(
                la: la, calendar: la.calendar(holidays: app.frontDoor.holidays), year: year, count: children, seed: seed + 1 + UInt64(offset),
                managers: managers, socialWorkers: socialWorkers
            ).load(on: db)
        }
        return (passwords, count)
    }
}
