import FrontDoorDomain
import Vapor

/// `POST /api/v1/contacts`: every field optional here, so the domain can name each missing one.
struct CreateContactRequest: Content {
    struct Consent: Codable {
        var status: String?
        var reason: String?
    }

    var la: String?
    var ref: String?
    var receivedAt: String?
    var source: String?
    var channel: String?
    var type: String?
    var referrer: Referrer?
    var children: [PersonEntry]?
    var adults: [PersonEntry]?
    var summary: String?
    var consent: Consent?
    var rag: String?
    /// A domestic abuse notification's police risk rating: standard, medium or high.
    var policeRisk: String?

    var input: ContactInput {
        ContactInput(
            receivedAt: receivedAt, source: source, channel: channel, type: type, referrer: referrer,
            children: children?.map { .init(personId: $0.personId, details: $0.details) },
            adults: adults?.map { .init(personId: $0.personId, details: $0.details) },
            narrative: summary, consent: consent?.status, consentReason: consent?.reason, rag: rag
        )
    }
}

struct UserRef: Content {
    var id: UUID
    var name: String
}

/// A contact as the API shows it, with its clocks read now.
struct ContactResponse: Content {
    struct Consent: Codable {
        @NullEncodable var status: String?
        @NullEncodable var reason: String?
    }

    struct CaseSummaryResponse: Codable {
        var strengths: String
        var risks: String
        var proposedOutcome: String
    }

    struct DecisionResponse: Codable {
        var outcome: String
        @NullEncodable var closure: String?
        var reason: String
        var decidedAt: Date
        @NullEncodable var decidedBy: UserRef?
    }

    var id: UUID
    @NullEncodable var ref: String?
    var la: String
    var receivedAt: Date
    var source: String
    var sourceGroup: String
    @NullEncodable var channel: String?
    var type: String
    var referrer: Referrer
    var children: [PersonResponse]
    var adults: [PersonResponse]
    @NullEncodable var summary: String?
    var consent: Consent
    var openCaseAtReceipt: Bool
    var state: String
    @NullEncodable var rag: String?
    @NullEncodable var policeRisk: String?
    @NullEncodable var assignedTo: UserRef?
    @NullEncodable var caseSummary: CaseSummaryResponse?
    @NullEncodable var decision: DecisionResponse?
    var clockStartedAt: Date
    var decisionDueAt: Date
    var workingMinutesRemaining: Int
    var breached: Bool
    var oneWorkingDayDueAt: Date
    var oneWorkingDayBreached: Bool
    var version: Int
    @NullEncodable var createdAt: Date?
}

/// An entry of a contact's history.
struct ContactEventResponse: Content {
    var at: Date
    var action: String
    @NullEncodable var fromState: String?
    var toState: String
    @NullEncodable var by: UserRef?
    @NullEncodable var detail: [String: String]?
}

/// A row of a queue: enough to sort and choose, without the narrative.
struct ContactListItem: Content {
    var id: UUID
    var la: String
    var receivedAt: Date
    var source: String
    var type: String
    var state: String
    @NullEncodable var rag: String?
    var openCaseAtReceipt: Bool
    var children: [String]
    @NullEncodable var assignedTo: UserRef?
    /// The teams whose work it is (TeamWork): the worker's team, or the front door teams while unallocated.
    var teams: [TeamRef]
    var decisionDueAt: Date
    var workingMinutesRemaining: Int
    var breached: Bool
}

struct ContactList: Content {
    var contacts: [ContactListItem]
}
