import Fluent
import FrontDoorDomain
import Vapor

final class PersonModel: Model, @unchecked Sendable {
    static let schema = "people"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @OptionalField(key: "ref") var ref: String?
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    @Field(key: "other_names") var otherNames: [String]
    @OptionalField(key: "date_of_birth") var dateOfBirth: String?
    @OptionalField(key: "expected_date_of_birth") var expectedDateOfBirth: String?
    @OptionalField(key: "sex") var sex: String?
    @OptionalField(key: "ethnicity") var ethnicity: String?
    @OptionalField(key: "nhs_number") var nhsNumber: String?
    @OptionalField(key: "upn") var upn: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "postcode") var postcode: String?
    @Field(key: "disabilities") var disabilities: [String]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?
    /// Set when a manager merged this record into another (the survivor); cleared by undoing it.
    @OptionalField(key: "merged_into") var mergedInto: UUID?
    // For the CIN census (migration 003).
    @OptionalField(key: "death_date") var deathDate: String?
    @OptionalField(key: "former_upn") var formerUPN: String?
    @OptionalField(key: "upn_unknown") var upnUnknown: String?

    init() {}

    init(laID: UUID, ref: String? = nil, details: PersonDetails) {
        self.laID = laID
        self.ref = ref
        update(from: details)
    }

    func update(from d: PersonDetails) {
        givenName = d.givenName
        familyName = d.familyName
        otherNames = d.otherNames
        dateOfBirth = d.dateOfBirth?.iso
        expectedDateOfBirth = d.expectedDateOfBirth?.iso
        sex = d.sex?.rawValue
        ethnicity = d.ethnicity?.rawValue
        nhsNumber = d.nhsNumber?.digits
        upn = d.upn?.value
        address = d.address
        postcode = d.postcode?.value
        disabilities = d.disabilities.map(\.rawValue)
    }

    var details: PersonDetails {
        PersonDetails(
            givenName: givenName, familyName: familyName, otherNames: otherNames,
            dateOfBirth: dateOfBirth.flatMap(LocalDate.init(iso:)),
            expectedDateOfBirth: expectedDateOfBirth.flatMap(LocalDate.init(iso:)),
            sex: sex.flatMap(Sex.init(rawValue:)), ethnicity: ethnicity.flatMap(Ethnicity.init(rawValue:)),
            nhsNumber: nhsNumber.flatMap(NHSNumber.init), upn: upn.flatMap(UPN.init), address: address,
            postcode: postcode.flatMap(Postcode.init), disabilities: disabilities.compactMap(Disability.init(rawValue:))
        )
    }
}

/// A link between two people of one household (a child and their mother, two siblings).
final class HouseholdLinkModel: Model, @unchecked Sendable {
    static let schema = "household_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "other_id") var otherID: UUID
    @Field(key: "relationship") var relationship: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(laID: UUID, personID: UUID, otherID: UUID, relationship: String) {
        self.laID = laID
        self.personID = personID
        self.otherID = otherID
        self.relationship = relationship
    }
}

/// A period during which a child's case was open with children's social care (child in need,
/// child protection or looked after), with the allocated worker. Contacts on a child with an open
/// case at receipt are reported apart ("contacts on open cases").
final class CaseEpisodeModel: Model, @unchecked Sendable {
    static let schema = "case_episodes"

    @ID(key: .id) var id: UUID?
    @Field(key: "la_id") var laID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "allocated_worker") var allocatedWorker: String?

    init() {}

    init(laID: UUID, personID: UUID, kind: String, openedAt: Date, closedAt: Date? = nil, allocatedWorker: String? = nil) {
        self.laID = laID
        self.personID = personID
        self.kind = kind
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.allocatedWorker = allocatedWorker
    }
}
