import Fluent
import Vapor

/// Who read or changed which record, when, through which route and from where, and which fields
/// changed (before and after). Rows never carry free text about a family: a changed narrative is
/// recorded as changed, without its words.
///
/// The trail is append-only and hash-chained: each row's hash covers its content and the previous
/// row's hash, so changing, removing or reordering any row breaks the chain from that row on
/// (`frontdoor audit verify`).
final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "seq") var seq: Int
    @Field(key: "at") var at: Date
    /// The instant in whole milliseconds: the hashed form, exact on every database.
    @Field(key: "at_ms") var atMilliseconds: Int64
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @OptionalField(key: "record_id") var recordID: UUID?
    @Field(key: "route") var route: String
    @OptionalField(key: "remote_address") var remoteAddress: String?
    @OptionalField(key: "changes") var changes: String?
    @Field(key: "prev_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// The chain's head: the last sequence number and hash. Updating it first in a transaction also
/// serialises writers, so the chain never forks.
final class AuditHeadModel: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String

    init() {}

    init(seq: Int, hash: String) {
        id = 1
        self.seq = seq
        self.hash = hash
    }
}
