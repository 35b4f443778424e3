import Fluent
import Vapor

/// Who read or changed which record, when, through which route and from where. Rows never carry
/// the record's content (no narrative, no names): only identifiers and field names.
final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @OptionalField(key: "record_id") var recordID: UUID?
    @Field(key: "route") var route: String
    @OptionalField(key: "remote_address") var remoteAddress: String?

    init() {}

    init(at: Date, actorID: UUID?, action: String, recordType: String, recordID: UUID?, route: String, remoteAddress: String?) {
        self.at = at
        self.actorID = actorID
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.route = route
        self.remoteAddress = remoteAddress
    }
}

extension Request {
    /// Records that the signed-in user read or changed a record. Written on the same database
    /// handle as the change, so it commits or rolls back with it.
    func audit(_ action: String, _ recordType: String, _ recordID: UUID?, on db: (any Database)? = nil) async throws {
        let event = AuditEventModel(
            at: now, actorID: auth.get(Actor.self)?.userID, action: action, recordType: recordType, recordID: recordID,
            route: "\(method.rawValue) " + (route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? url.path),
            remoteAddress: remoteAddress?.ipAddress
        )
        try await event.save(on: db ?? self.db)
    }
}
