import Fluent
import FrontDoorDomain
import Vapor

final class HRDAMeetingModel: Model, @unchecked Sendable {
    static let schema = "hrda_meetings"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    /// The local date of the meeting, YYYY-MM-DD.
    @Field(key: "meeting_date") var meetingDate: String
    @Field(key: "window_start") var windowStart: Date
    @Field(key: "window_end") var windowEnd: Date
    /// JSON list of {agency, name}.
    @Field(key: "attendance") var attendance: String
    @OptionalField(key: "held_at") var heldAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    var attendees: [Attendee] {
        (try? JSONDecoder().decode([Attendee].self, from: Data(attendance.utf8))) ?? []
    }
}

struct Attendee: Content, Equatable {
    var agency: String
    var name: String
}

final class HRDACaseModel: Model, @unchecked Sendable {
    static let schema = "hrda_cases"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "open_case") var openCase: Bool
    @OptionalField(key: "allocated_worker") var allocatedWorker: String?
    @OptionalField(key: "research_notes") var researchNotes: String?
    @OptionalField(key: "prepared_by") var preparedBy: UUID?
    @OptionalField(key: "prepared_at") var preparedAt: Date?
    @OptionalField(key: "risk_identified") var riskIdentified: String?
    @OptionalField(key: "victim_voice") var victimVoice: String?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "discussed_at") var discussedAt: Date?
    @Field(key: "version") var version: Int

    init() {}
}

final class HRDAActionModel: Model, @unchecked Sendable {
    static let schema = "hrda_actions"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "description") var description: String
    @Field(key: "owner_agency") var ownerAgency: String
    @Field(key: "due_date") var dueDate: String
    @Field(key: "state") var state: String
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    func status(today: LocalDate) -> MeetingActionStatus {
        HRDAMeetingRules.status(of: MeetingActionState(rawValue: state) ?? .open, due: LocalDate(iso: dueDate) ?? today, today: today)
    }
}

final class QualityAuditModel: Model, @unchecked Sendable {
    static let schema = "quality_audits"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "theme") var theme: String
    @Field(key: "period_from") var periodFrom: String
    @Field(key: "period_to") var periodTo: String
    @Field(key: "rule") var rule: String
    @OptionalField(key: "sample_size") var sampleSize: Int?
    /// The seed, as decimal text (a UInt64 does not fit every database's integer).
    @Field(key: "seed") var seed: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class QualityAuditCaseModel: Model, @unchecked Sendable {
    static let schema = "quality_audit_cases"

    @ID(key: .id) var id: UUID?
    @Field(key: "audit_id") var auditID: UUID
    /// "contact" or "referral".
    @Field(key: "record_type") var recordType: String
    @Field(key: "record_id") var recordID: UUID
    @OptionalField(key: "child_id") var childID: UUID?
    @Field(key: "stratum") var stratum: String
    @Field(key: "position") var position: Int

    init() {}
}

final class QualityGradingModel: Model, @unchecked Sendable {
    static let schema = "quality_audit_gradings"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "auditor_id") var auditorID: UUID
    @Field(key: "agency") var agency: String
    @Field(key: "grade") var grade: String
    @Field(key: "findings") var findings: String
    @OptionalField(key: "learning_actions") var learningActions: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
