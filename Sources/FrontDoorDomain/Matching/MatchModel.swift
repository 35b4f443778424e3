import Foundation

/// The fields the model compares, in the order reasons are given.
public enum MatchField: String, Codable, Sendable, CaseIterable {
    case nhsNumber, upn, givenName, familyName, dateOfBirth, birthRange, address, sex

    /// The comparison levels of the field, most alike first; the last is "disagrees".
    public var levels: [String] {
        switch self {
        case .nhsNumber, .upn: IdentifierLevel.allCases.map(\.rawValue)
        case .givenName: GivenNameLevel.allCases.map(\.rawValue)
        case .familyName: FamilyNameLevel.allCases.map(\.rawValue)
        case .dateOfBirth: DateLevel.allCases.map(\.rawValue)
        case .birthRange: RangeLevel.allCases.map(\.rawValue)
        case .address: AddressLevel.allCases.map(\.rawValue)
        case .sex: SexLevel.allCases.map(\.rawValue)
        }
    }

}

/// NHS number and UPN.
public enum IdentifierLevel: String, CaseIterable, Sendable { case exact, different }

public enum GivenNameLevel: String, CaseIterable, Sendable {
    /// the same letters, ignoring case, accents, spaces and punctuation
    case exact
    /// nickname or other form of the same name (`NameVariants`): Katie / Catherine
    case variant
    /// matches one of the other's other names (a middle name used as the first name)
    case otherName
    /// one letter wrong, missing, added, or two letters swapped (Damerau-Levenshtein 1)
    case typo
    /// the same Double Metaphone code (`Phonetic`)
    case phonetic
    /// Jaro-Winkler at least 0.9
    case similar
    case different
}

public enum FamilyNameLevel: String, CaseIterable, Sendable {
    case exact
    /// one part of a double-barrelled surname, or one of the other's other (previous) names
    case otherName
    case typo
    case phonetic
    case similar
    case different
}

public enum DateLevel: String, CaseIterable, Sendable {
    case exact
    /// day and month the other way round (4 July / 7 April)
    case dayMonthSwapped
    /// one digit of YYYYMMDD wrong, or two adjacent digits swapped
    case oneDigit
    /// within 31 days
    case withinMonth
    /// within 366 days
    case withinYear
    case different
}

/// A date of birth against a range (a year of birth, an age range).
public enum RangeLevel: String, CaseIterable, Sendable {
    case inRange
    /// within a year either side of the range
    case nearRange
    case outside
}

public enum AddressLevel: String, CaseIterable, Sendable {
    /// same postcode (or one side has none) and the same house number and street
    case sameAddress
    case samePostcode
    /// same house number and street, with no postcode on one side to confirm it
    case sameLine
    /// same outward code and first digit of the inward code ("SO23 8")
    case sameSector
    /// same outward code ("SO23")
    case sameDistrict
    case different
}

public enum SexLevel: String, CaseIterable, Sendable { case same, different }

/// The m and u probabilities of one comparison level.
///
/// m: how often the level is seen when the two records are the same person. u: how often it is
/// seen when they are two different people chosen at random. The level's Bayes factor is m / u
/// and its match weight log2(m / u).
public struct LevelParameters: Sendable, Codable, Equatable {
    public var level: String
    public var m: Double
    public var u: Double

    public init(level: String, m: Double, u: Double) {
        self.level = level
        self.m = m
        self.u = u
    }

    public var weight: Double { log2(m / u) }
}

public struct FieldParameters: Sendable, Codable, Equatable {
    public var levels: [LevelParameters]

    public init(_ field: MatchField, m: [Double], u: [Double]) {
        precondition(m.count == field.levels.count && u.count == field.levels.count)
        levels = zip(field.levels, zip(m, u)).map { LevelParameters(level: $0, m: $1.0, u: $1.1) }
    }

    public var m: [Double] {
        get { levels.map(\.m) }
        set { for i in levels.indices { levels[i].m = newValue[i] } }
    }

    public var u: [Double] {
        get { levels.map(\.u) }
        set { for i in levels.indices { levels[i].u = newValue[i] } }
    }
}

/// Where the bands start, as probabilities that the candidate is the person searched for.
public struct MatchThresholds: Sendable, Codable, Equatable {
    /// `certain` from this match probability up.
    public var certain: Double
    /// `likely` from this match probability up.
    public var likely: Double
    /// A candidate below `likely` is still shown (as `possible`) when its probability reaches this…
    public var possible: Double
    /// …or when the fields alone (without the prior) make it this many times (log2) more likely to
    /// be the person than a random record: so a search by name alone still finds people.
    public var minimumEvidence: Double

    public init(certain: Double = 0.99, likely: Double = 0.9, possible: Double = 0.5, minimumEvidence: Double = 9) {
        self.certain = certain
        self.likely = likely
        self.possible = possible
        self.minimumEvidence = minimumEvidence
    }
}

/// A probabilistic record-linkage model in the Fellegi-Sunter tradition (as Splink implements it).
///
/// Each field is compared at one of a few levels; each level has an m and a u probability; the match
/// weight of a candidate is the log2 prior odds plus the sum of log2(m / u) over the fields both
/// records have. Exact name agreements are term-frequency adjusted: u becomes the share of people
/// with that name, so "Smith" counts for less than "Featherstonehaugh". The weight is turned into a
/// match probability and a band. See docs/matching.md.
public struct MatchModel: Sendable, Codable, Equatable {
    public var nhsNumber: FieldParameters
    public var upn: FieldParameters
    public var givenName: FieldParameters
    public var familyName: FieldParameters
    public var dateOfBirth: FieldParameters
    /// Only m is used: u is worked out per query from how much of the population the range covers.
    public var birthRange: FieldParameters
    public var address: FieldParameters
    public var sex: FieldParameters
    /// u for the date-of-birth levels when the two records share a postcode: children of one
    /// household, among whom the same date of birth (twins) is far more common than between
    /// strangers. Without it, a twin would be taken for their brother or sister.
    public var dateOfBirthInHousehold: [Double]
    /// How many other records share a record's surname and address (`[0]`) or its surname and
    /// postcode but not a known address line (`[1]`): its brothers and sisters, mostly. When two
    /// records agree on surname and address, u of the two together is this over the population,
    /// not u(surname) × u(address): brothers and sisters are not strangers who happen to share both.
    public var householdMates: [Double]
    /// How many people the searched records describe: the prior odds that a record is the person
    /// searched for are 1 : (populationSize − 1).
    public var populationSize: Int
    /// The share of records carrying an NHS number or UPN that belongs to someone else (a sibling's,
    /// a parent's). u for an exact identifier is this over `populationSize`.
    public var identifierErrorRate: Double
    /// Years of birth the population spans (for the u of a year or age range when no frequencies are given).
    public var birthYearSpan: Double
    public var thresholds: MatchThresholds

    public init(
        nhsNumber: FieldParameters, upn: FieldParameters, givenName: FieldParameters, familyName: FieldParameters,
        dateOfBirth: FieldParameters, birthRange: FieldParameters, address: FieldParameters, sex: FieldParameters,
        dateOfBirthInHousehold: [Double], householdMates: [Double], populationSize: Int, identifierErrorRate: Double, birthYearSpan: Double,
        thresholds: MatchThresholds
    ) {
        self.nhsNumber = nhsNumber
        self.upn = upn
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.birthRange = birthRange
        self.address = address
        self.sex = sex
        self.dateOfBirthInHousehold = dateOfBirthInHousehold
        self.householdMates = householdMates
        self.populationSize = populationSize
        self.identifierErrorRate = identifierErrorRate
        self.birthYearSpan = birthYearSpan
        self.thresholds = thresholds
    }

    /// Defaults for the records of a children's services front door of about 100,000 people aged
    /// 0-17: m from the error rates seen in such records, u from UK name and date distributions.
    /// Re-estimate from your own records with `estimate(from:)` (or at least call
    /// `withPopulation(_:)`). The values are tabled in docs/matching.md.
    public static let standard: MatchModel = {
        let size = 100_000
        let idError = 0.002
        let idU = idError / Double(size)
        return MatchModel(
            nhsNumber: FieldParameters(.nhsNumber, m: [0.985, 0.015], u: [idU, 1 - idU]),
            upn: FieldParameters(.upn, m: [0.98, 0.02], u: [idU, 1 - idU]),
            givenName: FieldParameters(
                .givenName,
                m: [0.86, 0.06, 0.01, 0.03, 0.015, 0.01, 0.015],
                u: [0.008, 0.002, 0.001, 0.003, 0.004, 0.01, 0.972]),
            familyName: FieldParameters(
                .familyName,
                m: [0.85, 0.02, 0.03, 0.01, 0.01, 0.08],
                u: [0.003, 0.0005, 0.001, 0.003, 0.005, 0.9875]),
            dateOfBirth: FieldParameters(
                .dateOfBirth,
                m: [0.9, 0.02, 0.03, 0.015, 0.015, 0.02],
                u: [0.00015, 0.00005, 0.0015, 0.009, 0.1, 0.88930]),
            birthRange: FieldParameters(.birthRange, m: [0.95, 0.035, 0.015], u: [0.1, 0.1, 0.8]),
            address: FieldParameters(
                .address,
                m: [0.55, 0.1, 0.02, 0.05, 0.08, 0.2],
                u: [0.00001, 0.00005, 0.00005, 0.002, 0.02, 0.97789]),
            sex: FieldParameters(.sex, m: [0.985, 0.015], u: [0.5, 0.5]),
            dateOfBirthInHousehold: [0.03, 0.001, 0.01, 0.005, 0.06, 0.894],
            householdMates: [0.8, 0.2],
            populationSize: size,
            identifierErrorRate: idError,
            birthYearSpan: 18,
            thresholds: MatchThresholds())
    }()

    /// The same model for records of `size` people: sets the prior, and scales u of an exact NHS
    /// number or UPN (a wrongly recorded number is shared with about one of `size` people).
    public func withPopulation(_ size: Int) -> MatchModel {
        var model = self
        model.populationSize = max(2, size)
        let idU = identifierErrorRate / Double(model.populationSize)
        model.nhsNumber.u = [idU, 1 - idU]
        model.upn.u = [idU, 1 - idU]
        return model
    }

    /// The prior probability that a record is the person searched for.
    public var prior: Double { 1 / Double(max(2, populationSize)) }

    /// log2 of the prior odds.
    public var priorWeight: Double { log2(prior / (1 - prior)) }

    public func parameters(_ field: MatchField) -> FieldParameters {
        switch field {
        case .nhsNumber: nhsNumber
        case .upn: upn
        case .givenName: givenName
        case .familyName: familyName
        case .dateOfBirth: dateOfBirth
        case .birthRange: birthRange
        case .address: address
        case .sex: sex
        }
    }

    public mutating func setParameters(_ field: MatchField, _ value: FieldParameters) {
        switch field {
        case .nhsNumber: nhsNumber = value
        case .upn: upn = value
        case .givenName: givenName = value
        case .familyName: familyName = value
        case .dateOfBirth: dateOfBirth = value
        case .birthRange: birthRange = value
        case .address: address = value
        case .sex: sex = value
        }
    }

    /// The probability that a candidate of this match weight is the person.
    public static func probability(weight: Double) -> Double {
        1 / (1 + exp2(-weight))
    }

    public func band(probability: Double) -> MatchBand {
        if probability >= thresholds.certain { return .certain }
        if probability >= thresholds.likely { return .likely }
        return .possible
    }
}
