import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// A contact checked and built, ready to write: everything but whether a child had an open case
/// at receipt, which is read inside the write.
struct PreparedContact: Sendable {
    var contact: ContactModel
    var newPeople: [PersonModel]
    var households: [HouseholdLinkModel]
    var links: [ContactPersonModel]
    var event: ContactEventModel
    var audit: AuditEntry
    /// The children named, in order (new and existing); only existing ones can have a case.
    var childIDs: [UUID]
    var existingChildIDs: [UUID]

    /// After a transaction that rolled back: the rows it inserted are not there after all, so
    /// they are to be inserted again.
    func rolledBack() {
        contact.$id.exists = false
        event.$id.exists = false
        for model in newPeople { model.$id.exists = false }
        for model in households { model.$id.exists = false }
        for model in links { model.$id.exists = false }
    }
}

/// Group commit for contact intake (docs/benchmarks.md, issue #9). One writer per application
/// takes the contacts that arrived together and writes them in one transaction: one stretch of
/// the audit chain, one commit (one fsync), a handful of multi-row inserts. Each request is
/// answered only when the transaction holding its contact has committed, so nothing is
/// acknowledged before it is durable. While one batch commits the next one gathers; a contact
/// arriving alone is written alone, at once. If a batch fails (a constraint, say), its contacts
/// are written again one by one, so that one bad contact fails only its own request.
actor ContactIntake {
    /// At most this many contacts in one transaction (the multi-row inserts stay well inside
    /// SQLite's and PostgreSQL's limits on bound values).
    static let maxBatch = 64

    private struct Job {
        var contact: PreparedContact
        var db: any Database
        var done: CheckedContinuation<Void, any Error>
    }

    private var pending: [Job] = []
    private var draining = false

    /// The event loop whose connection writes every batch (on SQLite, the writer's connections
    /// are one per loop): always the same connection, so its page cache stays warm, instead of
    /// each batch on the loop its first request came in on.
    nonisolated let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Writes the contact with whatever else arrived meanwhile; returns when it has committed.
    func write(_ contact: PreparedContact, on db: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append(Job(contact: contact, db: db, done: done))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            // The actor is free while the batch is written: the next batch gathers meanwhile.
            await Self.commit(batch)
        }
        draining = false
    }

    private static func commit(_ batch: [Job]) async {
        guard let db = batch.first?.db else { return }
        let results = await commit(batch.map(\.contact), on: db)
        for (job, result) in zip(batch, results) { job.done.resume(with: result) }
    }

    /// Writes the contacts in one transaction; if that fails, each in its own, so that only the
    /// contact at fault fails. One result per contact, in order.
    ///
    /// Each transaction is one chain of futures on the database's event loop: its statements
    /// follow one another on that thread rather than each waiting for a turn on Swift's shared
    /// threads, which are busy with the requests themselves when contacts arrive fastest.
    static func commit(_ contacts: [PreparedContact], on db: any Database) async -> [Result<Void, any Error>] {
        do {
            try await db.transaction { writing(contacts, on: $0) }.get()
            return contacts.map { _ in .success(()) }
        } catch {
            // Alone, too, it is tried once more: a ref taken meanwhile is then named as such.
        }
        var results: [Result<Void, any Error>] = []
        for contact in contacts {
            contact.rolledBack()
            do {
                try await db.transaction { writing([contact], on: $0, checkingRefs: true) }.get()
                results.append(.success(()))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// A reference taken by a contact that committed since this one was checked (or by another in
    /// the same batch) is a validation failure, as it would have been had it been there first.
    private static func checkingRef(_ contact: ContactModel, on db: any Database) -> EventLoopFuture<Void> {
        guard let ref = contact.ref else { return db.eventLoop.makeSucceededVoidFuture() }
        return db.eventLoop.makeFutureWithTask {
            let code = { try await LocalAuthorityModel.find(contact.laID, on: db)?.code ?? "?" }
            if let taken = try await ContactStore.refTaken(ref, la: contact.laID, code: try await code(), on: db) { throw ValidationFailure([taken]) }
        }
    }

    /// Writes the contacts inside the caller's transaction, each kind of row in one statement
    /// (or a few, for large batches), as one chain of futures on the database's event loop.
    /// `checkingRefs` checks again that their refs are free.
    static func writing(_ contacts: [PreparedContact], on db: any Database, checkingRefs: Bool = false) -> EventLoopFuture<Void> {
        guard !contacts.isEmpty else { return db.eventLoop.makeSucceededVoidFuture() }
        guard let sql = db as? any SQLDatabase else { return db.eventLoop.makeFailedFuture(APIError.badRequest("contact intake needs an SQL database")) }
        // On SQLite the audit head is updated first: a write as the first statement takes the
        // database's write lock at once (a transaction that reads first and writes later can
        // find its snapshot stale), so every read below sees the latest data. On PostgreSQL it is
        // updated last: the head row's lock, which every audited request needs, is then held only
        // for the end of the transaction.
        let auditFirst = sql.dialect.name == "sqlite"
        let audit = contacts.map(\.audit)
        // Rows written with their columns listed (`RowInsert`), not through Fluent's reflection.
        let now = Date()
        let people = contacts.flatMap(\.newPeople)
        var done = auditFirst ? AuditLog.appending(audit, on: db) : db.eventLoop.makeSucceededVoidFuture()
        if checkingRefs {
            for prepared in contacts { done = done.flatMap { checkingRef(prepared.contact, on: db) } }
        }
        return done
            .flatMap { RowInsert.creating(people, now: now, on: db) }
            .flatMap { PersonKeys.inserting(people, on: sql) }
            .flatMap { RowInsert.creating(contacts.flatMap(\.households), now: now, on: db) }
            .flatMap { OpenCases.involvements(of: Array(Set(contacts.flatMap(\.existingChildIDs))), on: db) }
            .flatMap { involvements in
                for prepared in contacts {
                    prepared.contact.openCaseAtReceipt = OpenCases.anyOpen(prepared.childIDs, at: prepared.contact.receivedAt, in: involvements)
                }
                return RowInsert.creating(contacts.map(\.contact), now: now, on: db)
            }
            .flatMap { RowInsert.creating(contacts.flatMap(\.links), now: now, on: db) }
            .flatMap { RowInsert.creating(contacts.map(\.event), now: now, on: db) }
            .flatMap { auditFirst ? db.eventLoop.makeSucceededVoidFuture() : AuditLog.appending(audit, on: db) }
    }
}

extension Application {
    private struct ContactIntakeKey: StorageKey {
        typealias Value = ContactIntake
    }

    /// The application's contact writer, made in `configure`.
    var contactIntake: ContactIntake {
        get {
            guard let intake = storage[ContactIntakeKey.self] else { fatalError("configure(_:settings:) makes the contact writer") }
            return intake
        }
        set { storage[ContactIntakeKey.self] = newValue }
    }
}
