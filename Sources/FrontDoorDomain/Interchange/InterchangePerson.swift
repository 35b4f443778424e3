/// `kind: person` — a child or an adult of a household, as the legacy system knew them.
public struct InterchangePerson: Hashable, Sendable {
    /// The legacy system's id.
    public var ref: String
    public var la: String
    /// May be "Unknown".
    public var givenName: String
    /// May be "Unknown".
    public var familyName: String
    /// Aliases and previous names; empty when none were given.
    public var otherNames: [String]
    public var dateOfBirth: LocalDate?
    /// For an unborn child.
    public var expectedDateOfBirth: LocalDate?
    public var sex: Sex?
    public var ethnicity: Ethnicity?
    public var nhsNumber: NHSNumber?
    public var upn: UPN?
    public var postcode: Postcode?
    /// Empty when none were given.
    public var disabilities: [Disability]

    public init(
        ref: String, la: String, givenName: String, familyName: String, otherNames: [String] = [],
        dateOfBirth: LocalDate? = nil, expectedDateOfBirth: LocalDate? = nil, sex: Sex? = nil,
        ethnicity: Ethnicity? = nil, nhsNumber: NHSNumber? = nil, upn: UPN? = nil, postcode: Postcode? = nil,
        disabilities: [Disability] = []
    ) {
        self.ref = ref
        self.la = la
        self.givenName = givenName
        self.familyName = familyName
        self.otherNames = otherNames
        self.dateOfBirth = dateOfBirth
        self.expectedDateOfBirth = expectedDateOfBirth
        self.sex = sex
        self.ethnicity = ethnicity
        self.nhsNumber = nhsNumber
        self.upn = upn
        self.postcode = postcode
        self.disabilities = disabilities
    }

    /// The person as the rest of the domain holds one.
    public var details: PersonDetails {
        PersonDetails(
            givenName: givenName, familyName: familyName, otherNames: otherNames, dateOfBirth: dateOfBirth,
            expectedDateOfBirth: expectedDateOfBirth, sex: sex, ethnicity: ethnicity, nhsNumber: nhsNumber, upn: upn,
            postcode: postcode, disabilities: disabilities
        )
    }

    public static let fields = [
        "ref", "la", "givenName", "familyName", "otherNames", "dateOfBirth", "expectedDateOfBirth", "sex", "ethnicity",
        "nhsNumber", "upn", "postcode", "disabilities",
    ]
}
