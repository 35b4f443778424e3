import Fluent
import FrontDoorDomain
import Vapor

/// A team of one local authority's front door.
final class TeamModel: Model, @unchecked Sendable {
    static let schema = "teams"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(laID: UUID, name: String, kind: TeamKind) {
        self.laID = laID
        self.name = name
        self.kind = kind.rawValue
    }

    var kindValue: TeamKind { TeamKind(rawValue: kind) ?? .frontDoor }
}

/// Who is in a team. `la_id` repeats the team's authority: a person is in at most one team of each.
final class TeamMemberModel: Model, @unchecked Sendable {
    static let schema = "team_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "la_id") var laID: UUID

    init() {}

    init(teamID: UUID, userID: UUID, laID: UUID) {
        self.teamID = teamID
        self.userID = userID
        self.laID = laID
    }
}
