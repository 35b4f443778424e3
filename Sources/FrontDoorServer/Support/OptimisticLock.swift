import Foundation
import Fluent
import SQLKit

/// Two people saving the same record never silently overwrite each other: every change names the
/// version it was based on, and only one change can move a version on.
enum OptimisticLock {
    /// The version the client read, if it sent one, must still be current.
    static func check(expected: Int?, current: Int, what: String) throws {
        if let expected, expected != current {
            throw APIError.conflict("stale", "the \(what) was changed by someone else since you opened it (your version \(expected), now \(current)); reload it and try again")
        }
    }

    /// Moves the row from `version` to `version + 1`, or refuses if another change got there first.
    static func claim(_ table: String, id: UUID, version: Int, what: String, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw APIError.badRequest("the database does not speak SQL") }
        let claimed = try await sql.update(table)
            .set("version", to: version + 1)
            .where("id", .equal, id)
            .where("version", .equal, version)
            .returning("id")
            .all()
        guard !claimed.isEmpty else {
            throw APIError.conflict("stale", "the \(what) was changed by someone else at the same moment; reload it and try again")
        }
    }
}
