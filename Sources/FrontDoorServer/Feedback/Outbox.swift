import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// A message waiting to go out. Written in the same transaction as the decision it reports, so a
/// decision is never made without its feedback being queued, and never queued for a decision that
/// was rolled back.
final class OutboxMessageModel: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "to_email") var toEmail: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "reference") var reference: String
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "provider_id") var providerID: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum OutboxStatus: String, Sendable {
    case pending, sent, failed
    /// No Notify key is configured: kept in the local mailbox for development.
    case keptLocally = "kept-locally"
}

struct CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("kind", .string, .required)
            .field("to_email", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("provider_id", .string)
            .field("created_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.index("outbox_due", on: "outbox_messages", "status", "next_attempt_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox_messages").delete()
    }
}

/// Feedback to referrers (Oxfordshire's schools said they were never told): the outcome in plain
/// words, no sensitive detail.
enum ReferrerFeedback {
    static func contactDecided(_ contact: ContactModel, outcome: ContactOutcome, on db: any Database, now: Date) async throws {
        guard let email = contact.referrerEmail, let laID = Optional(contact.laID) else { return }
        let received = WorkingCalendar().localDate(of: contact.receivedAt)
        let what: String = switch outcome {
        case .closed: "we have looked at the information you gave us and will not be taking further action through children's social care. If you are still worried, or something changes, please contact us again."
        case .referral: "a social worker in our Multi-Agency Safeguarding Hub is now looking into it. They may contact you for more information."
        case .earlyHelp: "we have passed it to our early help (family support) service, who will offer the family support."
        case .other: "we have passed it to the right team, who will take it forward."
        }
        let reference = "FD-" + String(try contact.requireID().uuidString.prefix(8))
        try await enqueue(laID: laID, to: email, subject: "Your contact of \(received.iso) about a child (\(reference))",
                          body: "Thank you for contacting us on \(received.iso) about a child (reference \(reference)). Following our review, \(what)",
                          reference: reference, on: db, now: now)
    }

    /// The MASH's decision on a referral, told to whoever made the contact it came from.
    static func referralDecided(_ contact: ContactModel, outcome: ReferralOutcome, on db: any Database, now: Date) async throws {
        guard let email = contact.referrerEmail else { return }
        let received = WorkingCalendar().localDate(of: contact.receivedAt)
        let what: String = switch outcome {
        case .closed: "our social worker has completed their enquiries and the case has been closed with advice. If you are still worried, please contact us again."
        case .earlyHelp: "the family is being offered support by our early help (family support) service."
        case .assessment, .strategyDiscussion: "a social work team will now work with the family."
        case .other: "the case has been passed to the right service."
        }
        let reference = "FD-" + String(try contact.requireID().uuidString.prefix(8))
        try await enqueue(laID: contact.laID, to: email, subject: "Update on your contact of \(received.iso) (\(reference))",
                          body: "Thank you for contacting us on \(received.iso) about a child (reference \(reference)). Following the enquiries by our Multi-Agency Safeguarding Hub, \(what)",
                          reference: reference, on: db, now: now)
    }

    static func enqueue(laID: UUID, to email: String, subject: String, body: String, reference: String, on db: any Database, now: Date) async throws {
        let message = OutboxMessageModel()
        message.laID = laID
        message.kind = "referrer-feedback"
        message.toEmail = email
        message.subject = subject
        message.body = body
        message.reference = reference
        message.status = OutboxStatus.pending.rawValue
        message.attempts = 0
        message.nextAttemptAt = now
        try await message.create(on: db)
    }
}

/// Sends what is due, retrying failures with exponential backoff (30 s, 1 min, 2 min, … up to
/// 6 hours) and giving up after ten attempts, each with its status recorded.
struct OutboxDelivery {
    let db: any Database
    let sender: (any MessageSender)?
    static let maxAttempts = 10

    static func backoff(afterAttempt attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(0, attempts - 1))), 6 * 3600)
    }

    /// Delivers up to `limit` due messages; returns how many were sent (or kept locally).
    @discardableResult
    func deliverDue(now: Date, limit: Int = 20) async throws -> Int {
        let due = try await OutboxMessageModel.query(on: db).filter(\.$status == OutboxStatus.pending.rawValue)
            .filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt).limit(limit).all()
        var delivered = 0
        for message in due {
            guard let sender else {
                message.status = OutboxStatus.keptLocally.rawValue
                message.sentAt = now
                try await message.save(on: db)
                delivered += 1
                continue
            }
            message.attempts += 1
            do {
                message.providerID = try await sender.send(message)
                message.status = OutboxStatus.sent.rawValue
                message.sentAt = now
                message.lastError = nil
                delivered += 1
            } catch {
                message.lastError = String(describing: error).prefix(500).description
                if message.attempts >= Self.maxAttempts {
                    message.status = OutboxStatus.failed.rawValue
                } else {
                    message.nextAttemptAt = now.addingTimeInterval(Self.backoff(afterAttempt: message.attempts))
                }
            }
            try await message.save(on: db)
        }
        return delivered
    }
}

protocol MessageSender: Sendable {
    /// Sends one message and returns the provider's id for it.
    func send(_ message: OutboxMessageModel) async throws -> String
}

/// Runs the outbox every ten seconds while the server is up.
struct OutboxWorker: LifecycleHandler {
    func didBoot(_ app: Application) throws {
        let sender = NotifyClient.fromEnvironment(client: app.client)
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .seconds(10)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    try await OutboxDelivery(db: app.db, sender: sender).deliverDue(now: app.frontDoor.now())
                } catch {
                    app.logger.warning("outbox: delivery round failed (\(String(reflecting: type(of: error))))")
                }
            }
        }
    }
}
