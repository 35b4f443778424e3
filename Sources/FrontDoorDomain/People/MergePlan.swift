import Foundation

/// What merging one person record (the duplicate) into another (the survivor) does to the rows that
/// name them, decided before anything is written so that it can be recorded and undone exactly.
///
/// A row naming the duplicate is re-pointed at the survivor, unless that would make it
/// meaningless or a second copy of a row the survivor already has: a household link between the
/// two, a link to someone the survivor is already linked with, the duplicate named on a contact
/// that already names the survivor. Those rows are set aside whole (to be put back by an undo).
public enum MergePlan {
    /// A row that names a person once (a contact's person, a referral's child, an episode).
    public struct Naming: Sendable, Equatable {
        public var id: UUID
        /// The record it belongs to (the contact), for rows that may name a person only once per record.
        public var owner: UUID?
        public var person: UUID

        public init(id: UUID, owner: UUID? = nil, person: UUID) {
            self.id = id
            self.owner = owner
            self.person = person
        }
    }

    /// A household link between two people (unordered).
    public struct Link: Sendable, Equatable {
        public var id: UUID
        public var person: UUID
        public var other: UUID

        public init(id: UUID, person: UUID, other: UUID) {
            self.id = id
            self.person = person
            self.other = other
        }
    }

    public struct Outcome: Sendable, Equatable {
        /// Rows to re-point from the duplicate to the survivor.
        public var moved: [UUID] = []
        /// Rows to set aside (deleted, kept whole in the merge record).
        public var setAside: [UUID] = []
    }

    /// Rows naming a person at most once per owner (contact_people); rows without owner always move.
    public static func namings(survivor: UUID, duplicate: UUID, rows: [Naming]) -> Outcome {
        var outcome = Outcome()
        let survivorOwners = Set(rows.filter { $0.person == survivor }.compactMap(\.owner))
        var taken = survivorOwners
        for row in rows where row.person == duplicate {
            if let owner = row.owner {
                if taken.contains(owner) { outcome.setAside.append(row.id); continue }
                taken.insert(owner)
            }
            outcome.moved.append(row.id)
        }
        return outcome
    }

    /// Household links: re-pointed, unless they would link the survivor with themself or repeat a
    /// link the survivor has (in either direction).
    public static func links(survivor: UUID, duplicate: UUID, rows: [Link]) -> Outcome {
        var outcome = Outcome()
        func pair(_ a: UUID, _ b: UUID) -> [UUID] { [a, b].sorted { $0.uuidString < $1.uuidString } }
        var pairs = Set(rows.filter { $0.person != duplicate && $0.other != duplicate }.map { pair($0.person, $0.other) })
        for row in rows where row.person == duplicate || row.other == duplicate {
            let person = row.person == duplicate ? survivor : row.person
            let other = row.other == duplicate ? survivor : row.other
            if person == other || pairs.contains(pair(person, other)) {
                outcome.setAside.append(row.id)
            } else {
                pairs.insert(pair(person, other))
                outcome.moved.append(row.id)
            }
        }
        return outcome
    }
}

/// Two or more live person records holding the same NHS number or UPN: almost certainly one child
/// recorded twice, which a manager should look at and merge.
public struct IdentifierClash: Sendable, Equatable {
    public enum Field: String, Sendable, Codable { case nhsNumber, upn }
    public var field: Field
    public var value: String
    /// The records, in a stable order.
    public var people: [UUID]

    public init(field: Field, value: String, people: [UUID]) {
        self.field = field
        self.value = value
        self.people = people
    }

    public struct Holder: Sendable {
        public var id: UUID
        public var nhsNumber: String?
        public var upn: String?

        public init(id: UUID, nhsNumber: String?, upn: String?) {
            self.id = id
            self.nhsNumber = nhsNumber
            self.upn = upn
        }
    }

    /// Every identifier held by more than one record; NHS numbers first, then UPNs, each by value.
    public static func find(in holders: [Holder]) -> [IdentifierClash] {
        func clashes(_ field: Field, _ value: (Holder) -> String?) -> [IdentifierClash] {
            var byValue: [String: [UUID]] = [:]
            for holder in holders {
                guard let v = value(holder), !v.isEmpty else { continue }
                byValue[v, default: []].append(holder.id)
            }
            return byValue.compactMap { value, ids -> IdentifierClash? in
                let distinct = Array(Set(ids)).sorted { $0.uuidString < $1.uuidString }
                return distinct.count > 1 ? IdentifierClash(field: field, value: value, people: distinct) : nil
            }.sorted { $0.value < $1.value }
        }
        return clashes(.nhsNumber, \.nhsNumber) + clashes(.upn, \.upn)
    }
}
