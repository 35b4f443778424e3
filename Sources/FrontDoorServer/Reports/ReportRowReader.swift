import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Reads the report's rows from SQLite or PostgreSQL directly: one query for the contacts (each
/// with the children it names, `children_named`) and one for the referrals (each with its latest
/// strategy discussion held), every column read by position with the driver's own conversions
/// rather than through SQLKit's `Codable` rows, which cost most of a large report's time.
///
/// It gives exactly the rows of `ReportData.readDecoding` (the straightforward reading, a test
/// compares the two on both databases), and `nil` for any other database.
enum ReportRowReader {
    /// What to read: an authority's contacts received and referrals referred in `start..<end`, and
    /// its referrals with a section 47 enquiry or an assessment starting in `startDate..<endDate`
    /// (local dates, `YYYY-MM-DD`, as those columns hold them).
    struct Span: Sendable {
        var laID: UUID
        var start: Date
        var end: Date
        var startDate: String
        var endDate: String
    }

    static func read(_ span: Span, on db: any Database) async throws -> (contacts: [ReportData.ContactRow], referrals: [ReportData.ReferralRow])? {
        if let postgres = db as? any PostgresDatabase {
            return try await readPostgres(span, on: postgres, logger: db.logger)
        }
        if let sqlite = db as? any SQLiteDatabase {
            return try await readSQLite(span, on: sqlite)
        }
        return nil
    }

    /// The contacts' query, with `p(n)` the dialect's n-th bound parameter: 1 the authority, 2 and 3
    /// the instants. The children each names are counted on the contact (`children_named`).
    static func contactsSQL(_ p: (Int) -> String) -> String {
        """
        SELECT c.id, c.received_at, c.source, c.open_case_at_receipt, c.rag, c.outcome, c.decided_at, c.children_named \
        FROM \(ContactModel.schema) c WHERE c.la_id = \(p(1)) AND c.received_at >= \(p(2)) AND c.received_at < \(p(3))
        """
    }

    /// The referrals' query: 1 the authority, 2 and 3 the instants, 4 and 5 the local dates. The
    /// latest discussion held comes from the authority's discussions grouped by referral.
    static func referralsSQL(_ p: (Int) -> String) -> String {
        """
        SELECT r.id, r.child_id, r.contact_id, r.referred_at, r.source, r.decided_at, r.outcome, r.s47_started_at, \
        r.assessment_started_at, r.assessment_authorised_at, r.icpc_at, r.strategy_discussion_at, h.held_at \
        FROM \(ReferralModel.schema) r \
        LEFT JOIN (SELECT d.referral_id, MAX(d.held_at) AS held_at FROM \(StrategyDiscussionModel.schema) d \
        WHERE d.la_id = \(p(1)) AND d.held_at IS NOT NULL GROUP BY d.referral_id) h ON h.referral_id = r.id \
        WHERE r.la_id = \(p(1)) AND ((r.referred_at >= \(p(2)) AND r.referred_at < \(p(3))) \
        OR (r.s47_started_at >= \(p(4)) AND r.s47_started_at < \(p(5))) \
        OR (r.assessment_started_at >= \(p(4)) AND r.assessment_started_at < \(p(5))))
        """
    }

    // MARK: - PostgreSQL

    private static func readPostgres(
        _ span: Span, on db: any PostgresDatabase, logger: Logger
    ) async throws -> (contacts: [ReportData.ContactRow], referrals: [ReportData.ReferralRow]) {
        var contactBinds = PostgresBindings(capacity: 3)
        contactBinds.append(span.laID)
        contactBinds.append(span.start)
        contactBinds.append(span.end)
        var referralBinds = contactBinds
        referralBinds.append(span.startDate)
        referralBinds.append(span.endDate)
        let contactQuery = PostgresQuery(unsafeSQL: contactsSQL { "$\($0)" }, binds: contactBinds)
        let referralQuery = PostgresQuery(unsafeSQL: referralsSQL { "$\($0)" }, binds: referralBinds)
        let rows = try await withoutJIT([contactQuery, referralQuery], on: db, logger: logger)
        let (contactRows, referralRows) = (rows[0], rows[1])
        var contacts: [ReportData.ContactRow] = []
        contacts.reserveCapacity(contactRows.count)
        for row in contactRows {
            var cells = Cells(row)
            contacts.append(.init(
                id: canonicalText(try cells.next(UUID.self)), received_at: try cells.next(Date.self), source: try cells.next(String.self),
                open_case_at_receipt: try cells.next(Bool.self), rag: try cells.next(String?.self), outcome: try cells.next(String?.self),
                decided_at: try cells.next(Date?.self), children: try cells.next(Int.self)
            ))
        }
        var referrals: [ReportData.ReferralRow] = []
        referrals.reserveCapacity(referralRows.count)
        for row in referralRows {
            var cells = Cells(row)
            referrals.append(.init(
                id: canonicalText(try cells.next(UUID.self)), child_id: canonicalText(try cells.next(UUID.self)),
                contact_id: try cells.next(UUID?.self).map(canonicalText), referred_at: try cells.next(Date.self),
                source: try cells.next(String.self), decided_at: try cells.next(Date?.self), outcome: try cells.next(String?.self),
                s47_started_at: try cells.next(String?.self), assessment_started_at: try cells.next(String?.self),
                assessment_authorised_at: try cells.next(String?.self), icpc_at: try cells.next(String?.self),
                strategy_discussion_at: try cells.next(Date?.self), held_at: try cells.next(Date?.self)
            ))
        }
        return (contacts, referrals)
    }

    /// Runs the queries one after another on one connection without just-in-time compilation:
    /// over many years of rows the planner's costs pass the threshold for it, and compiling these
    /// plain scans, joins and counts costs more (about 400 ms measured) than it saves. Set for these
    /// queries only, then reset.
    static func withoutJIT(_ queries: [PostgresQuery], on db: any PostgresDatabase, logger: Logger) async throws -> [[PostgresRow]] {
        try await db.withConnection { connection in
            var chain = connection.query("SET jit = off", logger: logger).map { _ in [[PostgresRow]]() }
            for query in queries {
                chain = chain.flatMap { done in connection.query(query, logger: logger).map { done + [$0.rows] } }
            }
            return chain.flatMap { rows in
                connection.query("RESET jit", logger: logger).map { _ in rows }
            }.flatMapError { error in
                connection.query("RESET jit", logger: logger).flatMapThrowing { _ -> [[PostgresRow]] in throw error }
            }
        }.get()
    }

    /// A PostgreSQL row's cells in order, each decoded as its concrete type (decoding a whole row
    /// as a tuple went through unspecialised generic code, a third of the report's time).
    struct Cells {
        var iterator: PostgresRow.Iterator

        init(_ row: PostgresRow) { iterator = row.makeIterator() }

        mutating func next<T: PostgresDecodable>(_ type: T.Type) throws -> T {
            guard let cell = iterator.next() else { throw Unreadable(column: "a report column") }
            return try cell.decode(T.self)
        }
    }

    // MARK: - SQLite

    /// A column that could not be read as the report expects.
    struct Unreadable: Error, CustomStringConvertible {
        var column: String
        var description: String { "the report could not read the column \(column)" }
    }

    private static func readSQLite(
        _ span: Span, on db: any SQLiteDatabase
    ) async throws -> (contacts: [ReportData.ContactRow], referrals: [ReportData.ReferralRow]) {
        // Bound as SQLiteKit binds them: ids as their text, instants as seconds since 1970.
        let authority = SQLiteData.text(span.laID.uuidString)
        let instants = [authority, .float(span.start.timeIntervalSince1970), .float(span.end.timeIntervalSince1970)]
        let contactRows = try await db.rowsOnConnection(contactsSQL { "?\($0)" }, instants)
        let referralRows = try await db.rowsOnConnection(referralsSQL { "?\($0)" }, instants + [.text(span.startDate), .text(span.endDate)])
        var contacts: [ReportData.ContactRow] = []
        contacts.reserveCapacity(contactRows.count)
        for row in contactRows {
            let c = row.columns
            guard c.count == 8 else { throw Unreadable(column: "contacts") }
            contacts.append(.init(
                id: try uuid(c[0].data, "id"), received_at: try value(c[1].data, "received_at"), source: try value(c[2].data, "source"),
                open_case_at_receipt: try value(c[3].data, "open_case_at_receipt"), rag: try optional(c[4].data, "rag"),
                outcome: try optional(c[5].data, "outcome"), decided_at: try optional(c[6].data, "decided_at"),
                children: try value(c[7].data, "children")
            ))
        }
        var referrals: [ReportData.ReferralRow] = []
        referrals.reserveCapacity(referralRows.count)
        for row in referralRows {
            let c = row.columns
            guard c.count == 13 else { throw Unreadable(column: "referrals") }
            referrals.append(.init(
                id: try uuid(c[0].data, "id"), child_id: try uuid(c[1].data, "child_id"),
                contact_id: c[2].data == .null ? nil : try uuid(c[2].data, "contact_id"),
                referred_at: try value(c[3].data, "referred_at"), source: try value(c[4].data, "source"),
                decided_at: try optional(c[5].data, "decided_at"), outcome: try optional(c[6].data, "outcome"),
                s47_started_at: try optional(c[7].data, "s47_started_at"), assessment_started_at: try optional(c[8].data, "assessment_started_at"),
                assessment_authorised_at: try optional(c[9].data, "assessment_authorised_at"), icpc_at: try optional(c[10].data, "icpc_at"),
                strategy_discussion_at: try optional(c[11].data, "strategy_discussion_at"), held_at: try optional(c[12].data, "held_at")
            ))
        }
        return (contacts, referrals)
    }

    /// A value by the driver's own conversion, as `SQLiteDataDecoder` makes it.
    static func value<T: SQLiteDataConvertible>(_ data: SQLiteData, _ column: String) throws -> T {
        guard let value = T(sqliteData: data) else { throw Unreadable(column: column) }
        return value
    }

    static func optional<T: SQLiteDataConvertible>(_ data: SQLiteData, _ column: String) throws -> T? {
        data == .null ? nil : try value(data, column)
    }

    /// A UUID's canonical text from the text SQLite holds: itself when it is already canonical (as
    /// Fluent writes ids), otherwise read as `Codable` reads a UUID and written again.
    private static func uuid(_ data: SQLiteData, _ column: String) throws -> String {
        guard case .text(let text) = data else { throw Unreadable(column: column) }
        if isCanonical(text) { return text }
        guard let id = UUID(uuidString: text) else { throw Unreadable(column: column) }
        return id.uuidString
    }

    /// Whether text is a UUID as `uuidString` writes it: 8-4-4-4-12 upper-case hexadecimal digits.
    static func isCanonical(_ text: String) -> Bool {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count == 36 else { return false }
            for (index, byte) in bytes.enumerated() {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard byte == UInt8(ascii: "-") else { return false }
                } else {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) else { return false }
                }
            }
            return true
        } ?? (UUID(uuidString: text)?.uuidString == text)
    }

    /// The UUID a text holds: read digit by digit when it is 8-4-4-4-12 hexadecimal digits (either
    /// case), otherwise as `UUID(uuidString:)` reads it (which goes through `sscanf`).
    static func uuid(_ text: String) -> UUID? {
        let parsed: UUID?? = text.utf8.withContiguousStorageIfAvailable { bytes -> UUID? in
            guard bytes.count == 36 else { return nil }
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &value) { out -> Bool in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        guard bytes[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = hexDigit(bytes[position]), let low = hexDigit(bytes[position + 1]) else { return false }
                    out[index] = high << 4 | low
                    position += 2
                }
                return true
            }
            return ok ? UUID(uuid: value) : nil
        }
        if let parsed, let id = parsed { return id }
        return UUID(uuidString: text)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// `id.uuidString`, written without going through `sprintf`.
    static func canonicalText(_ id: UUID) -> String {
        let hex: StaticString = "0123456789ABCDEF"
        return withUnsafeBytes(of: id.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                hex.withUTF8Buffer { digits in
                    var position = 0
                    for (index, byte) in bytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        out[position] = digits[Int(byte >> 4)]
                        out[position + 1] = digits[Int(byte & 0x0F)]
                        position += 2
                    }
                }
                return 36
            }
        }
    }
}
