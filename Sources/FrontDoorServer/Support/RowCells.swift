import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import Foundation

/// A row's cells in order, each read as the type expected; `nil` for SQL `NULL`, an
/// error (`ReportRowReader.Unreadable`) for a value of another type.
protocol RowCells {
    mutating func uuid() throws -> UUID?
    mutating func date() throws -> Date?
    mutating func text() throws -> String?
    mutating func bool() throws -> Bool?
    mutating func int() throws -> Int?
    mutating func strings() throws -> [String]?
}

extension RowCells {
    func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw ReportRowReader.Unreadable(column: column) }
        return value
    }
}

/// A PostgreSQL row's cells in order, each decoded as its concrete type.
struct PostgresCells: RowCells {
    var iterator: PostgresRow.Iterator

    init(_ row: PostgresRow) { iterator = row.makeIterator() }

    private mutating func next() throws -> PostgresCell {
        guard let cell = iterator.next() else { throw ReportRowReader.Unreadable(column: "a column past the row's end") }
        return cell
    }

    mutating func uuid() throws -> UUID? { try next().decode(UUID?.self) }
    mutating func date() throws -> Date? { try next().decode(Date?.self) }
    mutating func text() throws -> String? { try next().decode(String?.self) }
    mutating func bool() throws -> Bool? { try next().decode(Bool?.self) }
    mutating func int() throws -> Int? { try next().decode(Int?.self) }
    mutating func strings() throws -> [String]? { try next().decode([String]?.self) }
}

/// A SQLite row's cells in order, read as SQLiteKit writes them: ids as text, instants as seconds
/// since 1970, booleans as integers, arrays as JSON text.
struct SQLiteCells: RowCells {
    let columns: [SQLiteColumn]
    var index = 0

    init(_ row: SQLiteRow) { columns = row.columns }

    private mutating func next() throws -> (name: String, data: SQLiteData) {
        guard index < columns.count else { throw ReportRowReader.Unreadable(column: "a column past the row's end") }
        defer { index += 1 }
        return (columns[index].name, columns[index].data)
    }

    private mutating func converted<T: SQLiteDataConvertible>(_ type: T.Type) throws -> T? {
        let (name, data) = try next()
        if data == .null { return nil }
        guard let value = T(sqliteData: data) else { throw ReportRowReader.Unreadable(column: name) }
        return value
    }

    mutating func uuid() throws -> UUID? {
        let (name, data) = try next()
        switch data {
        case .null: return nil
        case .text(let text):
            guard let id = ReportRowReader.uuid(text) else { throw ReportRowReader.Unreadable(column: name) }
            return id
        default: throw ReportRowReader.Unreadable(column: name)
        }
    }

    mutating func date() throws -> Date? { try converted(Date.self) }
    mutating func text() throws -> String? { try converted(String.self) }
    mutating func bool() throws -> Bool? { try converted(Bool.self) }
    mutating func int() throws -> Int? { try converted(Int.self) }

    mutating func strings() throws -> [String]? {
        let (name, data) = try next()
        switch data {
        case .null: return nil
        case .text("[]"): return []
        case .text(let json):
            guard let array = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { throw ReportRowReader.Unreadable(column: name) }
            return array
        default: throw ReportRowReader.Unreadable(column: name)
        }
    }
}

/// A plain SQL query on SQLite or PostgreSQL, its rows read by position (`RowCells`) rather than
/// decoded into models: for the small queries every request makes (who is signed in), where
/// Fluent's reflection and SQLKit's serialising cost more than the database's work.
enum RawQuery {
    enum Bind: Sendable {
        case uuid(UUID)
        case text(String)
        case date(Date)
        case int(Int)
    }

    /// Runs the query, written with `p(n)` for the n-th bound value, and reads each row.
    ///
    /// `large`: a query over years of rows, run on PostgreSQL without just-in-time compilation
    /// (`ReportRowReader.withoutJIT`), which costs such queries more than it saves.
    static func rows<T>(
        _ sql: (_ p: (Int) -> String) -> String, _ binds: [Bind], large: Bool = false, on db: any Database,
        _ read: (inout any RowCells) throws -> T
    ) async throws -> [T] {
        if let postgres = db as? any PostgresDatabase {
            var bindings = PostgresBindings(capacity: binds.count)
            for bind in binds {
                switch bind {
                case .uuid(let id): bindings.append(id)
                case .text(let text): bindings.append(text)
                case .date(let date): bindings.append(date)
                case .int(let number): bindings.append(number)
                }
            }
            let query = PostgresQuery(unsafeSQL: sql { "$\($0)" }, binds: bindings)
            let logger = db.logger
            let rows = large
                ? try await ReportRowReader.withoutJIT([query], on: postgres, logger: logger)[0]
                : Array(try await postgres.withConnection { $0.query(query, logger: logger) }.get().rows)
            return try rows.map { row in
                var cells: any RowCells = PostgresCells(row)
                return try read(&cells)
            }
        }
        if let sqlite = db as? any SQLiteDatabase {
            // Bound as SQLiteKit binds them: ids as their text, instants as seconds since 1970.
            let data: [SQLiteData] = binds.map { bind in
                switch bind {
                case .uuid(let id): .text(id.uuidString)
                case .text(let text): .text(text)
                case .date(let date): .float(date.timeIntervalSince1970)
                case .int(let number): .integer(number)
                }
            }
            return try await sqlite.rowsOnConnection(sql { "?\($0)" }, data).map { row in
                var cells: any RowCells = SQLiteCells(row)
                return try read(&cells)
            }
        }
        throw APIError.badRequest("FrontDoor runs on SQLite or PostgreSQL")
    }
}

extension SQLiteDatabase {
    /// A query's rows, collected on the connection's own thread as SQLite steps through them.
    ///
    /// Through a pool (`query(_:_:)`, and every Fluent and SQLKit query) SQLiteNIO hands each row
    /// to the event loop as a task of its own, a wake-up and a future per row: a third of the
    /// 24-month report's time at county scale, 74,000 referrals. On the connection itself
    /// (`SQLiteConnection.query(_:_:_:)`, the concurrency version) rows go straight to the closure.
    func rowsOnConnection(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        try await withConnection { connection in
            let rows = NIOLockedValueBox<[SQLiteRow]>([])
            try await connection.query(sql, binds) { row in rows.withLockedValue { $0.append(row) } }
            return rows.withLockedValue { $0 }
        }
    }
}
