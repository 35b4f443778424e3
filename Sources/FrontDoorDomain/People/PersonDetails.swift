import Foundation

/// What the front door knows about a person: a child or an adult of the household.
public struct PersonDetails: Equatable, Sendable {
    public var givenName: String
    public var familyName: String
    public var otherNames: [String]
    public var dateOfBirth: LocalDate?
    public var expectedDateOfBirth: LocalDate?
    public var sex: Sex?
    public var ethnicity: Ethnicity?
    public var nhsNumber: NHSNumber?
    public var upn: UPN?
    public var address: String?
    public var postcode: Postcode?
    public var disabilities: [Disability]

    public init(
        givenName: String, familyName: String, otherNames: [String] = [], dateOfBirth: LocalDate? = nil,
        expectedDateOfBirth: LocalDate? = nil, sex: Sex? = nil, ethnicity: Ethnicity? = nil,
        nhsNumber: NHSNumber? = nil, upn: UPN? = nil, address: String? = nil, postcode: Postcode? = nil,
        disabilities: [Disability] = []
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.otherNames = otherNames
        self.dateOfBirth = dateOfBirth
        self.expectedDateOfBirth = expectedDateOfBirth
        self.sex = sex
        self.ethnicity = ethnicity
        self.nhsNumber = nhsNumber
        self.upn = upn
        self.address = address
        self.postcode = postcode
        self.disabilities = disabilities
    }

    public var isUnborn: Bool { dateOfBirth == nil && expectedDateOfBirth != nil }

    /// Age in whole years on a date, for display ("7 years"); nil without a date of birth.
    public func age(on date: LocalDate) -> Int? {
        guard let born = dateOfBirth, born <= date else { return nil }
        var years = date.year - born.year
        if (date.month, date.day) < (born.month, born.day) { years -= 1 }
        return years
    }
}

/// A person as a client sends it: every field text, so that each mistake is reported by name
/// instead of failing the whole request at the first wrong type.
public struct PersonInput: Codable, Sendable, Equatable {
    public var givenName: String?
    public var familyName: String?
    public var otherNames: [String]?
    public var dateOfBirth: String?
    public var expectedDateOfBirth: String?
    public var sex: String?
    public var ethnicity: String?
    public var nhsNumber: String?
    public var upn: String?
    public var address: String?
    public var postcode: String?
    public var disabilities: [String]?

    public init(
        givenName: String? = nil, familyName: String? = nil, otherNames: [String]? = nil,
        dateOfBirth: String? = nil, expectedDateOfBirth: String? = nil, sex: String? = nil,
        ethnicity: String? = nil, nhsNumber: String? = nil, upn: String? = nil, address: String? = nil,
        postcode: String? = nil, disabilities: [String]? = nil
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.otherNames = otherNames
        self.dateOfBirth = dateOfBirth
        self.expectedDateOfBirth = expectedDateOfBirth
        self.sex = sex
        self.ethnicity = ethnicity
        self.nhsNumber = nhsNumber
        self.upn = upn
        self.address = address
        self.postcode = postcode
        self.disabilities = disabilities
    }

    /// Checks every field, reporting problems under `prefix` (e.g. `children[0]`); nil if any was wrong.
    public func validated(as prefix: String, today: LocalDate, into v: inout InputChecker) -> PersonDetails? {
        let before = v.problems.count
        func field(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
        let given = v.require(givenName, field("givenName"), maxLength: 100)
        let family = v.require(familyName, field("familyName"), maxLength: 100)
        var others: [String] = []
        for (index, name) in (otherNames ?? []).enumerated() {
            if let name = v.optional(name, field("otherNames[\(index)]"), maxLength: 100) { others.append(name) }
        }
        let dob = date(dateOfBirth, field("dateOfBirth"), &v)
        let edd = date(expectedDateOfBirth, field("expectedDateOfBirth"), &v)
        if let dob, dob > today { v.add(field("dateOfBirth"), "is in the future (\(dob.iso)); for an unborn child give expectedDateOfBirth") }
        if dob != nil, edd != nil { v.add(field("expectedDateOfBirth"), "give either dateOfBirth or expectedDateOfBirth, not both") }
        let sexValue = code(sex, field("sex"), Sex.self, "M, F or U", &v)
        if dob == nil, edd != nil, let sexValue, sexValue != .unknown {
            v.add(field("sex"), "must be U for an unborn child (CIN census rule 8750)")
        }
        let ethnicityValue = code(ethnicity, field("ethnicity"), Ethnicity.self, "a CIN ethnicity code such as WBRI", &v)
        var nhs: NHSNumber?
        if let text = v.optional(nhsNumber, field("nhsNumber"), maxLength: 20) {
            nhs = NHSNumber(text)
            if nhs == nil { v.add(field("nhsNumber"), "is not a valid NHS number (10 digits with a correct modulus 11 check digit)") }
        }
        var upnValue: UPN?
        if let text = v.optional(upn, field("upn"), maxLength: 20) {
            upnValue = UPN(text)
            if upnValue == nil { v.add(field("upn"), "is not a valid UPN (13 characters starting with the correct check letter)") }
        }
        let addressValue = v.optional(address, field("address"), maxLength: 300)
        var postcodeValue: Postcode?
        if let text = v.optional(postcode, field("postcode"), maxLength: 10) {
            postcodeValue = Postcode(text)
            if postcodeValue == nil { v.add(field("postcode"), "is not a UK postcode (for example SO23 8UJ)") }
        }
        var disabilityValues: [Disability] = []
        for (index, text) in (disabilities ?? []).enumerated() {
            if let d = code(text, field("disabilities[\(index)]"), Disability.self, "a CIN disability code such as NONE or AUT", &v) {
                disabilityValues.append(d)
            }
        }
        guard v.problems.count == before, let given, let family else { return nil }
        return PersonDetails(
            givenName: given, familyName: family, otherNames: others, dateOfBirth: dob, expectedDateOfBirth: edd,
            sex: sexValue ?? (dob == nil && edd != nil ? .unknown : nil), ethnicity: ethnicityValue, nhsNumber: nhs,
            upn: upnValue, address: addressValue, postcode: postcodeValue, disabilities: disabilityValues
        )
    }

    private func date(_ text: String?, _ field: String, _ v: inout InputChecker) -> LocalDate? {
        guard let text = v.optional(text, field, maxLength: 10) else { return nil }
        guard let date = LocalDate(iso: text) else {
            v.add(field, "is not a date in the form YYYY-MM-DD")
            return nil
        }
        return date
    }

    private func code<C: RawRepresentable & CaseIterable>(
        _ text: String?, _ field: String, _ type: C.Type, _ hint: String, _ v: inout InputChecker
    ) -> C? where C.RawValue == String {
        guard let text = v.optional(text, field, maxLength: 10) else { return nil }
        guard let value = C(rawValue: text.uppercased()) else {
            v.add(field, "'\(text)' is not a known code; expected \(hint)")
            return nil
        }
        return value
    }
}
