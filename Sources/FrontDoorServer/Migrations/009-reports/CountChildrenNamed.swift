import Fluent
import SQLKit

/// Reports count a contact once per child it names. Counting each contact's children in
/// `contact_people` meant one index probe per contact: for a 24-month report of a large county,
/// about 190,000 probes, most of the report's time. The count is now kept on the contact
/// (`contacts.children_named`, written with the contact and recounted wherever the children it
/// names change: `ContactChildren`), and the reports read it with the contact's other columns
/// from one index, `(la_id, received_at)` widened with the columns the monthly report groups by.
struct CountChildrenNamed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ContactModel.schema)
            .field("children_named", .int, .required, .sql(.default(0)))
            .update()
        guard let sql = database as? any SQLDatabase else { return }
        try await ContactChildren.recountAll(on: sql)
        try await sql.drop(index: "contacts_la_received").run()
        try await sql.index(
            "contacts_la_received_report", on: ContactModel.schema,
            "la_id", "received_at", "source", "open_case_at_receipt", "decided_at", "outcome", "children_named"
        )
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "contacts_la_received_report").run()
            try await sql.index("contacts_la_received", on: ContactModel.schema, "la_id", "received_at")
        }
        try await database.schema(ContactModel.schema).deleteField("children_named").update()
    }
}
