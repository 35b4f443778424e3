import Fluent
import FrontDoorDomain
import Vapor

/// Teams as the queues use them: the directory of some authorities' teams, membership changes,
/// and the `team` filter of the contact and referral queues.
enum Teams {
    /// The teams of these authorities, their rows by id, and who is in them.
    struct Loaded: Sendable {
        var directory: TeamDirectory
        var models: [UUID: TeamModel]

        func name(_ id: UUID) -> String { models[id]?.name ?? "" }

        /// The teams an item belongs to, by name.
        func refs(of item: WorkItem) -> [TeamRef] {
            TeamWork.teams(of: item, in: directory).compactMap { id in models[id].map { TeamRef(id: id, name: $0.name) } }
                .sorted { $0.name < $1.name }
        }
    }

    static func load(las: [UUID], on db: any Database) async throws -> Loaded {
        let teams = try await TeamModel.query(on: db).filter(\.$laID ~~ las).sort(\.$name).all()
        let ids = teams.compactMap(\.id)
        let members = try await TeamMemberModel.query(on: db).filter(\.$teamID ~~ ids).all()
        let directory = TeamDirectory(
            teams: teams.compactMap { t in t.id.map { Team(id: $0, la: t.laID, kind: t.kindValue) } },
            members: members.map { (user: $0.userID, team: $0.teamID) }
        )
        return Loaded(directory: directory, models: Dictionary(teams.compactMap { t in t.id.map { ($0, t) } }, uniquingKeysWith: { a, _ in a }))
    }

    /// Puts a user in a team, taking them out of any other team of that authority. Returns the
    /// team they left, if any. The user must be granted the team's authority.
    @discardableResult
    static func add(_ user: UserModel, to team: TeamModel, on db: any Database) async throws -> TeamModel? {
        let userID = try user.requireID()
        let teamID = try team.requireID()
        guard try await UserAuthorityModel.query(on: db).filter(\.$userID == userID).filter(\.$laID == team.laID).first() != nil else {
            throw CommandFailure("\(user.email) is not granted this team's local authority")
        }
        let existing = try await TeamMemberModel.query(on: db).filter(\.$userID == userID).filter(\.$laID == team.laID).first()
        if existing?.teamID == teamID { return nil }
        var left: TeamModel?
        if let existing { left = try await TeamModel.find(existing.teamID, on: db) }
        try await db.transaction { db in
            if let existing { try await existing.delete(on: db) }
            try await TeamMemberModel(teamID: teamID, userID: userID, laID: team.laID).create(on: db)
        }
        return left
    }

    /// The scopes of the `team` filter of a queue: a team id of the actor's authorities, or `mine`
    /// (the actor's own team in each authority they are granted). nil when no filter is asked for.
    /// A team of another authority is refused exactly like one that does not exist.
    static func scopes(_ text: String?, kind: WorkKind, actor: Actor, loaded: Loaded, field: String = "team") throws -> [TeamWork.Scope]? {
        guard let text, !text.isEmpty else { return nil }
        if text == "mine" {
            return loaded.directory.teams(of: actor.userID).compactMap { TeamWork.scope(of: $0, for: kind, in: loaded.directory) }
        }
        guard let id = UUID(uuidString: text), let scope = TeamWork.scope(of: id, for: kind, in: loaded.directory), actor.mayAccess(la: scope.la) else {
            throw ValidationFailure([FieldProblem(field, "'\(text)' is not a team of your local authorities (GET /api/v1/teams lists them), nor mine")])
        }
        return [scope]
    }
}

struct TeamRef: Content, Equatable {
    var id: UUID
    var name: String
}

/// A contact or referral: something allocated to a worker within a local authority.
protocol AllocatedWork: Model {
    static var laKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
    static var workerKey: KeyPath<Self, OptionalFieldProperty<Self, UUID>> { get }
}

extension ContactModel: AllocatedWork {
    static var laKey: KeyPath<ContactModel, FieldProperty<ContactModel, UUID>> { \.$laID }
    static var workerKey: KeyPath<ContactModel, OptionalFieldProperty<ContactModel, UUID>> { \.$workerID }
}

extension ReferralModel: AllocatedWork {
    static var laKey: KeyPath<ReferralModel, FieldProperty<ReferralModel, UUID>> { \.$laID }
    static var workerKey: KeyPath<ReferralModel, OptionalFieldProperty<ReferralModel, UUID>> { \.$workerID }
}

extension QueryBuilder where Model: AllocatedWork {
    /// Only the work within these team scopes (`TeamWork.Scope.contains`, in SQL); none for no scope.
    @discardableResult
    func within(_ scopes: [TeamWork.Scope]) -> Self {
        group(.or) { any in
            // Always false, so that an empty list of scopes matches nothing rather than everything.
            any.filter(Model.laKey ~~ [UUID]())
            for scope in scopes {
                any.group(.and) { one in
                    one.filter(Model.laKey == scope.la)
                    one.group(.or) { who in
                        who.filter(Model.workerKey ~~ scope.workers.map { Optional($0) })
                        if scope.includesUnallocated { who.filter(Model.workerKey == nil) }
                    }
                }
            }
        }
    }
}
