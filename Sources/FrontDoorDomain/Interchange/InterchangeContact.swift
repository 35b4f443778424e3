import Foundation

/// `kind: contact` — one piece of information about one or more children that reached the front door.
///
/// Reports count a contact once per child it names (the Annex A convention).
public struct InterchangeContact: Hashable, Sendable {
    /// The manager's decision: `{ "outcome": ..., "decidedAt": ... }`. Absent means undecided.
    public struct Decision: Hashable, Sendable {
        public var outcome: ContactOutcome
        public var decidedAt: Date

        public init(outcome: ContactOutcome, decidedAt: Date) {
            self.outcome = outcome
            self.decidedAt = decidedAt
        }

        public static let fields = ["outcome", "decidedAt"]
    }

    public var ref: String
    public var la: String
    /// Held to the whole millisecond, the precision the format writes.
    public var receivedAt: Date
    public var source: ReferralSource
    public var channel: ContactChannel?
    /// "concern" when the line does not say.
    public var type: ContactType
    /// Person refs of the children named: at least one.
    public var children: [String]
    /// Person refs of the household adults named; empty when none.
    public var adults: [String]
    /// nil when the line does not say: the importer derives it from the children's open cases at receipt.
    public var openCaseAtReceipt: Bool?
    public var rag: RAG?
    public var summary: String?
    public var decision: Decision?

    public init(
        ref: String, la: String, receivedAt: Date, source: ReferralSource, channel: ContactChannel? = nil,
        type: ContactType = .concern, children: [String], adults: [String] = [], openCaseAtReceipt: Bool? = nil,
        rag: RAG? = nil, summary: String? = nil, decision: Decision? = nil
    ) {
        self.ref = ref
        self.la = la
        self.receivedAt = receivedAt
        self.source = source
        self.channel = channel
        self.type = type
        self.children = children
        self.adults = adults
        self.openCaseAtReceipt = openCaseAtReceipt
        self.rag = rag
        self.summary = summary
        self.decision = decision
    }

    public static let fields = [
        "ref", "la", "receivedAt", "source", "channel", "type", "children", "adults", "openCaseAtReceipt", "rag",
        "summary", "decision",
    ]
}
