/// The four kinds of object an interchange file holds (docs/interchange.md).
public enum InterchangeKind: String, CaseIterable, Codable, Sendable {
    case localAuthority, person, contact, referral

    /// How a problem message names the kind ("a local authority", "a person").
    var phrase: String {
        switch self {
        case .localAuthority: "local authority"
        case .person: "person"
        case .contact: "contact"
        case .referral: "referral"
        }
    }
}

/// The natural key of an interchange object: its kind, its local authority and its `ref`.
///
/// `ref` plus `la` identifies a record within its kind, so that re-importing a file changes nothing.
/// A local authority is its own key: `la` and `ref` are both its code.
public struct InterchangeKey: Hashable, Sendable, CustomStringConvertible {
    public let kind: InterchangeKind
    public let la: String
    public let ref: String

    public init(kind: InterchangeKind, la: String, ref: String) {
        self.kind = kind
        self.la = la
        self.ref = ref
    }

    public static func localAuthority(_ code: String) -> InterchangeKey {
        InterchangeKey(kind: .localAuthority, la: code, ref: code)
    }

    public var description: String {
        kind == .localAuthority ? "local authority '\(la)'" : "\(kind.phrase) '\(ref)' of local authority \(la)"
    }
}

/// One line of an interchange file, read and checked.
public enum InterchangeRecord: Hashable, Sendable {
    case localAuthority(InterchangeLocalAuthority)
    case person(InterchangePerson)
    case contact(InterchangeContact)
    case referral(InterchangeReferral)

    public var kind: InterchangeKind {
        switch self {
        case .localAuthority: .localAuthority
        case .person: .person
        case .contact: .contact
        case .referral: .referral
        }
    }

    public var key: InterchangeKey {
        switch self {
        case .localAuthority(let la): .localAuthority(la.code)
        case .person(let person): InterchangeKey(kind: .person, la: person.la, ref: person.ref)
        case .contact(let contact): InterchangeKey(kind: .contact, la: contact.la, ref: contact.ref)
        case .referral(let referral): InterchangeKey(kind: .referral, la: referral.la, ref: referral.ref)
        }
    }

    /// The records this one points at, each with the field that names it: they must exist before it.
    public var references: [(field: String, key: InterchangeKey)] {
        switch self {
        case .localAuthority:
            return []
        case .person(let person):
            return [("la", .localAuthority(person.la))]
        case .contact(let contact):
            var result: [(String, InterchangeKey)] = [("la", .localAuthority(contact.la))]
            for (index, ref) in contact.children.enumerated() {
                result.append(("children[\(index)]", InterchangeKey(kind: .person, la: contact.la, ref: ref)))
            }
            for (index, ref) in contact.adults.enumerated() {
                result.append(("adults[\(index)]", InterchangeKey(kind: .person, la: contact.la, ref: ref)))
            }
            return result
        case .referral(let referral):
            var result: [(String, InterchangeKey)] = [
                ("la", .localAuthority(referral.la)),
                ("child", InterchangeKey(kind: .person, la: referral.la, ref: referral.child)),
            ]
            if let contact = referral.contact {
                result.append(("contact", InterchangeKey(kind: .contact, la: referral.la, ref: contact)))
            }
            return result
        }
    }
}
