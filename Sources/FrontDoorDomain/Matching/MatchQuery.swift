import Foundation

/// Everything a search for a person can be given. `PersonQuery` converts to it; the extra fields are
/// the ones a caller often has instead of an exact date of birth or a postcode: a year of birth or
/// an age ("about 7"), an address without its postcode, the child's sex, other names they use.
public struct MatchQuery: Equatable, Sendable {
    public var givenName: String?
    public var familyName: String?
    /// Middle names, previous surnames, names the person is known by.
    public var otherNames: [String]
    public var dateOfBirth: LocalDate?
    /// When the exact date of birth is not known: the dates it lies between (a year, an age range).
    /// Ignored when `dateOfBirth` is given.
    public var bornBetween: BirthRange?
    public var sex: Sex?
    public var nhsNumber: NHSNumber?
    public var upn: UPN?
    public var postcode: Postcode?
    /// The first line of the address ("12 Station Road"); compared by house number and street.
    public var address: String?

    public init(
        givenName: String? = nil, familyName: String? = nil, otherNames: [String] = [], dateOfBirth: LocalDate? = nil,
        bornBetween: BirthRange? = nil, sex: Sex? = nil, nhsNumber: NHSNumber? = nil, upn: UPN? = nil,
        postcode: Postcode? = nil, address: String? = nil
    ) {
        self.givenName = Self.clean(givenName)
        self.familyName = Self.clean(familyName)
        self.otherNames = otherNames.compactMap(Self.clean)
        self.dateOfBirth = dateOfBirth
        self.bornBetween = bornBetween
        self.sex = sex == .unknown ? nil : sex
        self.nhsNumber = nhsNumber
        self.upn = upn
        self.postcode = postcode
        self.address = Self.clean(address)
    }

    public init(_ query: PersonQuery) {
        self.init(
            givenName: query.givenName, familyName: query.familyName, dateOfBirth: query.dateOfBirth,
            nhsNumber: query.nhsNumber, upn: query.upn, postcode: query.postcode)
    }

    /// A stored record used as a query (to look for duplicates, and to estimate the model).
    public init(_ person: PersonDetails) {
        self.init(
            givenName: person.givenName, familyName: person.familyName, otherNames: person.otherNames,
            dateOfBirth: person.dateOfBirth, sex: person.sex, nhsNumber: person.nhsNumber, upn: person.upn,
            postcode: person.postcode, address: person.address)
    }

    /// The fields `PersonQuery` can carry (the others are dropped).
    public var personQuery: PersonQuery {
        PersonQuery(
            givenName: givenName, familyName: familyName, dateOfBirth: dateOfBirth, postcode: postcode,
            nhsNumber: nhsNumber, upn: upn)
    }

    public var isEmpty: Bool {
        givenName == nil && familyName == nil && otherNames.isEmpty && dateOfBirth == nil && bornBetween == nil
            && nhsNumber == nil && upn == nil && postcode == nil && address == nil
    }

    /// The text without surrounding white space; nil when it holds neither a letter nor a digit.
    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        // Most text has nothing to trim: Foundation's trimming is skipped for it.
        let edges = [text.unicodeScalars.first, text.unicodeScalars.last].compactMap { $0 }
        let trimmed = edges.contains(where: { CharacterSet.whitespacesAndNewlines.contains($0) })
            ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        return NameText.fold(trimmed).isEmpty && !trimmed.contains(where: \.isNumber) ? nil : trimmed
    }
}

/// The dates a birth lies between, when only a year or an age is known.
public struct BirthRange: Equatable, Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable {
        /// "born in 2016"
        case year
        /// "aged 6 to 8" on a given day
        case age
        /// any other span of dates
        case dates
    }

    public let earliest: LocalDate
    public let latest: LocalDate
    public let kind: Kind

    public init?(earliest: LocalDate, latest: LocalDate, kind: Kind = .dates) {
        guard earliest <= latest else { return nil }
        self.earliest = earliest
        self.latest = latest
        self.kind = kind
    }

    /// Born in `year`.
    public static func year(_ year: Int) -> BirthRange? {
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return nil }
        return BirthRange(earliest: first, latest: last, kind: .year)
    }

    /// Aged between `years.lowerBound` and `years.upperBound` (whole years) on `date`.
    public static func age(_ years: ClosedRange<Int>, on date: LocalDate) -> BirthRange? {
        guard years.lowerBound >= 0, let latest = date.addingYears(-years.lowerBound),
              let before = date.addingYears(-(years.upperBound + 1))
        else { return nil }
        return BirthRange(earliest: before.addingDays(1), latest: latest, kind: .age)
    }

    public func contains(_ date: LocalDate) -> Bool { earliest <= date && date <= latest }

    /// Days from the range to `date` (0 inside it).
    public func distance(to date: LocalDate) -> Int {
        if date < earliest { return earliest.dayNumber - date.dayNumber }
        if date > latest { return date.dayNumber - latest.dayNumber }
        return 0
    }

    /// The calendar years the range touches.
    public var years: ClosedRange<Int> { earliest.year...latest.year }

    public var days: Int { latest.dayNumber - earliest.dayNumber + 1 }
}

extension LocalDate {
    /// The same day `years` later (earlier when negative); 29 February becomes 28 February.
    func addingYears(_ years: Int) -> LocalDate? {
        LocalDate(year: year + years, month: month, day: day) ?? LocalDate(year: year + years, month: month, day: day - 1)
    }

    func addingDays(_ days: Int) -> LocalDate {
        LocalDate(clampingDayNumber: dayNumber + days)
    }
}
