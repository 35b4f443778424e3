import Fluent

/// What the CIN census needs beyond the front door's own records: a child's death date, former UPN
/// and reason for an unknown UPN; and for a referral the history that followed it in the district
/// teams (every assessment, CIN plan, section 47 enquiry and child protection plan, with the plans'
/// categories and reviews), held as one JSON document when it comes from the case system.
struct AddReturnFields: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        for column in ["death_date", "former_upn", "upn_unknown"] {
            try await database.schema("people").field(.string(column), .string).update()
        }
        try await database.schema("referrals")
            .field("downstream", .string)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("referrals").deleteField("downstream").update()
        for column in ["death_date", "former_upn", "upn_unknown"] {
            try await database.schema("people").deleteField(.string(column)).update()
        }
    }
}
