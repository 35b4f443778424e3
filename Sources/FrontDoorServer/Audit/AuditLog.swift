import Fluent
import SQLKit
import Vapor

/// One thing to record in the audit trail.
struct AuditEntry: Sendable {
    var at: Date
    var actorID: UUID?
    var action: String
    var recordType: String
    var recordID: UUID?
    var route: String
    var remoteAddress: String?
    /// Field name → [before, after]; free-text fields are recorded as "(changed)".
    var changes: [String: [String?]]?
}

enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    /// Appends entries to the chain inside the caller's transaction. The head row is updated
    /// first, which takes the write lock on SQLite and the row lock on PostgreSQL, so concurrent
    /// writers queue here rather than forking the chain.
    static func append(_ entries: [AuditEntry], on db: any Database) async throws {
        try await appending(entries, on: db).get()
    }

    /// `append` as one chain of futures on the database's event loop (for `ContactIntake`, whose
    /// statements then follow one another without leaving that thread).
    static func appending(_ entries: [AuditEntry], on db: any Database) -> EventLoopFuture<Void> {
        guard !entries.isEmpty else { return db.eventLoop.makeSucceededVoidFuture() }
        guard let sql = db as? any SQLDatabase else { return db.eventLoop.makeFailedFuture(APIError.badRequest("the audit trail needs an SQL database")) }
        struct Head: Decodable { var seq: Int; var hash: String }
        return sql.update(AuditHeadModel.schema)
            .set("seq", to: SQLBinaryExpression(SQLColumn("seq"), .add, SQLBind(entries.count)))
            .where("id", .equal, 1)
            .returning("seq", "hash")
            .all(decoding: Head.self)
            .flatMap { rows in
                guard let head = rows.first else { return db.eventLoop.makeFailedFuture(APIError.badRequest("the audit trail has no head row")) }
                let models = chain(entries, after: head.seq - entries.count, previous: head.hash)
                return RowInsert.creating(models, on: db).flatMap {
                    sql.update(AuditHeadModel.schema).set("hash", to: models.last?.hash ?? head.hash).where("id", .equal, 1).run()
                }
            }
    }

    /// The rows of the entries, numbered on from `seq` and each hashed with the one before.
    static func chain(_ entries: [AuditEntry], after seq: Int, previous: String) -> [AuditEventModel] {
        var seq = seq
        var previous = previous
        var models: [AuditEventModel] = []
        for entry in entries {
            seq += 1
            let model = AuditEventModel()
            model.seq = seq
            let ms = Int64((entry.at.timeIntervalSince1970 * 1000).rounded(.down))
            model.atMilliseconds = ms
            model.at = Date(timeIntervalSince1970: Double(ms) / 1000)
            model.actorID = entry.actorID
            model.action = entry.action
            model.recordType = entry.recordType
            model.recordID = entry.recordID
            model.route = entry.route
            model.remoteAddress = entry.remoteAddress
            model.changes = entry.changes.flatMap(encodeChanges)
            model.previousHash = previous
            model.hash = hash(of: model, previous: previous)
            previous = model.hash
            models.append(model)
        }
        return models
    }

    static func encodeChanges(_ changes: [String: [String?]]) -> String? {
        guard !changes.isEmpty, let data = try? JSONEncoder.api.encode(changes) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// SHA-256 over the previous hash and every field of the row, each length-prefixed so that no
    /// two different rows serialise alike.
    static func hash(of row: AuditEventModel, previous: String) -> String {
        let parts: [String] = [
            previous, String(row.seq), String(row.atMilliseconds), row.actorID?.uuidString ?? "", row.action,
            row.recordType, row.recordID?.uuidString ?? "", row.route, row.remoteAddress ?? "", row.changes ?? "",
        ]
        let text = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return SHA256.hash(data: Data(text.utf8)).hex
    }

    enum Verdict: Equatable {
        case intact(rows: Int)
        case broken(seq: Int, reason: String)
    }

    /// Walks the whole trail in order and names the first row that does not chain.
    static func verify(on db: any Database, batch: Int = 5000) async throws -> Verdict {
        var previous = genesis
        var expected = 1
        while true {
            let rows = try await AuditEventModel.query(on: db).filter(\.$seq >= expected).sort(\.$seq).limit(batch).all()
            for row in rows {
                if row.seq != expected {
                    return .broken(seq: expected, reason: "row \(expected) is missing (the next row is \(row.seq))")
                }
                if row.previousHash != previous {
                    return .broken(seq: row.seq, reason: "row \(row.seq) does not point at row \(row.seq - 1)'s hash")
                }
                if hash(of: row, previous: previous) != row.hash {
                    return .broken(seq: row.seq, reason: "row \(row.seq) was changed after it was written (its hash does not match its content)")
                }
                previous = row.hash
                expected += 1
            }
            if rows.count < batch { break }
        }
        guard let head = try await AuditHeadModel.find(1, on: db) else {
            return .broken(seq: expected, reason: "the chain's head row is missing")
        }
        if head.seq != expected - 1 || head.hash != previous {
            return .broken(seq: expected, reason: "the chain ends at row \(expected - 1) but its head says \(head.seq): rows were removed from the end")
        }
        return .intact(rows: expected - 1)
    }
}

extension Request {
    /// Records that the signed-in user read or changed a record, on the same database handle as
    /// the change so that both commit or neither does.
    func audit(_ action: String, _ recordType: String, _ recordID: UUID?, changes: [String: [String?]]? = nil, on db: (any Database)? = nil) async throws {
        let entry = auditEntry(action, recordType, recordID, changes: changes)
        if let db {
            try await AuditLog.append([entry], on: db)
        } else if let batches = application.auditBatches {
            try await batches.append(entry)
        } else {
            try await self.db.transaction { try await AuditLog.append([entry], on: $0) }
        }
    }

    /// The audit row for something the signed-in user does, to append later with others.
    func auditEntry(_ action: String, _ recordType: String, _ recordID: UUID?, changes: [String: [String?]]? = nil) -> AuditEntry {
        AuditEntry(
            at: now, actorID: auth.get(Actor.self)?.userID, action: action, recordType: recordType, recordID: recordID,
            route: "\(method.rawValue) " + (route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? url.path),
            remoteAddress: remoteAddress?.ipAddress, changes: changes
        )
    }
}

/// Audit rows that stand alone (a read, a listing: not part of a change) are written in batches:
/// the rows of the requests that arrive while one batch is being written go together in the next
/// transaction, one stretch of the chain and one flush to disk. Each request waits until its row
/// is committed, so nothing is shown before its reading is on record. One transaction per read
/// made every reader queue for the database's single writer: twenty reads at once took half a
/// second each.
actor AuditBatches {
    private let database: @Sendable () -> any Database
    private var pending: [(entry: AuditEntry, done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false
    /// The most rows written in one transaction (a burst larger than this is split).
    let batchLimit: Int

    init(batchLimit: Int = 500, database: @escaping @Sendable () -> any Database) {
        self.batchLimit = batchLimit
        self.database = database
    }

    func append(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append((entry, done))
            if !writing {
                writing = true
                Task { await self.write() }
            }
        }
    }

    private func write() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(batchLimit))
            pending.removeFirst(batch.count)
            do {
                try await database().transaction { db in try await AuditLog.append(batch.map(\.entry), on: db) }
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
        writing = false
    }
}

extension Application {
    private struct AuditBatchesKey: StorageKey {
        typealias Value = AuditBatches
    }

    /// Set by `configure`; without it each standalone audit row is its own transaction.
    var auditBatches: AuditBatches? {
        get { storage[AuditBatchesKey.self] }
        set { storage[AuditBatchesKey.self] = newValue }
    }
}
