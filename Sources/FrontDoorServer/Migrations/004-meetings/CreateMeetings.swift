import Fluent

/// The police's risk rating of a domestic abuse notification (standard, medium, high).
struct AddPoliceRisk: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contacts").field("police_risk", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contacts").deleteField("police_risk").update()
    }
}

/// The daily high-risk domestic abuse meeting: its agenda, preparation, discussion and actions.
struct CreateHRDAMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("hrda_meetings")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("meeting_date", .string, .required)
            .field("window_start", .datetime, .required)
            .field("window_end", .datetime, .required)
            .field("attendance", .string, .required)
            .field("held_at", .datetime)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "la_id", "meeting_date")
            .create()
        try await database.schema("hrda_cases")
            .id()
            .field("meeting_id", .uuid, .required, .references("hrda_meetings", "id"))
            .field("contact_id", .uuid, .required, .references("contacts", "id"))
            .field("position", .int, .required)
            .field("open_case", .bool, .required)
            .field("allocated_worker", .string)
            .field("research_notes", .string)
            .field("prepared_by", .uuid, .references("users", "id"))
            .field("prepared_at", .datetime)
            .field("risk_identified", .string)
            .field("victim_voice", .string)
            .field("outcome", .string)
            .field("discussed_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "meeting_id", "contact_id")
            .create()
        try await database.schema("hrda_actions")
            .id()
            .field("meeting_id", .uuid, .required, .references("hrda_meetings", "id"))
            .field("case_id", .uuid, .required, .references("hrda_cases", "id"))
            .field("description", .string, .required)
            .field("owner_agency", .string, .required)
            .field("due_date", .string, .required)
            .field("state", .string, .required)
            .field("completed_at", .datetime)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .field("version", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("hrda_actions").delete()
        try await database.schema("hrda_cases").delete()
        try await database.schema("hrda_meetings").delete()
    }
}

/// Multi-agency thematic audits: the definition, the drawn sample and each agency's grading.
struct CreateQualityAudits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("quality_audits")
            .id()
            .field("la_id", .uuid, .required, .references("local_authorities", "id"))
            .field("theme", .string, .required)
            .field("period_from", .string, .required)
            .field("period_to", .string, .required)
            .field("rule", .string, .required)
            .field("sample_size", .int)
            .field("seed", .string, .required)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.schema("quality_audit_cases")
            .id()
            .field("audit_id", .uuid, .required, .references("quality_audits", "id"))
            .field("record_type", .string, .required)
            .field("record_id", .uuid, .required)
            .field("child_id", .uuid, .references("people", "id"))
            .field("stratum", .string, .required)
            .field("position", .int, .required)
            .unique(on: "audit_id", "record_type", "record_id")
            .create()
        try await database.schema("quality_audit_gradings")
            .id()
            .field("case_id", .uuid, .required, .references("quality_audit_cases", "id"))
            .field("auditor_id", .uuid, .required, .references("users", "id"))
            .field("agency", .string, .required)
            .field("grade", .string, .required)
            .field("findings", .string, .required)
            .field("learning_actions", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("quality_audit_gradings").delete()
        try await database.schema("quality_audit_cases").delete()
        try await database.schema("quality_audits").delete()
    }
}
