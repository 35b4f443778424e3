import Fluent
import SQLKit

/// SQLite in write-ahead-log mode: readers do not block the writer, and a committed transaction
/// survives a crash. (A no-op on PostgreSQL.)
struct SQLitePragmas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
    }

    func revert(on database: any Database) async throws {}
}

extension SQLDatabase {
    /// A plain index, created the same way on SQLite and PostgreSQL.
    func index(_ name: String, on table: String, _ columns: String...) async throws {
        var builder = create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
