import Foundation

/// What a team does. The kind decides which unallocated work waits for the team: the front door
/// (Hampshire's Children's Reception Team, Birmingham's CASS, Warwickshire's Triage hub) screens
/// contacts; the MASH completes referrals; assessment and early help teams receive cases after the
/// front door and hold no front-door queue.
public enum TeamKind: String, CaseIterable, Codable, Sendable {
    case frontDoor = "front-door"
    case mash
    case assessment
    case earlyHelp = "early-help"

    public var label: String {
        switch self {
        case .frontDoor: "Front door (triage)"
        case .mash: "MASH social work"
        case .assessment: "Assessment"
        case .earlyHelp: "Early help"
        }
    }

    /// The work that waits for a team of this kind until someone is allocated it.
    public var intake: WorkKind? {
        switch self {
        case .frontDoor: .contact
        case .mash: .referral
        case .assessment, .earlyHelp: nil
        }
    }
}

/// The two queues of the front door.
public enum WorkKind: String, CaseIterable, Sendable {
    case contact, referral
}

public struct Team: Hashable, Sendable {
    public var id: UUID
    public var la: UUID
    public var kind: TeamKind

    public init(id: UUID, la: UUID, kind: TeamKind) {
        self.id = id
        self.la = la
        self.kind = kind
    }
}

/// One contact or referral, as far as teams are concerned: its authority and who has it.
public struct WorkItem: Hashable, Sendable {
    public var kind: WorkKind
    public var la: UUID
    public var worker: UUID?

    public init(kind: WorkKind, la: UUID, worker: UUID?) {
        self.kind = kind
        self.la = la
        self.worker = worker
    }
}

/// The teams of some local authorities and who is in them. A person is in at most one team in each
/// authority (a hub worker serving two authorities may be in one team of each); the database
/// enforces it, and a second membership in one authority is ignored here.
public struct TeamDirectory: Sendable {
    public let teams: [UUID: Team]
    private let teamByUserAndLA: [UUID: [UUID: UUID]]
    private let membersByTeam: [UUID: Set<UUID>]

    public init(teams: [Team], members: [(user: UUID, team: UUID)]) {
        self.teams = Dictionary(teams.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byUser: [UUID: [UUID: UUID]] = [:]
        var byTeam: [UUID: Set<UUID>] = [:]
        for member in members {
            guard let team = self.teams[member.team], byUser[member.user]?[team.la] == nil else { continue }
            byUser[member.user, default: [:]][team.la] = team.id
            byTeam[team.id, default: []].insert(member.user)
        }
        teamByUserAndLA = byUser
        membersByTeam = byTeam
    }

    /// The user's team in an authority, if any.
    public func team(of user: UUID, in la: UUID) -> UUID? { teamByUserAndLA[user]?[la] }

    /// Every team the user is in, one per authority at most.
    public func teams(of user: UUID) -> [UUID] { Array((teamByUserAndLA[user] ?? [:]).values) }

    public func members(of team: UUID) -> Set<UUID> { membersByTeam[team] ?? [] }
}

/// Which team's work an item is — the rule behind "my team's work" and a team's unallocated work.
///
/// Work allocated to someone is the work of their team in the item's authority (none if they are in
/// no team there): teams follow the people, so moving a worker to another team moves their work.
/// Work nobody has yet waits for the authority's intake teams: unallocated contacts for its front
/// door teams, unallocated referrals for its MASH teams (every such team, when there are several).
/// A team of another authority never owns an item.
public enum TeamWork {
    public static func teams(of item: WorkItem, in directory: TeamDirectory) -> Set<UUID> {
        if let worker = item.worker {
            return directory.team(of: worker, in: item.la).map { [$0] } ?? []
        }
        return Set(directory.teams.values.filter { $0.la == item.la && $0.kind.intake == item.kind }.map(\.id))
    }

    /// A team's work of one kind, as a filter a database can run: items of the team's authority
    /// allocated to one of its members, or allocated to nobody when the team takes that work in.
    public struct Scope: Equatable, Sendable {
        public var la: UUID
        public var workers: Set<UUID>
        public var includesUnallocated: Bool

        public func contains(_ item: WorkItem) -> Bool {
            guard item.la == la else { return false }
            guard let worker = item.worker else { return includesUnallocated }
            return workers.contains(worker)
        }
    }

    /// The scope of a team for one kind of work; nil for a team not in the directory.
    public static func scope(of team: UUID, for kind: WorkKind, in directory: TeamDirectory) -> Scope? {
        guard let found = directory.teams[team] else { return nil }
        return Scope(la: found.la, workers: directory.members(of: team), includesUnallocated: found.kind.intake == kind)
    }
}
