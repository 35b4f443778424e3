import Foundation

/// How one field compared: the level, its match weight (log2 Bayes factor) and the reason in words.
public struct FieldComparison: Sendable, Equatable {
    public let field: MatchField
    public let level: String
    public let weight: Double
    public let reason: String
}

/// The full result of comparing a query with a candidate.
public struct MatchResult: Sendable, Equatable {
    /// The match weight in bits: the log2 prior odds plus the field weights. This is the score.
    public let weight: Double
    /// The field weights alone (how much more likely the candidate is than a random record).
    public let evidence: Double
    /// The probability that the candidate is the person searched for.
    public let probability: Double
    public let band: MatchBand
    /// True when the candidate should be shown: probability at least `thresholds.possible`, or
    /// field evidence at least `thresholds.minimumEvidence` bits.
    public let isPlausible: Bool
    public let fields: [FieldComparison]

    /// Plain English, the identifiers first, then names, date of birth, address, sex.
    public var reasons: [String] { fields.map(\.reason) }

    public var personMatch: PersonMatch {
        PersonMatch(score: (weight * 100).rounded() / 100, band: band, reasons: reasons)
    }
}

extension MatchModel {
    /// Compares a query with a candidate record: the match weight as score, the band, and the
    /// reasons ("same date of birth", "surname sounds alike", "same postcode").
    ///
    /// Pass the frequencies of the population searched to weigh exact name agreements by how common
    /// the name is; without them the model's average u is used.
    public func compare(_ query: PersonQuery, _ candidate: PersonDetails, frequencies: NameFrequencies?) -> PersonMatch {
        evaluate(MatchQuery(query), candidate, frequencies: frequencies).personMatch
    }

    public func compare(_ query: MatchQuery, _ candidate: PersonDetails, frequencies: NameFrequencies?) -> PersonMatch {
        evaluate(query, candidate, frequencies: frequencies).personMatch
    }

    /// Everything about the comparison, field by field.
    public func evaluate(_ query: MatchQuery, _ candidate: PersonDetails, frequencies: NameFrequencies?) -> MatchResult {
        evaluate(MatchRecord(query), MatchRecord(candidate), frequencies: frequencies)
    }

    /// The same as `evaluate(_:_:frequencies:)` with the query prepared once, for scoring many
    /// candidates against one query.
    public func evaluate(_ query: PreparedQuery, _ candidate: PersonDetails, frequencies: NameFrequencies?) -> MatchResult {
        evaluate(query.record, MatchRecord(candidate, address: query.record.line != nil), frequencies: frequencies)
    }

    func evaluate(_ q: MatchRecord, _ c: MatchRecord, frequencies: NameFrequencies?) -> MatchResult {
        let comparison = Comparison.compare(q, c)
        let weights = fieldWeights(comparison, frequencies: frequencies)
        var fields: [FieldComparison] = []
        var evidence = 0.0
        for field in MatchField.allCases {
            guard let level = comparison[field], let weight = weights[field.ordinal] else { continue }
            evidence += weight
            fields.append(
                FieldComparison(
                    field: field, level: field.levels[level], weight: weight,
                    reason: Self.reason(field, level, comparison, q, c)))
        }
        let weight = priorWeight + evidence
        let probability = Self.probability(weight: weight)
        return MatchResult(
            weight: weight, evidence: evidence, probability: probability, band: band(probability: probability),
            isPlausible: probability >= thresholds.possible || evidence >= thresholds.minimumEvidence, fields: fields)
    }

    /// The match weight of each field compared (nil where not compared), indexed by
    /// `MatchField.allCases`; `m` replaces the model's m (for expectation-maximisation).
    ///
    /// Fields are independent given match or non-match, except within a household: when two
    /// records share an address and no first name tells them apart, surname and address agree
    /// together about as often as records of one household do (`householdMates`), and the date of
    /// birth is compared against brothers' and sisters' (`dateOfBirthInHousehold`, for twins).
    /// Each adjustment takes away at most the weight of the field that brought it in (the surname
    /// for the address, the address for the date of birth), so a field that agrees never lowers
    /// the score.
    func fieldWeights(_ c: Comparison, m: [[Double]]? = nil, frequencies: NameFrequencies?) -> [Double?] {
        var weights = [Double?](repeating: nil, count: MatchField.allCases.count)
        for field in MatchField.allCases {
            guard let level = c[field] else { continue }
            let (pm, pu) = probabilities(field, level, c, m: m?[field.ordinal] ?? parameters(field).m, frequencies: frequencies)
            weights[field.ordinal] = log2(pm / pu)
        }
        guard c.householdApplies, let addressLevel = c[.address], var address = weights[MatchField.address.ordinal] else {
            return weights
        }
        if c.familyAgrees, let familyLevel = c[.familyName], let family = weights[MatchField.familyName.ordinal], householdMates.count == 2 {
            let ms = m?[MatchField.address.ordinal] ?? self.address.m
            let (pm, pu) = probabilities(.address, addressLevel, c, m: ms, frequencies: frequencies)
            let mates: Double
            switch AddressLevel.allCases[addressLevel] {
            case .sameAddress, .sameLine: mates = householdMates[0]
            case .samePostcode: mates = c.linesCompared ? householdMates[1] : householdMates[0] + householdMates[1]
            default: mates = 0
            }
            let joint = mates / Double(max(1, populationSize - 1))
            let familyU = probabilities(.familyName, familyLevel, c, m: m?[MatchField.familyName.ordinal] ?? familyName.m, frequencies: frequencies).1
            let conditional = log2(pm / min(1, max(pu, joint / familyU)))
            address = min(address, max(conditional, 0, address - family))
            weights[MatchField.address.ordinal] = address
        }
        if let dateLevel = c[.dateOfBirth], let date = weights[MatchField.dateOfBirth.ordinal],
           dateOfBirthInHousehold.count == DateLevel.allCases.count
        {
            let ms = m?[MatchField.dateOfBirth.ordinal] ?? dateOfBirth.m
            let (pm, pu) = probabilities(.dateOfBirth, dateLevel, c, m: ms, frequencies: frequencies, household: true)
            weights[MatchField.dateOfBirth.ordinal] = min(date, max(log2(pm / pu), date - max(0, address)))
        }
        return weights
    }

    /// m and u for one field at one level of a comparison, after the adjustments: term frequency
    /// for exact names, merged address levels when there were no address lines to compare, the
    /// coverage of a birth range, and (`household`) the u of dates of birth among brothers and sisters.
    func probabilities(
        _ field: MatchField, _ level: Int, _ c: Comparison, m ms: [Double], frequencies: NameFrequencies?, household: Bool = false
    ) -> (Double, Double) {
        let us = parameters(field).u
        var m = ms[level]
        var u = us[level]
        switch field {
        case .givenName where level == GivenNameLevel.exact.ordinal:
            if let frequencies, let name = c.givenFolded {
                u = min(m, termFrequency(frequencies.givenNameShare(folded: name), frequencies))
            }
        case .familyName where level == FamilyNameLevel.exact.ordinal:
            if let frequencies, let name = c.familyFolded {
                u = min(m, termFrequency(frequencies.familyNameShare(folded: name), frequencies))
            }
        case .dateOfBirth:
            if household, dateOfBirthInHousehold.count == us.count { u = dateOfBirthInHousehold[level] }
        case .address:
            if level == AddressLevel.samePostcode.ordinal && !c.linesCompared {
                m += ms[AddressLevel.sameAddress.ordinal]
                u += us[AddressLevel.sameAddress.ordinal]
            }
        case .birthRange:
            if let range = c.range {
                let inside = coverage(range, frequencies)
                let near = max(0, coverage(widened(range), frequencies) - inside)
                switch RangeLevel.allCases[level] {
                case .inRange: u = inside
                case .nearRange: u = near
                case .outside: u = 1 - inside - near
                }
            }
        default:
            break
        }
        let floor = 1e-12
        m = max(m, floor)
        u = min(1, max(u, floor))
        // Agreement is never evidence against, disagreement never evidence for, and no partial
        // agreement counts for less than disagreement.
        let last = us.count - 1
        if level == 0 { u = min(u, m) }
        if level == last { u = max(u, m) }
        if level > 0 && level < last {
            let disagreement = min(0, log2(max(ms[last], floor) / max(us[last], floor)))
            if log2(m / u) < disagreement { m = u * exp2(disagreement) }
        }
        return (m, u)
    }

    private func termFrequency(_ share: Double, _ frequencies: NameFrequencies) -> Double {
        max(share, 1 / Double(max(1, frequencies.population)))
    }

    /// The share of people born in the range: from the birth years counted, else evenly spread.
    private func coverage(_ range: BirthRange, _ frequencies: NameFrequencies?) -> Double {
        if range.kind == .year, let frequencies, frequencies.hasBirthYears {
            return max(frequencies.birthYearShare(range.years), 0.5 / Double(max(1, frequencies.population)))
        }
        return min(1, Double(range.days) / (birthYearSpan * 365.25))
    }

    private func widened(_ range: BirthRange) -> BirthRange {
        if range.kind == .year, let before = BirthRange.year(range.earliest.year - 1),
           let after = BirthRange.year(range.latest.year + 1),
           let wide = BirthRange(earliest: before.earliest, latest: after.latest, kind: .year)
        {
            return wide
        }
        return BirthRange(earliest: range.earliest.addingDays(-366), latest: range.latest.addingDays(366), kind: range.kind) ?? range
    }

    static func reason(_ field: MatchField, _ level: Int, _ c: Comparison, _ q: MatchRecord, _ r: MatchRecord) -> String {
        switch field {
        case .nhsNumber:
            return level == 0 ? "same NHS number" : "different NHS number"
        case .upn:
            return level == 0 ? "same UPN" : "different UPN"
        case .givenName:
            if c.namesSwapped && level == 0 { return "first name and surname the other way round" }
            switch GivenNameLevel.allCases[level] {
            case .exact: return "same first name"
            case .variant:
                let asked = (c.namesSwapped ? q.family : q.given)?.text ?? "", theirs = r.given?.text ?? ""
                return "first name a known variant (\(asked), \(theirs))"
            case .otherName: return "first name matches one of their other names"
            case .typo: return "first name one letter different"
            case .phonetic: return "first name sounds alike"
            case .similar: return "first name spelt similarly"
            case .different: return "different first name"
            }
        case .familyName:
            if c.namesSwapped && level == 0 { return "surname and first name the other way round" }
            switch FamilyNameLevel.allCases[level] {
            case .exact: return "same surname"
            case .otherName: return "surname matches part of their surname or another name they use"
            case .typo: return "surname one letter different"
            case .phonetic: return "surname sounds alike"
            case .similar: return "surname spelt similarly"
            case .different: return "different surname"
            }
        case .dateOfBirth:
            switch DateLevel.allCases[level] {
            case .exact: return "same date of birth"
            case .dayMonthSwapped: return "date of birth with day and month swapped"
            case .oneDigit: return "date of birth one digit different"
            case .withinMonth: return "date of birth within a month"
            case .withinYear: return "date of birth within a year"
            case .different: return "different date of birth"
            }
        case .birthRange:
            let kind = c.range?.kind ?? .dates
            switch (RangeLevel.allCases[level], kind) {
            case (.inRange, .year): return "same year of birth"
            case (.inRange, .age): return "age in the range given"
            case (.inRange, .dates): return "born between the dates given"
            case (.nearRange, .year): return "year of birth one out"
            case (.nearRange, _): return "age within a year of the range given"
            case (.outside, .year): return "different year of birth"
            case (.outside, _): return "age outside the range given"
            }
        case .address:
            switch AddressLevel.allCases[level] {
            case .sameAddress: return "same address"
            case .samePostcode: return "same postcode"
            case .sameLine: return "same house number and street"
            case .sameSector: return "same postcode sector"
            case .sameDistrict: return "same postcode district"
            case .different: return "different postcode"
            }
        case .sex:
            return level == 0 ? "same sex" : "different sex"
        }
    }
}
