import Foundation

/// Who made the contact.
public struct Referrer: Equatable, Sendable, Codable {
    public var name: String?
    public var organisation: String?
    public var role: String?
    public var email: String?
    public var phone: String?

    public init(name: String? = nil, organisation: String? = nil, role: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.organisation = organisation
        self.role = role
        self.email = email
        self.phone = phone
    }
}

/// A person named in a new contact: someone already known, or someone new.
public enum NamedPerson: Equatable, Sendable {
    case existing(UUID)
    case new(PersonDetails)
}

/// A contact as recorded at receipt, checked.
public struct NewContact: Equatable, Sendable {
    public var receivedAt: Date
    public var source: ReferralSource
    public var channel: ContactChannel?
    public var type: ContactType
    public var referrer: Referrer
    public var children: [NamedPerson]
    public var adults: [NamedPerson]
    public var narrative: String?
    public var consent: ConsentToShare?
    public var consentReason: String?
    public var rag: RAG?
}

/// The raw parts of a new contact as a client sends them.
public struct ContactInput: Sendable {
    public struct Person: Sendable {
        public var personId: String?
        public var details: PersonInput

        public init(personId: String? = nil, details: PersonInput = PersonInput()) {
            self.personId = personId
            self.details = details
        }
    }

    public var receivedAt: String?
    public var source: String?
    public var channel: String?
    public var type: String?
    public var referrer: Referrer?
    public var children: [Person]?
    public var adults: [Person]?
    public var narrative: String?
    public var consent: String?
    public var consentReason: String?
    public var rag: String?

    public init(receivedAt: String? = nil, source: String? = nil, channel: String? = nil, type: String? = nil,
                referrer: Referrer? = nil, children: [Person]? = nil, adults: [Person]? = nil, narrative: String? = nil,
                consent: String? = nil, consentReason: String? = nil, rag: String? = nil) {
        self.receivedAt = receivedAt
        self.source = source
        self.channel = channel
        self.type = type
        self.referrer = referrer
        self.children = children
        self.adults = adults
        self.narrative = narrative
        self.consent = consent
        self.consentReason = consentReason
        self.rag = rag
    }

    public static let maxPeople = 20
    public static let maxNarrative = 20_000

    /// Checks everything and reports every problem by field. `now` bounds the receipt time: a
    /// contact cannot be received in the future (a few minutes of clock skew are allowed).
    public func validated(now: Date, today: LocalDate) throws(ValidationFailure) -> NewContact {
        var check = InputChecker()
        var received: Date?
        if let text = check.require(receivedAt, "receivedAt", maxLength: 40) {
            received = RFC3339.parse(text)
            if received == nil {
                check.add("receivedAt", "is not an RFC 3339 time with an offset (for example 2026-08-28T16:00:00+01:00)")
            } else if let r = received, r > now.addingTimeInterval(300) {
                check.add("receivedAt", "is in the future")
            }
        }
        var sourceValue: ReferralSource?
        if let text = check.require(source, "source", maxLength: 3) {
            sourceValue = ReferralSource(rawValue: text.uppercased())
            if sourceValue == nil { check.add("source", "'\(text)' is not a CIN referral source code (1A-1D, 2A, 2B, 3A-3F, 4, 5A-5D, 6, 7, 8, 9, 10)") }
        }
        let channelValue = Self.code(channel, "channel", ContactChannel.self, &check)
        let typeValue = Self.code(type, "type", ContactType.self, &check) ?? .concern
        var referrerValue = Referrer()
        if let r = referrer {
            referrerValue = Referrer(
                name: check.optional(r.name, "referrer.name", maxLength: 200),
                organisation: check.optional(r.organisation, "referrer.organisation", maxLength: 200),
                role: check.optional(r.role, "referrer.role", maxLength: 200),
                email: check.optional(r.email, "referrer.email", maxLength: 254),
                phone: check.optional(r.phone, "referrer.phone", maxLength: 40)
            )
            if let email = referrerValue.email, !Self.looksLikeEmail(email) {
                check.add("referrer.email", "is not an email address")
            }
        }
        let childList = children ?? []
        if childList.isEmpty { check.add("children", "name at least one child") }
        if childList.count > Self.maxPeople { check.add("children", "at most \(Self.maxPeople) children in one contact") }
        if (adults ?? []).count > Self.maxPeople { check.add("adults", "at most \(Self.maxPeople) adults in one contact") }
        let childValues = Self.people(childList.prefix(Self.maxPeople), "children", today, &check)
        let adultValues = Self.people((adults ?? []).prefix(Self.maxPeople), "adults", today, &check)
        let narrativeValue = check.optional(narrative, "summary", maxLength: Self.maxNarrative)
        let consentValue = Self.code(consent, "consent.status", ConsentToShare.self, &check)
        let reason = check.optional(consentReason, "consent.reason", maxLength: 2000)
        if consentValue == .notSought, reason == nil {
            check.add("consent.reason", "say why consent was not sought (for example: seeking it would put the child at risk)")
        }
        let ragValue = Self.code(rag, "rag", RAG.self, &check)
        try check.finish()
        guard let received, let sourceValue else { throw ValidationFailure([FieldProblem("body", "could not be read")]) }
        return NewContact(
            receivedAt: received, source: sourceValue, channel: channelValue, type: typeValue, referrer: referrerValue,
            children: childValues, adults: adultValues, narrative: narrativeValue, consent: consentValue,
            consentReason: reason, rag: ragValue
        )
    }

    private static func people(_ list: ArraySlice<Person>, _ field: String, _ today: LocalDate, _ check: inout InputChecker) -> [NamedPerson] {
        var result: [NamedPerson] = []
        for (index, person) in list.enumerated() {
            let prefix = "\(field)[\(index)]"
            if let idText = person.personId {
                if let id = UUID(uuidString: idText) {
                    result.append(.existing(id))
                } else {
                    check.add("\(prefix).personId", "is not a person id")
                }
            } else if let details = person.details.validated(as: prefix, today: today, into: &check) {
                result.append(.new(details))
            }
        }
        return result
    }

    static func code<C: RawRepresentable & CaseIterable>(_ text: String?, _ field: String, _: C.Type, _ check: inout InputChecker) -> C? where C.RawValue == String {
        check.choice(text, field, required: false)
    }

    public static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }
}

/// RFC 3339 timestamps with an explicit offset, with or without fractional seconds. Strict: no
/// invented dates (30 February), hours or offsets; the same reading as the interchange format.
public enum RFC3339 {
    public static func parse(_ text: String) -> Date? {
        InterchangeTimestamp.parse(text)
    }

    public static func format(_ date: Date) -> String {
        InterchangeTimestamp.format(date)
    }
}
