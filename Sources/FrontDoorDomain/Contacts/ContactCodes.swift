/// What kind of information a contact is. Most are concerns; the others are the notifications and
/// requests that reach the front door too (Hampshire paragraph 5).
public enum ContactType: String, CaseIterable, Codable, Sendable {
    case concern
    case childDeath = "child-death"
    case courtInformationRequest = "court-information-request"
    case childMovingIn = "child-moving-in"
    case ehcpInformationRequest = "ehcp-information-request"
    case domesticAbuseNotification = "domestic-abuse-notification"
    case other
}

/// How a contact reached the front door.
public enum ContactChannel: String, CaseIterable, Codable, Sendable {
    case phone, email
    case webForm = "web-form"
    case policeNotification = "police-notification"
    case letter, other
}

/// Urgency given at screening; it sets how long the manager has to decide.
public enum RAG: String, CaseIterable, Codable, Sendable {
    case red, amber, green
}

/// Whether the family agreed to information about them being shared with partner agencies.
public enum ConsentToShare: String, CaseIterable, Codable, Sendable {
    case given, refused
    case notSought = "not-sought"
}

/// The manager's decision on a contact (the seeds' outcome rows).
public enum ContactOutcome: String, CaseIterable, Codable, Sendable {
    /// No further action, advice given, or signposted to universal services.
    case closed
    /// Progressed to a referral to the MASH.
    case referral
    /// Stepped across to early help (family support).
    case earlyHelp = "early-help"
    /// Anything else: passed to the allocated worker of an open case, an information request answered.
    case other
}

/// How a contact was closed, when it was.
public enum ClosureKind: String, CaseIterable, Codable, Sendable {
    case noFurtherAction = "no-further-action"
    case advice
    case signposted
}
