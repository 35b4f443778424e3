import Fluent
import FrontDoorDomain
import Vapor

/// The work queue: undecided contacts soonest due first, with their RAG in words and colour, the
/// working time left or how long overdue, the children, the source and the team whose work each is.
/// Views: everyone's, mine, my team's (TeamWork), and for managers the unallocated contacts with an
/// allocate control listing each team's members.
extension StaffPages {
    struct QueueChild: Encodable {
        var name: String
        var age: String
    }

    struct QueueRow: Encodable {
        var id: String
        var children: [QueueChild]
        var la: String
        var source: String
        var received: String
        var state: String
        var ragWord: String
        var ragClass: String
        var clock: String
        var due: String
        var dueAt: Date
        var breached: Bool
        var assignedTo: String?
        /// The teams whose work it is, by name; empty when none.
        var teams: String
        var version: Int
        /// For an unallocated row: whom a manager may allocate it to, grouped by team.
        var allocation: [WebOptionGroup] = []
    }

    /// One of the queue's views, as a link.
    struct QueueView: Encodable {
        var label: String
        var href: String
        var current: Bool
    }

    struct QueuePage: Encodable {
        var title = "Work queue"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var views: [QueueView]
        var showQueue: Bool
        var rows: [QueueRow]
        var unallocated: [QueueRow]
        var canAllocate: Bool
        var states: [WebOption]
        var las: [WebOption]
        var teams: [WebOption]
        var rags: [WebOption]
        var assigned: [WebOption]
        /// Shown on "my team's work" to someone in no team.
        var noTeam: Bool
        var summary: String
        var now: String
    }

    /// Rows the queue page lists: the soonest due (the filters narrow it; the API gives up to 500).
    /// Rendering is most of the page's time, and grows with the rows.
    static let queueRows = 100

    func queue(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.viewContacts)
        let stateText = req.query[String.self, at: "state"] ?? ""
        let state = ContactState(rawValue: stateText)
        let laText = req.query[String.self, at: "la"] ?? ""
        let teamText = req.query[String.self, at: "team"] ?? ""
        let ragText = req.query[String.self, at: "rag"] ?? ""
        let assignedText = req.query[String.self, at: "assigned"] ?? "all"
        let canAllocate = actor.can(.allocateWork)

        var laIDs = actor.authorityIDs
        if let chosen = actor.authorities.first(where: { $0.value == laText })?.key { laIDs = [chosen] }
        let teams = try await Teams.load(las: actor.authorityIDs, on: req.db)
        // A team of another authority is not in the directory, so it cannot be chosen.
        let teamScope = UUID(uuidString: teamText).flatMap { TeamWork.scope(of: $0, for: .contact, in: teams.directory) }
        let myScopes = teams.directory.teams(of: actor.userID).compactMap { TeamWork.scope(of: $0, for: .contact, in: teams.directory) }

        var query = ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs)
        if let state { query = query.filter(\.$state == state.rawValue) } else { query = query.filter(\.$state ~~ ContactState.undecided.map(\.rawValue)) }
        if let rag = RAG(rawValue: ragText) { query = query.filter(\.$rag == rag.rawValue) }
        if ragText == "none" { query = query.filter(\.$rag == nil) }
        if assignedText == "me" { query = query.filter(\.$workerID == actor.userID) }
        if assignedText == "team" { query = query.within(myScopes) }
        if assignedText == "unassigned" { query = query.filter(\.$workerID == nil) }
        if let teamScope { query = query.within([teamScope]) }
        let entries = state == .decided
            ? try await query.sort(\.$receivedAt, .descending).limit(Self.queueRows).queueEntries()
            : try await query.limit(ContactQueue.backlogLimit).queueEntries()
        let ordered = try await ContactQueue.order(entries, soonestDueFirst: state != .decided, req: req)
        let rows = try await Self.rows(Array(ordered.rows.prefix(Self.queueRows)), teams: teams, req: req)

        var unallocated: [QueueRow] = []
        if canAllocate {
            var waiting = ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$state == ContactState.received.rawValue)
            if let teamScope { waiting = waiting.within([teamScope]) }
            let choices = try await Self.allocationChoices(for: actor, teams: teams, on: req.db)
            let waitingOrder = try await ContactQueue.order(try await waiting.limit(ContactQueue.backlogLimit).queueEntries(), soonestDueFirst: true, req: req)
            unallocated = try await Self.rows(Array(waitingOrder.rows.prefix(50)), teams: teams, req: req)
                .map { row in
                    var row = row
                    row.allocation = choices[row.la] ?? []
                    return row
                }
        }
        let states = [WebOption(value: "", label: "All undecided", selected: state == nil)]
            + ContactState.allCases.map { WebOption(value: $0.rawValue, label: StaffWeb.stateLabel($0.rawValue), selected: $0 == state) }
        let las = [WebOption(value: "", label: "All my local authorities", selected: laIDs.count == actor.authorities.count && laText.isEmpty)]
            + actor.authorities.values.sorted().map { WebOption(value: $0, label: "Local authority \($0)", selected: $0 == laText) }
        let teamOptions = [WebOption(value: "", label: "Any team", selected: teamScope == nil)]
            + teams.models.values.compactMap { team -> WebOption? in
                guard let id = team.id, let code = actor.authorities[team.laID] else { return nil }
                return WebOption(value: id.uuidString, label: "\(team.name) (\(code))", selected: teamScope != nil && id.uuidString.lowercased() == teamText.lowercased())
            }.sorted { $0.label < $1.label }
        let rags = [WebOption(value: "", label: "Any", selected: ragText.isEmpty)]
            + RAG.allCases.map { WebOption(value: $0.rawValue, label: StaffWeb.ragWord($0.rawValue), selected: $0.rawValue == ragText) }
            + [WebOption(value: "none", label: "Not rated", selected: ragText == "none")]
        let assigned = [
            WebOption(value: "all", label: "Everyone's", selected: !["me", "team", "unassigned"].contains(assignedText)),
            WebOption(value: "me", label: "Mine", selected: assignedText == "me"),
            WebOption(value: "team", label: "My team's", selected: assignedText == "team"),
            WebOption(value: "unassigned", label: "Not yet allocated", selected: assignedText == "unassigned"),
        ]
        var views = [
            QueueView(label: "All work", href: "/work", current: !["me", "team", "unassigned"].contains(assignedText)),
            QueueView(label: "My work", href: "/work?assigned=me", current: assignedText == "me"),
            QueueView(label: "My team\u{2019}s work", href: "/work?assigned=team", current: assignedText == "team"),
        ]
        if canAllocate { views.append(QueueView(label: "Unallocated", href: "/work?assigned=unassigned", current: assignedText == "unassigned")) }
        var summary: String
        if state == .decided {
            summary = "the \(rows.count) most recent"
        } else {
            let total = ordered.rows.count
            summary = "\(total) \(total == 1 ? "contact" : "contacts"), \(ordered.breached) overdue"
            if rows.count < total { summary += "; showing the \(rows.count) soonest due" }
        }
        let page = QueuePage(
            csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), views: views,
            // A manager's unallocated view is the allocation table itself.
            showQueue: !(canAllocate && assignedText == "unassigned"), rows: rows, unallocated: unallocated,
            canAllocate: canAllocate, states: states, las: las, teams: teamOptions, rags: rags, assigned: assigned,
            noTeam: assignedText == "team" && myScopes.isEmpty, summary: summary, now: StaffWeb.time(req.now)
        )
        return try await StaffWeb.render(req, "staff/queue", page)
    }

    /// The queue rows of the contacts shown, with the API's clocks, and the children's ages.
    static func rows(_ shown: [ContactQueue.Timed], teams: Teams.Loaded, req: Request) async throws -> [QueueRow] {
        let page = try await ContactQueue.page(shown, teams: teams, req: req)
        let entries = Dictionary(shown.map { ($0.entry.id, $0.entry) }, uniquingKeysWith: { a, _ in a })
        let today = req.frontDoor.today
        let byContact = page.children.mapValues { children in
            children.map { child in
                guard !child.restricted else { return QueueChild(name: child.name, age: "") }
                let years = PersonDetails(givenName: "", familyName: "", dateOfBirth: child.dateOfBirth).age(on: today)
                let age = years.map { $0 == 1 ? "1 year" : "\($0) years" } ?? (child.unborn ? "unborn" : "age not known")
                return QueueChild(name: child.name, age: age)
            }
        }
        return page.items.map { item in
            let decided = entries[item.id]?.state == ContactState.decided.rawValue
            return QueueRow(
                id: item.id.uuidString, children: byContact[item.id] ?? [], la: item.la, source: StaffWeb.sourceLabel(item.source),
                received: StaffWeb.time(item.receivedAt), state: StaffWeb.stateLabel(item.state), ragWord: StaffWeb.ragWord(item.rag),
                ragClass: StaffWeb.ragClass(item.rag),
                clock: StaffWeb.clock(remaining: item.workingMinutesRemaining, breached: item.breached, decided: decided),
                due: StaffWeb.time(item.decisionDueAt), dueAt: item.decisionDueAt, breached: item.breached && !decided,
                assignedTo: item.assignedTo?.name, teams: item.teams.map(\.name).joined(separator: ", "), version: entries[item.id]?.version ?? 1
            )
        }
    }

    /// The people a manager may give screening work to: active screening staff of their authorities.
    static func screeners(for actor: Actor, on db: any Database) async throws -> [(id: UUID, name: String)] {
        try await staff(with: .screenContacts, for: actor, on: db).users
    }

    /// Active staff of the actor's authorities whose role has `permission`, and which of those
    /// authorities each is granted.
    static func staff(with permission: Permission, for actor: Actor, on db: any Database) async throws -> (users: [(id: UUID, name: String)], grants: [UUID: Set<UUID>]) {
        let grants = try await UserAuthorityModel.query(on: db).filter(\.$laID ~~ actor.authorityIDs).all()
        let users = try await UserModel.query(on: db).filter(\.$id ~~ Set(grants.map(\.userID)).map { $0 }).filter(\.$disabledAt == nil).all()
        let able = users.compactMap { user -> (UUID, String)? in
            guard let id = user.id, let role = Role(rawValue: user.role), PermissionMatrix.allows(role, permission) else { return nil }
            return (id, "\(user.name) (\(role.label))")
        }
        .sorted { $0.1 < $1.1 }
        return (able, Dictionary(grouping: grants, by: \.userID).mapValues { Set($0.map(\.laID)) })
    }

    /// For each authority code, whom a manager may allocate its work to (staff whose role has
    /// `permission`: screening for contacts, referral work for referrals): each of its teams'
    /// members under the team's name, then those in no team there.
    static func allocationChoices(
        for actor: Actor, teams: Teams.Loaded, permission: Permission = .screenContacts, selected: UUID? = nil, on db: any Database
    ) async throws -> [String: [WebOptionGroup]] {
        let (users, grants) = try await staff(with: permission, for: actor, on: db)
        var result: [String: [WebOptionGroup]] = [:]
        for (la, code) in actor.authorities {
            let granted = users.filter { grants[$0.id]?.contains(la) == true }
            func options(_ people: [(id: UUID, name: String)]) -> [WebOption] {
                people.map { WebOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == selected) }
            }
            var groups: [WebOptionGroup] = []
            for team in teams.models.values.filter({ $0.laID == la }).sorted(by: { $0.name < $1.name }) {
                guard let id = team.id else { continue }
                let members = teams.directory.members(of: id)
                let inTeam = options(granted.filter { members.contains($0.id) })
                if !inTeam.isEmpty { groups.append(WebOptionGroup(label: team.name, options: inTeam)) }
            }
            let others = options(granted.filter { teams.directory.team(of: $0.id, in: la) == nil })
            if !others.isEmpty { groups.append(WebOptionGroup(label: groups.isEmpty ? "Staff" : "Not in a team", options: others)) }
            result[code] = groups
        }
        return result
    }

    /// A manager allocates a contact (the API's assign step, with its permission checks).
    func allocate(req: Request) async throws -> Response {
        _ = try await req.signedInStaff()
        let id = req.parameters.get("contactID") ?? ""
        let back = FormFields(req)["back"] == "contact" ? "/contacts/\(id)" : "/work"
        do {
            _ = try await ContactsController().assign(req: req)
            return req.redirect(to: back)
        } catch let failure as ValidationFailure {
            throw APIError.badRequest(failure.problems.map { $0.message }.joined(separator: "; "))
        } catch let refused as TransitionRefused {
            throw APIError.conflict(refused.code, refused.message)
        }
    }
}
