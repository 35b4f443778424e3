/// What a caller gave about the person they are worried about.
public struct PersonQuery: Equatable, Sendable {
    public var givenName: String?
    public var familyName: String?
    public var dateOfBirth: LocalDate?
    public var postcode: Postcode?
    public var nhsNumber: NHSNumber?
    public var upn: UPN?

    public init(givenName: String? = nil, familyName: String? = nil, dateOfBirth: LocalDate? = nil,
                postcode: Postcode? = nil, nhsNumber: NHSNumber? = nil, upn: UPN? = nil) {
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.postcode = postcode
        self.nhsNumber = nhsNumber
        self.upn = upn
    }

    public var isEmpty: Bool {
        givenName == nil && familyName == nil && dateOfBirth == nil && postcode == nil && nhsNumber == nil && upn == nil
    }
}

public enum MatchBand: String, Codable, Sendable, Comparable {
    case possible, likely, certain

    private var rank: Int {
        switch self {
        case .possible: 0
        case .likely: 1
        case .certain: 2
        }
    }

    public static func < (a: MatchBand, b: MatchBand) -> Bool { a.rank < b.rank }
}

public struct PersonMatch: Equatable, Sendable {
    public let score: Double
    public let band: MatchBand
    public let reasons: [String]
}

/// The simple rule-based matcher that the probabilistic `MatchModel` (which search uses) is
/// measured against in the quality tests: each field that agrees adds a fixed weight.
public enum PersonMatcher {
    public static func match(_ query: PersonQuery, _ person: PersonDetails) -> PersonMatch? {
        var score = 0.0
        var reasons: [String] = []
        func add(_ weight: Double, _ reason: String) {
            score += weight
            if weight > 0 { reasons.append(reason) }
        }
        if let nhs = query.nhsNumber, let theirs = person.nhsNumber {
            nhs == theirs ? add(12, "same NHS number") : add(-8, "different NHS number")
        }
        if let upn = query.upn, let theirs = person.upn {
            upn == theirs ? add(12, "same UPN") : add(-6, "different UPN")
        }
        if let dob = query.dateOfBirth, let theirs = person.dateOfBirth {
            if dob == theirs {
                add(5, "same date of birth")
            } else if dob.year == theirs.year, dob.month == theirs.day, dob.day == theirs.month {
                add(3, "date of birth with day and month swapped")
            } else if dob.year == theirs.year {
                add(1, "same year of birth")
            } else {
                add(-3, "different date of birth")
            }
        }
        if let family = query.familyName {
            let names = [person.familyName] + person.otherNames
            add(nameWeight(family, names, exact: 4, alike: 3), nameReason(family, names, "surname"))
        }
        if let given = query.givenName {
            let names = [person.givenName] + person.otherNames
            add(nameWeight(given, names, exact: 3, alike: 2), nameReason(given, names, "first name"))
        }
        if let postcode = query.postcode, let theirs = person.postcode {
            if postcode == theirs {
                add(2, "same postcode")
            } else if postcode.outward == theirs.outward {
                add(1, "same postcode district")
            }
        }
        let band: MatchBand
        switch score {
        case 12...: band = .certain
        case 7..<12: band = .likely
        case 3..<7: band = .possible
        default: return nil
        }
        return PersonMatch(score: score, band: band, reasons: reasons)
    }

    private static func nameWeight(_ wanted: String, _ names: [String], exact: Double, alike: Double) -> Double {
        let key = fold(wanted)
        if names.contains(where: { fold($0) == key }) { return exact }
        if names.contains(where: { soundex($0) == soundex(wanted) }) { return alike }
        return -1
    }

    private static func nameReason(_ wanted: String, _ names: [String], _ what: String) -> String {
        let key = fold(wanted)
        return names.contains(where: { fold($0) == key }) ? "same \(what)" : "\(what) sounds alike"
    }

    /// Lower case letters only, so "O'Brien" and "obrien" compare equal.
    public static func fold(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter })
    }

    /// American Soundex: the first letter and three digits for the consonant sounds that follow.
    public static func soundex(_ name: String) -> String {
        let letters = Array(fold(name).uppercased().filter { $0.isASCII })
        guard let first = letters.first else { return "" }
        func code(_ c: Character) -> Character? {
            switch c {
            case "B", "F", "P", "V": "1"
            case "C", "G", "J", "K", "Q", "S", "X", "Z": "2"
            case "D", "T": "3"
            case "L": "4"
            case "M", "N": "5"
            case "R": "6"
            default: nil
            }
        }
        var result = [first]
        var last = code(first)
        for c in letters.dropFirst() {
            let digit = code(c)
            if let digit, digit != last { result.append(digit) }
            // H and W do not separate letters with the same code; vowels do.
            if c != "H" && c != "W" { last = digit }
            if result.count == 4 { break }
        }
        while result.count < 4 { result.append("0") }
        return String(result)
    }
}
