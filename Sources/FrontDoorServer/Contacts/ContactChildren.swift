import Fluent
import Foundation
import SQLKit

/// How many children each contact names (`contacts.children_named`): the number of its
/// `contact_people` rows with the role `child`. Written with the contact where it is created, and
/// recounted here wherever the children a contact names change afterwards (a merge setting a row
/// aside, its undoing). A test compares the stored counts with `contact_people` after every kind
/// of write.
enum ContactChildren {
    /// The count, as SQL over the `contacts` row in scope.
    private static let counted = SQLRaw(
        "(SELECT COUNT(*) FROM \(ContactPersonModel.schema) WHERE \(ContactPersonModel.schema).contact_id = \(ContactModel.schema).id AND \(ContactPersonModel.schema).role = 'child')"
    )

    /// Recounts the given contacts' children from `contact_people`.
    static func recount(_ contactIDs: some Collection<UUID>, on db: any Database) async throws {
        guard !contactIDs.isEmpty, let sql = db as? any SQLDatabase else { return }
        for chunk in Array(Set(contactIDs)).chunked(500) {
            try await sql.update(ContactModel.schema)
                .set(SQLIdentifier("children_named"), to: counted)
                .where("id", .in, SQLBind.group(Array(chunk)))
                .run()
        }
    }

    /// Recounts every contact's children (the migration's backfill).
    static func recountAll(on sql: any SQLDatabase) async throws {
        try await sql.update(ContactModel.schema).set(SQLIdentifier("children_named"), to: counted).run()
    }
}
