import FrontDoorDomain
import Vapor

/// A person as the API shows them.
struct PersonResponse: Content {
    var id: UUID
    @NullEncodable var ref: String?
    var la: String
    var givenName: String
    var familyName: String
    var otherNames: [String]
    @NullEncodable var dateOfBirth: String?
    @NullEncodable var expectedDateOfBirth: String?
    @NullEncodable var ageYears: Int?
    @NullEncodable var sex: String?
    @NullEncodable var ethnicity: String?
    @NullEncodable var nhsNumber: String?
    @NullEncodable var upn: String?
    @NullEncodable var address: String?
    @NullEncodable var postcode: String?
    var disabilities: [String]
    /// Set when the record is restricted and closed to the reader: then only the id is shown.
    @NullEncodable var restricted: RestrictedNotice?

    struct RestrictedNotice: Codable, Sendable {
        var ask: String
    }

    static func restricted(id: UUID, laCode: String, ask: String) -> PersonResponse {
        PersonResponse(id: id, la: laCode, ask: ask)
    }

    private init(id: UUID, la: String, ask: String) {
        self.id = id
        self.la = la
        givenName = "Restricted"
        familyName = "record"
        otherNames = []
        disabilities = []
        restricted = RestrictedNotice(ask: ask)
    }

    init(_ model: PersonModel, laCode: String, today: LocalDate) {
        id = model.id ?? UUID()
        ref = model.ref
        la = laCode
        givenName = model.givenName
        familyName = model.familyName
        otherNames = model.otherNames
        dateOfBirth = model.dateOfBirth
        expectedDateOfBirth = model.expectedDateOfBirth
        ageYears = model.details.age(on: today)
        sex = model.sex
        ethnicity = model.ethnicity
        nhsNumber = model.nhsNumber
        upn = model.upn
        address = model.address
        postcode = model.postcode
        disabilities = model.disabilities
    }
}

/// A person named in a request: an existing person by id, or the details of a new one.
struct PersonEntry: Codable, Sendable {
    var personId: String?
    var details: PersonInput

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        personId = try container.decodeIfPresent(String.self, forKey: .personId)
        details = try PersonInput(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try details.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(personId, forKey: .personId)
    }

    enum Keys: String, CodingKey { case personId }
}
