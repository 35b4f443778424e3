/// The jobs people do at the front door (domain.md, "Who uses it").
public enum Role: String, CaseIterable, Codable, Sendable {
    case triageWorker = "triage-worker"
    case mashSocialWorker = "mash-social-worker"
    case assistantTeamManager = "assistant-team-manager"
    case teamManager = "team-manager"
    case partnerAgencyOfficer = "partner-agency-officer"
    case domesticAbuseMeetingAttendee = "hrda-attendee"
    case qualityAuditor = "quality-auditor"
    case analyst
    case administrator

    public var label: String {
        switch self {
        case .triageWorker: "Triage worker"
        case .mashSocialWorker: "MASH social worker"
        case .assistantTeamManager: "Assistant team manager"
        case .teamManager: "Team manager"
        case .partnerAgencyOfficer: "Partner agency officer"
        case .domesticAbuseMeetingAttendee: "Domestic abuse meeting attendee"
        case .qualityAuditor: "Quality auditor"
        case .analyst: "Performance analyst"
        case .administrator: "Administrator"
        }
    }

    public var isManager: Bool { self == .teamManager || self == .assistantTeamManager }
}

/// What a user may do. Permissions are data (as in Primero): a role is a set of grants, checked in one place.
public enum Permission: String, CaseIterable, Codable, Sendable {
    case recordContact = "contact.record"
    case viewContacts = "contact.view"
    case screenContacts = "contact.screen"
    case rateContacts = "contact.rate"
    case allocateWork = "work.allocate"
    case decideContacts = "contact.decide"
    case viewReferrals = "referral.view"
    case workReferrals = "referral.work"
    case decideReferrals = "referral.decide"
    case searchPeople = "person.search"
    case viewPeople = "person.view"
    case recordPeople = "person.record"
    /// Duplicate alerts, merging two records of one child, and undoing a merge.
    case mergePeople = "person.merge"
    case viewReports = "report.view"
    case viewAccessLog = "audit.view"
    case restrictRecords = "record.restrict"
    case exportSubjectAccess = "person.subject-access"
    /// The daily high-risk domestic abuse meeting: its agenda cases only.
    case attendDomesticAbuseMeeting = "meeting.attend"
    /// Building the meeting's agenda, researching its cases beforehand, and chairing it.
    case prepareMeetings = "meeting.prepare"
    /// Multi-agency thematic audits: the sampled cases only.
    case auditQuality = "quality.audit"
    case runRetention = "retention.run"
    /// Loading history and taking every record out: the council's data team, through an administrator.
    case importData = "data.import"
    /// A partner agency answers the information requests addressed to it, and sees nothing else.
    case answerInformationRequests = "sharing.answer"
    case exportData = "data.export"
    /// The statutory returns (CIN census XML, Ofsted Annex A lists): personal data, so managers and
    /// the data team's administrators only.
    case exportReturns = "returns.export"
    /// The messages sent to referrers and their delivery status (the local mailbox in development).
    case viewOutbox = "outbox.view"
    case manageUsers = "user.manage"
    case manageAuthorities = "authority.manage"
}

public enum PermissionMatrix {
    /// The grants of each role. Partner officers may send contacts (a police notification feed,
    /// a school's referral) but may not browse the hub: the hub is sealed. Analysts see aggregates
    /// only. Administrators run the system and see no case records.
    public static func grants(for role: Role) -> Set<Permission> {
        let caseWork: Set<Permission> = [
            .recordContact, .viewContacts, .screenContacts, .rateContacts, .searchPeople, .viewPeople, .recordPeople,
        ]
        switch role {
        case .triageWorker:
            return caseWork.union([.viewReferrals])
        case .mashSocialWorker:
            return caseWork.union([.viewReferrals, .workReferrals])
        case .assistantTeamManager, .teamManager:
            return caseWork.union([
                .allocateWork, .decideContacts, .viewReports, .viewAccessLog, .restrictRecords, .exportSubjectAccess,
                .viewReferrals, .workReferrals, .decideReferrals, .mergePeople, .exportReturns, .attendDomesticAbuseMeeting, .prepareMeetings,
            ])
        case .partnerAgencyOfficer:
            return [.recordContact, .answerInformationRequests]
        case .domesticAbuseMeetingAttendee:
            return [.attendDomesticAbuseMeeting]
        case .qualityAuditor:
            return [.auditQuality]
        case .analyst:
            return [.viewReports]
        case .administrator:
            return [.manageUsers, .manageAuthorities, .runRetention, .importData, .exportData, .exportReturns, .viewOutbox]
        }
    }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        grants(for: role).contains(permission)
    }
}
