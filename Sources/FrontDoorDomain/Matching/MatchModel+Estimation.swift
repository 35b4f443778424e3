import Foundation

/// Two records, by position in the list given to `MatchModel.estimate`.
public struct RecordPair: Sendable, Hashable {
    public let first: Int
    public let second: Int

    public init(_ first: Int, _ second: Int) {
        self.first = first
        self.second = second
    }
}

/// The record pairs expectation-maximisation learns m from.
public enum TrainingPairs: Sendable {
    /// As Splink does, two sessions over the records compared with each other: pairs sharing a
    /// date of birth (they teach m of every field but the date of birth), then pairs sharing a
    /// `name:` blocking key (they teach m of the date of birth, address, sex and identifiers).
    case blocked
    /// Pairs you chose, by the fields in `blockedOn` (whose m is left as it is: the pairs agree on
    /// them by construction, so they say nothing about how often true matches do).
    case given([RecordPair], blockedOn: Set<MatchField>)
}

/// What an estimation did, for logs and tests.
public struct EstimationReport: Sendable, Equatable {
    public var pairsByDateOfBirth = 0
    public var pairsByName = 0
    /// The share of training pairs EM took for matches, per session.
    public var matchShares: [Double] = []
    public var iterations: [Int] = []
}

extension MatchModel {
    /// Estimates a model from records of the population: u from value frequencies and random pairs
    /// (`estimatingU`), then m by expectation-maximisation over blocked pairs of the records,
    /// starting from `starting`. The records should contain the duplicates a real system has: EM
    /// learns how true matches differ from the pairs that are duplicates of one another.
    public static func estimate(
        from people: [PersonDetails], pairs: TrainingPairs = .blocked, iterations: Int = 25,
        starting: MatchModel = .standard, sampleSize: Int = 100_000, seed: UInt64 = 1
    ) -> MatchModel {
        estimateWithReport(from: people, pairs: pairs, iterations: iterations, starting: starting, sampleSize: sampleSize, seed: seed).model
    }

    public static func estimateWithReport(
        from people: [PersonDetails], pairs: TrainingPairs = .blocked, iterations: Int = 25,
        starting: MatchModel = .standard, sampleSize: Int = 100_000, seed: UInt64 = 1
    ) -> (model: MatchModel, report: EstimationReport) {
        var model = starting.estimatingU(from: people, sampleSize: sampleSize, seed: seed)
        var report = EstimationReport()
        let records = people.map(MatchRecord.init)
        let trainable: [MatchField] = [.nhsNumber, .upn, .givenName, .familyName, .dateOfBirth, .address, .sex]
        switch pairs {
        case .blocked:
            let byDate = Self.pairs(records, limit: 60) { r in r.dateOfBirth.map { ["dob:" + $0.iso] } ?? [] }
            let byName = Self.pairs(records, limit: 60) { r in
                Blocking.keys(record: r, asQuery: false).filter { $0.hasPrefix("name:") }
            }
            report.pairsByDateOfBirth = byDate.count
            report.pairsByName = byName.count
            let a = model.expectationMaximisation(records, byDate, fixed: [.dateOfBirth], iterations: iterations)
            let b = model.expectationMaximisation(records, byName, fixed: [.givenName, .familyName], iterations: iterations)
            report.matchShares = [a.lambda, b.lambda]
            report.iterations = [a.iterations, b.iterations]
            for field in trainable {
                var p = model.parameters(field)
                switch field {
                case .givenName, .familyName: p.m = a.m[field.ordinal]
                case .dateOfBirth: p.m = b.m[field.ordinal]
                default: p.m = zip(a.m[field.ordinal], b.m[field.ordinal]).map { ($0 + $1) / 2 }
                }
                model.setParameters(field, p)
            }
        case .given(let list, let blockedOn):
            let result = model.expectationMaximisation(records, list, fixed: blockedOn, iterations: iterations)
            report.matchShares = [result.lambda]
            report.iterations = [result.iterations]
            for field in trainable where !blockedOn.contains(field) {
                var p = model.parameters(field)
                p.m = result.m[field.ordinal]
                model.setParameters(field, p)
            }
        }
        return (model, report)
    }

    /// Pairs of records sharing a key; a key held by more than `limit` records gives pairs of
    /// neighbours in a fixed shuffle instead of all pairs.
    static func pairs(_ records: [MatchRecord], limit: Int, keys: (MatchRecord) -> [String]) -> [RecordPair] {
        var groups: [String: [Int]] = [:]
        for (i, record) in records.enumerated() {
            for key in keys(record) { groups[key, default: []].append(i) }
        }
        var seen = Set<RecordPair>()
        var result: [RecordPair] = []
        for key in groups.keys.sorted() {
            let members = groups[key]!
            guard members.count > 1 else { continue }
            if members.count <= limit {
                for x in 0..<members.count {
                    for y in (x + 1)..<members.count {
                        let pair = RecordPair(members[x], members[y])
                        if seen.insert(pair).inserted { result.append(pair) }
                    }
                }
            } else {
                for x in 0..<members.count {
                    for step in 1...limit / 2 {
                        let y = (x + step) % members.count
                        let pair = RecordPair(min(members[x], members[y]), max(members[x], members[y]))
                        if pair.first != pair.second, seen.insert(pair).inserted { result.append(pair) }
                    }
                }
            }
        }
        return result
    }

    /// EM with u fixed: m (for the fields not in `fixed`) and the share of matches among the pairs.
    func expectationMaximisation(
        _ records: [MatchRecord], _ pairs: [RecordPair], fixed: Set<MatchField>, iterations: Int
    ) -> (m: [[Double]], lambda: Double, iterations: Int) {
        var m = MatchField.allCases.map { parameters($0).m }
        let comparisons = pairs.map { Comparison.compare(records[$0.first], records[$0.second]) }
        guard !comparisons.isEmpty else { return (m, 0, 0) }
        let fields = MatchField.allCases.filter { !fixed.contains($0) && $0 != .birthRange }
        var lambda = 0.3
        var done = 0
        for iteration in 0..<iterations {
            var counts = MatchField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
            var matches = 0.0
            for c in comparisons {
                var logBF = 0.0
                let weights = fieldWeights(c, m: m, frequencies: nil)
                for field in fields {
                    if let weight = weights[field.ordinal] { logBF += weight }
                }
                let odds = lambda / (1 - lambda) * exp2(min(max(logBF, -200), 200))
                let p = odds / (1 + odds)
                matches += p
                for field in fields {
                    guard let level = c[field] else { continue }
                    if field == .address, level == AddressLevel.samePostcode.ordinal, !c.linesCompared {
                        // "same postcode" without lines is "same address" or "same postcode": split it.
                        let ms = m[field.ordinal]
                        let a = ms[AddressLevel.sameAddress.ordinal], b = ms[AddressLevel.samePostcode.ordinal]
                        let share = a + b > 0 ? a / (a + b) : 0.5
                        counts[field.ordinal][AddressLevel.sameAddress.ordinal] += p * share
                        counts[field.ordinal][level] += p * (1 - share)
                    } else {
                        counts[field.ordinal][level] += p
                    }
                }
            }
            var change = abs(matches / Double(comparisons.count) - lambda)
            lambda = min(max(matches / Double(comparisons.count), 1e-6), 1 - 1e-6)
            for field in fields {
                let total = counts[field.ordinal].reduce(0, +)
                guard total > 0.5 else { continue }
                let floor = 1e-3
                var next = counts[field.ordinal].map { max($0 / total, floor) }
                let sum = next.reduce(0, +)
                next = next.map { $0 / sum }
                change = max(change, zip(next, m[field.ordinal]).map { abs($0 - $1) }.max() ?? 0)
                m[field.ordinal] = next
            }
            done = iteration + 1
            if change < 1e-5 { break }
        }
        return (m, lambda, done)
    }

    /// The model with u estimated from the records, and the prior set for their number.
    ///
    /// Exact agreement, day-and-month swaps, one-digit date slips and the postcode levels are
    /// counted exactly from value frequencies (pairs of different records only); the other levels
    /// from `sampleSize` random pairs, steadied by 50 pseudo-pairs at this model's values. The
    /// household u of the date of birth comes from pairs of different records sharing a surname
    /// and postcode.
    public func estimatingU(from people: [PersonDetails], sampleSize: Int = 100_000, seed: UInt64 = 1) -> MatchModel {
        var model = withPopulation(people.count)
        let n = people.count
        guard n >= 2 else { return model }
        let records = people.map(MatchRecord.init)

        // Random pairs.
        var rng = SeededRandom(seed: seed)
        var counts = MatchField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
        for _ in 0..<sampleSize {
            let i = Int.random(in: 0..<n, using: &rng)
            var j = Int.random(in: 0..<(n - 1), using: &rng)
            if j >= i { j += 1 }
            let c = Comparison.compare(records[i], records[j])
            for field in MatchField.allCases {
                if let level = c[field] { counts[field.ordinal][level] += 1 }
            }
        }

        // Exact agreement from value frequencies: the chance that two different people's records
        // agree, leaving out pairs that look like one person recorded twice.
        var exact: [MatchField: [Int: Double]] = [:]
        exact[.givenName] = [
            GivenNameLevel.exact.ordinal: Self.agreement(records, ignoring: .givenName) { $0.given?.folded }
        ]
        exact[.familyName] = [
            FamilyNameLevel.exact.ordinal: Self.agreement(records, ignoring: .familyName) { $0.family?.folded }
        ]
        exact[.sex] = [SexLevel.same.ordinal: Self.agreement(records, ignoring: .sex, excludeDuplicates: false) { $0.sex }]
        let idFloor = identifierErrorRate / Double(n)
        exact[.nhsNumber] = [
            IdentifierLevel.exact.ordinal: max(idFloor, Self.agreement(records, ignoring: .nhsNumber) { $0.nhsNumber })
        ]
        exact[.upn] = [IdentifierLevel.exact.ordinal: max(idFloor, Self.agreement(records, ignoring: .upn) { $0.upn })]
        exact[.dateOfBirth] = dateAgreement(records)
        exact[.address] = Self.addressAgreement(records)

        for field in MatchField.allCases where field != .birthRange {
            var p = model.parameters(field)
            let prior = p.u
            let fixed = exact[field] ?? [:]
            // Same line (no postcode to compare) is not part of the postcode levels' partition.
            let partition = fixed.filter { !(field == .address && $0.key == AddressLevel.sameLine.ordinal) }
            let rest = max(0, 1 - partition.values.reduce(0, +))
            let free = (0..<prior.count).filter { fixed[$0] == nil }
            let strength = 50.0
            let sampled = counts[field.ordinal]
            let total = free.reduce(0.0) { $0 + sampled[$1] }
            let priorTotal = free.reduce(0.0) { $0 + prior[$1] }
            var u = prior
            for (level, value) in fixed { u[level] = value }
            for level in free {
                let smoothed = (sampled[level] + strength * prior[level] / max(priorTotal, 1e-12)) / (total + strength)
                u[level] = max(smoothed * rest, 1e-9)
            }
            p.u = u
            model.setParameters(field, p)
        }

        // Dates of birth among children sharing a postcode, and how many share a surname and an
        // address with each record: brothers and sisters, not one child recorded twice.
        var byPostcode: [String: [Int]] = [:]
        for (i, r) in records.enumerated() {
            if let postcode = r.postcode { byPostcode[postcode.value, default: []].append(i) }
        }
        var householdCounts = [Double](repeating: 0, count: DateLevel.allCases.count)
        var addressMates = 0.0, postcodeMates = 0.0
        for members in byPostcode.values where members.count > 1 {
            let group = members.count > 120 ? Array(members.prefix(120)) : members
            let scale = Double(members.count * (members.count - 1)) / Double(group.count * (group.count - 1))
            for x in 0..<group.count {
                for y in (x + 1)..<group.count {
                    let a = records[group[x]], b = records[group[y]]
                    let home = a.line == nil || b.line == nil || a.line == b.line
                    if home, let da = a.dateOfBirth, let db = b.dateOfBirth, !Self.probablySame(a, b, ignoring: .dateOfBirth) {
                        householdCounts[Comparison.dateLevel(da, db, a.dateDigits, b.dateDigits).ordinal] += 1
                    }
                    guard let fa = a.family?.folded, fa == b.family?.folded, !Self.probablySame(a, b, ignoring: .familyName) else { continue }
                    if let la = a.line, let lb = b.line {
                        if la == lb { addressMates += 2 * scale } else { postcodeMates += 2 * scale }
                    } else {
                        postcodeMates += 2 * scale
                    }
                }
            }
        }
        let householdTotal = householdCounts.reduce(0, +)
        let strength = 20.0
        model.dateOfBirthInHousehold = zip(householdCounts, dateOfBirthInHousehold).map { count, prior in
            (count + strength * prior) / (householdTotal + strength)
        }
        model.householdMates = [max(addressMates / Double(n), 1e-3), max(postcodeMates / Double(n), 1e-3)]

        // Years the population spans.
        let days = records.compactMap { $0.dateOfBirth?.dayNumber }
        if let first = days.min(), let last = days.max(), last > first {
            model.birthYearSpan = max(1, Double(last - first + 1) / 365.25)
        }
        return model
    }

    /// Exact, swapped and one-digit agreement of dates of birth, from the counts of each date.
    private func dateAgreement(_ records: [MatchRecord]) -> [Int: Double] {
        var tally: [LocalDate: Int] = [:]
        for case let date? in records.map(\.dateOfBirth) { tally[date, default: 0] += 1 }
        let present = Double(tally.values.reduce(0, +))
        guard present >= 2 else { return [:] }
        let pairs = present * (present - 1)
        var swapped = 0.0, oneDigit = 0.0
        for (date, count) in tally {
            let c = Double(count)
            if date.day <= 12, date.day != date.month, let other = LocalDate(year: date.year, month: date.day, day: date.month) {
                swapped += c * Double(tally[other] ?? 0)
            }
            let digits = MatchRecord.digits(date)
            for neighbour in Self.oneEditDates(digits) where neighbour != date {
                guard let d = tally[neighbour] else { continue }
                if Comparison.dateLevel(date, neighbour, digits, MatchRecord.digits(neighbour)) == .oneDigit {
                    oneDigit += c * Double(d)
                }
            }
        }
        return [
            DateLevel.exact.ordinal: Self.agreement(records, ignoring: .dateOfBirth) { $0.dateOfBirth },
            DateLevel.dayMonthSwapped.ordinal: swapped / pairs,
            DateLevel.oneDigit.ordinal: oneDigit / pairs,
        ]
    }

    /// Every valid date one substitution or adjacent transposition away in YYYYMMDD.
    static func oneEditDates(_ digits: [UInt8]) -> Set<LocalDate> {
        var result = Set<LocalDate>()
        func add(_ d: [UInt8]) {
            func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(d[$1] - 48) } }
            if let date = LocalDate(year: value(0..<4), month: value(4..<6), day: value(6..<8)) { result.insert(date) }
        }
        for i in 0..<digits.count {
            for digit in UInt8(48)...UInt8(57) where digit != digits[i] {
                var d = digits
                d[i] = digit
                add(d)
            }
            if i + 1 < digits.count, digits[i] != digits[i + 1] {
                var d = digits
                d.swapAt(i, i + 1)
                add(d)
            }
        }
        return result
    }

    /// Two records that look like one person recorded twice: they agree on two of first name (or
    /// a variant), surname and date of birth, or on an NHS number or UPN — the field being
    /// estimated aside.
    static func probablySame(_ a: MatchRecord, _ b: MatchRecord, ignoring field: MatchField) -> Bool {
        var agree = 0
        if field != .nhsNumber, let x = a.nhsNumber, x == b.nhsNumber { return true }
        if field != .upn, let x = a.upn, x == b.upn { return true }
        if field != .givenName, let x = a.given, let y = b.given, x.folded == y.folded || !x.groups.isDisjoint(with: y.groups) {
            agree += 1
        }
        if field != .familyName, let x = a.family, let y = b.family, x.folded == y.folded { agree += 1 }
        if field != .dateOfBirth, let x = a.dateOfBirth, x == b.dateOfBirth { agree += 1 }
        // Two records sharing an NHS number or UPN are one child unless nothing else agrees.
        return agree >= (field == .nhsNumber || field == .upn ? 1 : 2)
    }

    /// The chance that two different records (of different people) agree on a value: pairs within
    /// each group of equal values, leaving out probable duplicates; a group of more than 150 is
    /// judged on a sample of its pairs.
    static func agreement<K: Hashable>(
        _ records: [MatchRecord], ignoring field: MatchField, excludeDuplicates: Bool = true, key: (MatchRecord) -> K?
    ) -> Double {
        var groups: [K: [Int]] = [:]
        var present = 0
        for (i, r) in records.enumerated() {
            guard let k = key(r) else { continue }
            groups[k, default: []].append(i)
            present += 1
        }
        guard present >= 2 else { return 0 }
        var same = 0.0
        for members in groups.values where members.count > 1 {
            let c = Double(members.count)
            guard excludeDuplicates else {
                same += c * (c - 1)
                continue
            }
            let group = members.count > 150 ? Array(members.prefix(150)) : members
            var distinct = 0, total = 0
            for x in 0..<group.count {
                for y in (x + 1)..<group.count {
                    total += 1
                    if !probablySame(records[group[x]], records[group[y]], ignoring: field) { distinct += 1 }
                }
            }
            same += c * (c - 1) * Double(distinct) / Double(total)
        }
        return same / (Double(present) * Double(present - 1))
    }

    /// Postcode levels from the counts of each postcode, sector, district and address line (the
    /// address and postcode levels without probable duplicates; these stay in one postcode, so
    /// they cancel out of the sector and district levels). Same line without a postcode: over lines.
    static func addressAgreement(_ records: [MatchRecord]) -> [Int: Double] {
        var postcodes: [String: Int] = [:], sectors: [String: Int] = [:], districts: [String: Int] = [:]
        var present = 0.0
        for r in records {
            guard let postcode = r.postcode else { continue }
            present += 1
            postcodes[postcode.value, default: 0] += 1
            sectors[r.sector ?? "", default: 0] += 1
            districts[r.district ?? "", default: 0] += 1
        }
        guard present >= 2 else { return [:] }
        let pairs = present * (present - 1)
        func same(_ tally: [String: Int]) -> Double {
            tally.values.reduce(0.0) { $0 + Double($1) * Double($1 - 1) } / pairs
        }
        let postcodeRaw = same(postcodes), sector = same(sectors), district = same(districts)
        let postcode = agreement(records, ignoring: .address) { $0.postcode?.value }
        let address = agreement(records, ignoring: .address) { r in r.postcode.flatMap { p in r.line.map { p.value + "|" + $0.key } } }
        let line = agreement(records, ignoring: .address) { $0.line?.key }
        return [
            AddressLevel.sameAddress.ordinal: max(address, 1e-9),
            AddressLevel.samePostcode.ordinal: max(postcode - address, 1e-9),
            AddressLevel.sameLine.ordinal: max(line, 1e-9),
            AddressLevel.sameSector.ordinal: max(sector - postcodeRaw, 1e-9),
            AddressLevel.sameDistrict.ordinal: max(district - sector, 1e-9),
        ]
    }
}
