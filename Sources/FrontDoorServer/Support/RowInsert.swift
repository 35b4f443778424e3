import Fluent
import Foundation
import SQLKit
import NIOCore

/// A model whose new rows can be written without Fluent's per-row reflection: its columns and a
/// row's values in the same order, bound exactly as Fluent binds them (so the stored values are
/// the same on both databases). Building a model's input through Fluent reflects over every
/// property of every row, the largest cost of writing contacts in bulk (docs/benchmarks.md).
///
/// `RowInsertTests` holds each conforming model's columns to the fields Fluent writes, and the
/// rows written to the rows Fluent writes, on both databases.
protocol InsertableRow: Model {
    /// Every column Fluent would write on create, `id` first.
    static var insertColumns: [String] { get }
    /// The row's values, in `insertColumns` order; `now` fills the timestamps Fluent sets on create.
    func insertValues(now: Date) -> [any Encodable & Sendable]
    /// What Fluent's create sets on the model once written: its timestamps.
    func touch(now: Date)
}

enum RowInsert {
    /// At most this many bound values in one statement (well inside SQLite's and PostgreSQL's limits).
    static let maxBinds = 2_000

    /// Writes the new models, many rows to a statement, and marks them as existing, as
    /// `models.create(on:)` does (each without an id gets one). On a database without SQL, through Fluent.
    static func create<M: InsertableRow>(_ models: [M], now: Date = Date(), on db: any Database) async throws where M.IDValue == UUID {
        try await creating(models, now: now, on: db).get()
    }

    /// `create` as a chain of futures on the database's event loop.
    static func creating<M: InsertableRow>(_ models: [M], now: Date = Date(), on db: any Database) -> EventLoopFuture<Void> where M.IDValue == UUID {
        guard !models.isEmpty else { return db.eventLoop.makeSucceededVoidFuture() }
        for model in models where model.id == nil { model.id = UUID() }
        guard let sql = db as? any SQLDatabase else { return models.create(on: db) }
        let columns = M.insertColumns
        let rows = models.map { model in
            let values = model.insertValues(now: now)
            precondition(values.count == columns.count, "\(M.self).insertValues gives one value per column")
            return values
        }
        return insertingRows(into: M.schema, columns: columns, rows, on: sql).map {
            for model in models {
                model.touch(now: now)
                model._$idExists = true
            }
        }
    }

    /// Writes rows of values (each in `columns` order) into a table, many to a statement, as a
    /// chain of futures on the database's event loop.
    static func insertingRows(into table: String, columns: [String], _ rows: [[any Encodable & Sendable]], on sql: any SQLDatabase) -> EventLoopFuture<Void> {
        var done = sql.eventLoop.makeSucceededVoidFuture()
        for chunk in rows.chunked(max(1, maxBinds / columns.count)) {
            var query = SQLQueryString("INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES ")
            for (index, values) in chunk.enumerated() {
                query.appendLiteral(index == 0 ? "(" : ", (")
                query.appendInterpolation(binds: values)
                query.appendLiteral(")")
            }
            let statement = query
            done = done.flatMap { sql.raw(statement).run() }
        }
        return done
    }
}

extension ContactModel: InsertableRow {
    static let insertColumns = [
        "id", "la_id", "ref", "received_at", "source", "channel", "type", "referrer_name", "referrer_organisation", "referrer_role",
        "referrer_email", "referrer_phone", "narrative", "consent", "consent_reason", "open_case_at_receipt", "children_named", "received_month", "rag",
        "police_risk", "state", "worker_id", "strengths", "risks", "proposed_outcome", "outcome", "closure", "decision_reason",
        "decided_at", "decided_by", "created_by", "created_at", "updated_at", "version", "anonymised_at",
    ]

    func insertValues(now: Date) -> [any Encodable & Sendable] {
        [
            id, laID, ref, receivedAt, source, channel, type, referrerName, referrerOrganisation, referrerRole,
            referrerEmail, referrerPhone, narrative, consent, consentReason, openCaseAtReceipt, childrenNamed, receivedMonth, rag,
            policeRisk, state, workerID, strengths, risks, proposedOutcome, outcome, closure, decisionReason,
            decidedAt, decidedBy, createdBy, now, now, version, anonymisedAt,
        ]
    }

    func touch(now: Date) {
        createdAt = now
        updatedAt = now
    }
}

extension PersonModel: InsertableRow {
    static let insertColumns = [
        "id", "la_id", "ref", "given_name", "family_name", "other_names", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity",
        "nhs_number", "upn", "address", "postcode", "disabilities", "created_at", "updated_at", "anonymised_at", "merged_into",
        "death_date", "former_upn", "upn_unknown",
    ]

    func insertValues(now: Date) -> [any Encodable & Sendable] {
        [
            id, laID, ref, givenName, familyName, otherNames, dateOfBirth, expectedDateOfBirth, sex, ethnicity,
            nhsNumber, upn, address, postcode, disabilities, now, now, anonymisedAt, mergedInto,
            deathDate, formerUPN, upnUnknown,
        ]
    }

    func touch(now: Date) {
        createdAt = now
        updatedAt = now
    }
}

extension HouseholdLinkModel: InsertableRow {
    static let insertColumns = ["id", "la_id", "person_id", "other_id", "relationship", "created_at"]

    func insertValues(now: Date) -> [any Encodable & Sendable] { [id, laID, personID, otherID, relationship, now] }

    func touch(now: Date) { createdAt = now }
}

extension ContactPersonModel: InsertableRow {
    static let insertColumns = ["id", "contact_id", "person_id", "role", "position"]

    func insertValues(now: Date) -> [any Encodable & Sendable] { [id, contactID, personID, role, position] }

    func touch(now: Date) {}
}

extension ContactEventModel: InsertableRow {
    static let insertColumns = ["id", "contact_id", "at", "actor_id", "action", "from_state", "to_state", "detail"]

    func insertValues(now: Date) -> [any Encodable & Sendable] { [id, contactID, at, actorID, action, fromState, toState, detail] }

    func touch(now: Date) {}
}

extension AuditEventModel: InsertableRow {
    static let insertColumns = [
        "id", "seq", "at", "at_ms", "actor_id", "action", "record_type", "record_id", "route", "remote_address", "changes", "prev_hash", "hash",
    ]

    func insertValues(now: Date) -> [any Encodable & Sendable] {
        [id, seq, at, atMilliseconds, actorID, action, recordType, recordID, route, remoteAddress, changes, previousHash, hash]
    }

    func touch(now: Date) {}
}
