import Foundation

/// A name with everything the comparisons need worked out once.
struct PreparedName: Sendable, Equatable {
    let text: String
    let folded: String
    let chars: [Character]
    let primary: String
    let alternate: String
    /// The variant groups, or the folded name itself when it is in none.
    let groups: Set<String>
    /// The variant groups only.
    let variantGroups: Set<String>
    let parts: [String]

    init?(_ text: String?) {
        guard let text else { return nil }
        let folded = NameText.fold(text)
        guard !folded.isEmpty else { return nil }
        self.text = text
        self.folded = folded
        chars = Array(folded)
        let codes = Phonetic.codes(text)
        primary = codes.primary.isEmpty ? folded.uppercased() : codes.primary
        alternate = codes.alternate.isEmpty ? primary : codes.alternate
        variantGroups = NameVariants.groups(of: text)
        groups = variantGroups.isEmpty ? [folded] : variantGroups
        let split = NameText.parts(text)
        parts = split.isEmpty ? [folded] : split
    }

    /// The same as `init`, remembered: a search scores hundreds of candidates whose names repeat
    /// (folding, phonetic codes and variant groups cost more than the comparison itself).
    static func cached(_ text: String?) -> PreparedName? {
        guard let text else { return nil }
        return PreparedNameCache.shared.name(text)
    }

    func soundsLike(_ other: PreparedName) -> Bool {
        primary == other.primary || primary == other.alternate || alternate == other.primary || alternate == other.alternate
    }

    /// Keys for blocking: the primary phonetic code and each variant group ("=catherine").
    var givenKeys: [String] {
        var keys = [primary]
        for group in variantGroups.sorted() { keys.append("=" + group) }
        return keys
    }
}

/// Prepared names by their text, bounded: when full it starts again (names follow a steep
/// frequency curve, so the common ones return at once).
final class PreparedNameCache: @unchecked Sendable {
    static let shared = PreparedNameCache(capacity: 100_000)
    private let capacity: Int
    private let lock = NSLock()
    private var names: [String: PreparedName?] = [:]

    init(capacity: Int) { self.capacity = capacity }

    func name(_ text: String) -> PreparedName? {
        lock.lock()
        if let known = names[text] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let prepared = PreparedName(text)
        lock.lock()
        if names.count >= capacity { names.removeAll(keepingCapacity: true) }
        names[text] = prepared
        lock.unlock()
        return prepared
    }
}

/// The first line of an address reduced to what identifies it: the house number and the street
/// ("12a Station Rd." → "12a station road"). Flats and named houses keep all their words.
struct AddressLine: Sendable, Equatable, Hashable {
    let key: String

    static let abbreviations: [String: String] = [
        "rd": "road", "st": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close", "cres": "crescent",
        "ct": "court", "dr": "drive", "gdns": "gardens", "gr": "grove", "gro": "grove", "pl": "place", "sq": "square",
        "ter": "terrace", "terr": "terrace", "wk": "walk", "hse": "house", "ho": "house", "pk": "park", "mt": "mount",
    ]

    init?(_ text: String?) {
        guard let text else { return nil }
        let first = text.split(separator: "\n").first.map(String.init) ?? text
        let lowered = first.lowercased().folding(options: .diacriticInsensitive, locale: nil)
        let words = lowered.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        guard !words.isEmpty else { return nil }
        let expanded = words.map { Self.abbreviations[$0] ?? $0 }
        key = expanded.joined(separator: " ")
    }
}

/// A record (or query) prepared for comparison.
struct MatchRecord: Sendable {
    let given: PreparedName?
    let family: PreparedName?
    let others: [PreparedName]
    let dateOfBirth: LocalDate?
    let dateDigits: [UInt8]
    let bornBetween: BirthRange?
    let sex: Sex?
    let nhsNumber: NHSNumber?
    let upn: UPN?
    let postcode: Postcode?
    let sector: String?
    let district: String?
    let line: AddressLine?

    /// `address: false` leaves the address line out (a query without one never compares it).
    init(_ query: MatchQuery) {
        self.init(query, address: true)
    }

    init(_ query: MatchQuery, address: Bool) {
        given = PreparedName.cached(query.givenName)
        family = PreparedName.cached(query.familyName)
        others = query.otherNames.compactMap(PreparedName.cached)
        dateOfBirth = query.dateOfBirth
        dateDigits = query.dateOfBirth.map(Self.digits) ?? []
        bornBetween = query.dateOfBirth == nil ? query.bornBetween : nil
        sex = query.sex == .unknown ? nil : query.sex
        nhsNumber = query.nhsNumber
        upn = query.upn
        postcode = query.postcode
        if let postcode {
            district = postcode.outward
            let inward = postcode.value.split(separator: " ").last.map(String.init) ?? ""
            sector = postcode.outward + " " + String(inward.prefix(1))
        } else {
            district = nil
            sector = nil
        }
        line = address ? AddressLine(query.address) : nil
    }

    init(_ person: PersonDetails) {
        self.init(MatchQuery(person), address: true)
    }

    init(_ person: PersonDetails, address: Bool) {
        self.init(MatchQuery(person), address: address)
    }

    static func digits(_ date: LocalDate) -> [UInt8] {
        Array(date.iso.utf8.filter { $0 != UInt8(ascii: "-") })
    }

    /// The names a person may go by as a surname: the surname, its parts, their other names.
    var familyForms: [PreparedName] {
        guard let family else { return [] }
        var forms = [family]
        if family.parts.count > 1 { forms += family.parts.compactMap(PreparedName.cached) }
        forms += others
        return forms
    }

    /// The names a person may go by as a first name: the first name and their other names.
    var givenForms: [PreparedName] {
        guard let given else { return [] }
        return [given] + others
    }
}

/// How two records compare: a level per field (nil where one of them lacks it), with what the
/// weights need besides.
struct Comparison: Sendable, Equatable {
    var levels: [Int?] = Array(repeating: nil, count: MatchField.allCases.count)
    /// Both had an address line, so "same postcode" means the lines differ.
    var linesCompared = false
    /// The query's first name and surname are the candidate's the other way round.
    var namesSwapped = false
    /// The candidate's folded names, for term frequencies.
    var givenFolded: String?
    var familyFolded: String?
    var range: BirthRange?

    subscript(field: MatchField) -> Int? {
        get { levels[field.ordinal] }
        set { levels[field.ordinal] = newValue }
    }

    /// The first names agree as one child's names do (exactly, as variants or by another name);
    /// brothers and sisters do not share first names.
    var givenAgrees: Bool {
        guard let given = self[.givenName] else { return false }
        return given <= GivenNameLevel.otherName.ordinal
    }

    /// Household adjustments apply: a shared address, and no first name to tell brothers and
    /// sisters apart.
    var householdApplies: Bool { sharesAddress && !givenAgrees }

    /// The records may be of one home: the same address, or the same postcode with no address
    /// lines to tell houses apart (the same postcode with different lines is a neighbour).
    var sharesAddress: Bool {
        guard let address = self[.address] else { return false }
        switch AddressLevel.allCases[address] {
        case .sameAddress, .sameLine: return true
        case .samePostcode: return !linesCompared
        default: return false
        }
    }

    /// The surnames agree as brothers' and sisters' do: exactly, or by another name they use.
    var familyAgrees: Bool {
        guard let family = self[.familyName] else { return false }
        return family <= FamilyNameLevel.otherName.ordinal
    }

    static func compare(_ q: MatchRecord, _ c: MatchRecord) -> Comparison {
        var result = Comparison()
        if let a = q.nhsNumber, let b = c.nhsNumber {
            result[.nhsNumber] = (a == b ? IdentifierLevel.exact : .different).ordinal
        }
        if let a = q.upn, let b = c.upn {
            result[.upn] = (a == b ? IdentifierLevel.exact : .different).ordinal
        }
        var qGiven = q.given, qFamily = q.family
        if let g = q.given, let f = q.family, let cg = c.given, let cf = c.family,
           g.folded != cg.folded, g.folded == cf.folded, f.folded == cg.folded
        {
            qGiven = f
            qFamily = g
            result.namesSwapped = true
        }
        if let a = qGiven, let b = c.given {
            result[.givenName] = givenLevel(a, b, q.others, c.others).ordinal
            result.givenFolded = b.folded
        }
        if let a = qFamily, let b = c.family {
            result[.familyName] = familyLevel(a, b, q.others, c.others).ordinal
            result.familyFolded = b.folded
        }
        if let a = q.dateOfBirth, let b = c.dateOfBirth {
            result[.dateOfBirth] = dateLevel(a, b, q.dateDigits, c.dateDigits).ordinal
        } else if let range = q.bornBetween ?? c.bornBetween, let b = q.dateOfBirth ?? c.dateOfBirth {
            let distance = range.distance(to: b)
            result[.birthRange] = (distance == 0 ? RangeLevel.inRange : distance <= 366 ? .nearRange : .outside).ordinal
            result.range = range
        }
        if let level = addressLevel(q, c, &result.linesCompared) {
            result[.address] = level.ordinal
        }
        if let a = q.sex, let b = c.sex {
            result[.sex] = (a == b ? SexLevel.same : .different).ordinal
        }
        return result
    }

    static func givenLevel(_ a: PreparedName, _ b: PreparedName, _ aOthers: [PreparedName], _ bOthers: [PreparedName]) -> GivenNameLevel {
        if a.folded == b.folded { return .exact }
        if !a.groups.isDisjoint(with: b.groups) { return .variant }
        if a.parts.count == 1 && b.parts.count == 1 && aOthers.isEmpty && bOthers.isEmpty {
            return spelling(a, b, typo: .typo, phonetic: .phonetic, similar: .similar) ?? .different
        }
        let bNames = Set(b.parts + bOthers.map(\.folded))
        let aNames = Set(a.parts + aOthers.map(\.folded))
        if !Set(a.parts).isDisjoint(with: bNames) || !Set(b.parts).isDisjoint(with: aNames) { return .otherName }
        return spelling(a, b, typo: .typo, phonetic: .phonetic, similar: .similar) ?? .different
    }

    static func familyLevel(_ a: PreparedName, _ b: PreparedName, _ aOthers: [PreparedName], _ bOthers: [PreparedName]) -> FamilyNameLevel {
        if a.folded == b.folded { return .exact }
        if a.parts.count == 1 && b.parts.count == 1 && aOthers.isEmpty && bOthers.isEmpty {
            return spelling(a, b, typo: .typo, phonetic: .phonetic, similar: .similar) ?? .different
        }
        let bNames = Set(b.parts + bOthers.map(\.folded) + [b.folded])
        let aNames = Set(a.parts + aOthers.map(\.folded) + [a.folded])
        if !Set(a.parts + [a.folded]).isDisjoint(with: bNames) || !Set(b.parts + [b.folded]).isDisjoint(with: aNames) {
            return .otherName
        }
        return spelling(a, b, typo: .typo, phonetic: .phonetic, similar: .similar) ?? .different
    }

    private static func spelling<L>(_ a: PreparedName, _ b: PreparedName, typo: L, phonetic: L, similar: L) -> L? {
        if min(a.chars.count, b.chars.count) >= 3, StringSimilarity.withinOneEdit(a.chars, b.chars) { return typo }
        if a.soundsLike(b) { return phonetic }
        if StringSimilarity.jaroWinkler(a.folded, b.folded) >= 0.9 { return similar }
        return nil
    }

    static func dateLevel(_ a: LocalDate, _ b: LocalDate, _ aDigits: [UInt8], _ bDigits: [UInt8]) -> DateLevel {
        if a == b { return .exact }
        if a.year == b.year, a.month == b.day, a.day == b.month { return .dayMonthSwapped }
        if StringSimilarity.withinOneEdit(aDigits, bDigits) { return .oneDigit }
        let days = abs(a.dayNumber - b.dayNumber)
        if days <= 31 { return .withinMonth }
        if days <= 366 { return .withinYear }
        return .different
    }

    static func addressLevel(_ q: MatchRecord, _ c: MatchRecord, _ linesCompared: inout Bool) -> AddressLevel? {
        let lines: Bool? = if let a = q.line, let b = c.line { a == b } else { nil }
        linesCompared = lines != nil
        if let a = q.postcode, let b = c.postcode {
            if a == b { return lines == true ? .sameAddress : .samePostcode }
            if q.sector == c.sector { return .sameSector }
            if q.district == c.district { return .sameDistrict }
            return .different
        }
        guard let lines else { return nil }
        return lines ? .sameLine : nil
    }
}

extension CaseIterable where Self: Equatable, AllCases.Index == Int {
    /// The level's position among the field's levels (0 = most alike).
    var ordinal: Int { Self.allCases.firstIndex(of: self)! }
}

/// A query with its names, date and address worked out once, for scoring many candidates
/// (`MatchModel.evaluate(_:_:frequencies:)`).
public struct PreparedQuery: Sendable {
    let record: MatchRecord

    public init(_ query: MatchQuery) {
        record = MatchRecord(query)
    }
}
