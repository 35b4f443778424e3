import Fluent
import FrontDoorDomain
import Vapor

/// The messages sent to referrers with their delivery status; with no Notify key configured, this
/// is the local mailbox where development can read them.
struct OutboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("outbox", use: list).requires(.viewOutbox)
    }

    struct Message: Content {
        var id: UUID
        var to: String
        var subject: String
        var body: String
        var reference: String
        var status: String
        var attempts: Int
        @NullEncodable var lastError: String?
        @NullEncodable var sentAt: Date?
        @NullEncodable var createdAt: Date?
    }

    func list(req: Request) async throws -> [Message] {
        try await Self.messages(for: try req.actor(.viewOutbox), req: req)
    }

    static func messages(for actor: Actor, req: Request) async throws -> [Message] {
        let messages = try await OutboxMessageModel.query(on: req.db).filter(\.$laID ~~ actor.authorityIDs)
            .sort(\.$createdAt, .descending).limit(200).all()
        try await req.audit("list", "outbox", nil)
        return messages.compactMap { m in
            m.id.map {
                Message(id: $0, to: m.toEmail, subject: m.subject, body: m.body, reference: m.reference, status: m.status,
                        attempts: m.attempts, lastError: m.lastError, sentAt: m.sentAt, createdAt: m.createdAt)
            }
        }
    }
}
