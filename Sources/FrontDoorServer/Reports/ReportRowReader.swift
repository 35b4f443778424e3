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
        guard db is any PostgresDatabase || db is any SQLiteDatabase else { return nil }
        let instants: [RawQuery.Bind] = [.uuid(span.laID), .date(span.start), .date(span.end)]
        let contacts = try await RawQuery.rows(contactsSQL, instants, large: true, on: db) { cells in
            ReportData.ContactRow(
                id: canonicalText(try cells.required(cells.uuid(), "id")), received_at: try cells.required(cells.date(), "received_at"),
                source: try cells.required(cells.text(), "source"), open_case_at_receipt: try cells.required(cells.bool(), "open_case_at_receipt"),
                rag: try cells.text(), outcome: try cells.text(), decided_at: try cells.date(), children: try cells.required(cells.int(), "children_named")
            )
        }
        let referrals = try await RawQuery.rows(referralsSQL, instants + [.text(span.startDate), .text(span.endDate)], large: true, on: db) { cells in
            ReportData.ReferralRow(
                id: canonicalText(try cells.required(cells.uuid(), "id")), child_id: canonicalText(try cells.required(cells.uuid(), "child_id")),
                contact_id: try cells.uuid().map(canonicalText), referred_at: try cells.required(cells.date(), "referred_at"),
                source: try cells.required(cells.text(), "source"), decided_at: try cells.date(), outcome: try cells.text(),
                s47_started_at: try cells.text(), assessment_started_at: try cells.text(), assessment_authorised_at: try cells.text(),
                icpc_at: try cells.text(), strategy_discussion_at: try cells.date(), held_at: try cells.date()
            )
        }
        return (contacts, referrals)
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

    // MARK: - Reading ids

    /// A column that could not be read as the report expects.
    struct Unreadable: Error, CustomStringConvertible {
        var column: String
        var description: String { "the report could not read the column \(column)" }
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
