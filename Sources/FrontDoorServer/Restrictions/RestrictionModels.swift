import Fluent
import Vapor

/// A restricted person record (a staff member's own family, a high-profile case): only the named
/// users may open it or any contact naming the person; everyone else sees that it exists and whom
/// to ask.
final class RestrictionModel: Model, @unchecked Sendable {
    static let schema = "restrictions"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "reason") var reason: String
    /// Whom to ask for access: the manager who restricted the record.
    @Field(key: "contact_user_id") var contactUserID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(laID: UUID, personID: UUID, reason: String, contactUserID: UUID) {
        self.laID = laID
        self.personID = personID
        self.reason = reason
        self.contactUserID = contactUserID
    }
}

/// A user allowed to see a restricted record.
final class RestrictionAccessModel: Model, @unchecked Sendable {
    static let schema = "restriction_access"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "user_id") var userID: UUID

    init() {}

    init(personID: UUID, userID: UUID) {
        self.personID = personID
        self.userID = userID
    }
}

struct CreateRestrictions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("restrictions")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("reason", .string, .required)
            .field("contact_user_id", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "person_id")
            .create()
        try await database.schema("restriction_access")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .unique(on: "person_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("restriction_access").delete()
        try await database.schema("restrictions").delete()
    }
}
