import Foundation

/// A synthetic child: the identity the record really belongs to, and the record.
public struct SyntheticPerson: Sendable, Equatable {
    /// The true identity: records (and queries) with the same id are the same child.
    public let id: Int
    /// Children of one household share an id here (and usually a surname, postcode and address).
    public let household: Int
    public var details: PersonDetails

    public init(id: Int, household: Int, details: PersonDetails) {
        self.id = id
        self.household = household
        self.details = details
    }
}

/// Synthetic children's records, the same from the same seed on every machine: households of
/// brothers and sisters (and twins) sharing a surname, postcode and address, names drawn with
/// Zipf-like UK frequencies, dates of birth over 0-17 years, NHS numbers in the 999 test range with
/// valid check digits, UPNs for children of school age. Nobody real is described.
public enum SyntheticPopulation {
    /// The day ages are counted from, fixed so that a seed always gives the same people.
    public static let referenceDate = LocalDate(year: 2026, month: 4, day: 1)!

    /// Zipf exponents: share of the name at rank k ∝ k^(−s).
    static let surnameExponent = 0.5
    static let givenNameExponent = 0.5

    static let surnames = ZipfTable(SyntheticNames.commonSurnames + SyntheticNames.rareSurnames, exponent: surnameExponent)
    static let girls = ZipfTable(SyntheticNames.commonGirls + SyntheticNames.rareGirls, exponent: givenNameExponent)
    static let boys = ZipfTable(SyntheticNames.commonBoys + SyntheticNames.rareBoys, exponent: givenNameExponent)

    /// `count` children, deterministic from `seed`.
    public static func generate(count: Int, seed: UInt64, today: LocalDate = referenceDate) -> [SyntheticPerson] {
        var generator = Generator(seed: seed, today: today)
        return generator.people(count: count, firstID: 0)
    }

    /// A first name of the given sex drawn with the population's frequencies.
    static func givenName(_ sex: Sex, _ rng: inout SeededRandom) -> String {
        sex == .female ? girls.draw(&rng) : boys.draw(&rng)
    }

    static func surname(_ rng: inout SeededRandom) -> String { surnames.draw(&rng) }

    struct Generator {
        var rng: SeededRandom
        let today: LocalDate
        let earliest: Int
        let latest: Int
        var usedNHS = Set<String>()
        var usedUPN = Set<String>()
        var postcodeIndex = -1
        var postcodeRoom = 0
        var postcode: Postcode?
        var street = ""
        var nextHouse = 1
        /// The 999 prefix keeps NHS numbers in the range never issued to real people; the seed
        /// picks where in it a population starts, so populations from different seeds rarely clash.
        let nhsBase: Int

        init(seed: UInt64, today: LocalDate) {
            rng = SeededRandom(seed: seed)
            self.today = today
            latest = today.dayNumber
            earliest = (today.addingYears(-18) ?? today).dayNumber + 1
            nhsBase = Int(seed % 1000) * 1000
        }

        mutating func people(count: Int, firstID: Int) -> [SyntheticPerson] {
            var result: [SyntheticPerson] = []
            result.reserveCapacity(count)
            while result.count < count {
                let children = makeHousehold(firstID: firstID + result.count, room: count - result.count)
                result += children
            }
            return result
        }

        private mutating func nextAddress() -> (Postcode, String) {
            if postcodeRoom <= 0 {
                postcodeIndex += 1
                postcodeRoom = Int.random(in: 3...14, using: &rng)
                postcode = Self.postcode(postcodeIndex)
                street = rng.pick(SyntheticNames.streetNames)
                nextHouse = Int.random(in: 1...40, using: &rng)
            }
            postcodeRoom -= 1
            nextHouse += Int.random(in: 1...3, using: &rng)
            return (postcode!, "\(nextHouse) \(street)")
        }

        /// Postcode number `n`: 40 units to a sector, 10 sectors to a district, in the made-up
        /// areas FD and FX (no real postcode area has these letters).
        static func postcode(_ n: Int) -> Postcode {
            let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
            let unit = n % 40, sector = (n / 40) % 10, district = n / 400
            let areas = ["FD", "FX", "FZ", "QD", "QX", "QZ"]
            let area = areas[(district / 99) % areas.count]
            let outward = "\(area)\(district % 99 + 1)"
            let inward = "\(sector)\(letters[unit / 20 * 7 % 20])\(letters[unit % 20])"
            return Postcode(outward + " " + inward)!
        }

        private mutating func makeHousehold(firstID: Int, room: Int) -> [SyntheticPerson] {
            let size = min(room, rng.weighted([(1, 0.40), (2, 0.35), (3, 0.15), (4, 0.07), (5, 0.03)]))
            var family = SyntheticPopulation.surname(&rng)
            if rng.chance(0.04) {
                let second = SyntheticPopulation.surname(&rng)
                if second != family { family += "-" + second }
            }
            let (postcode, address) = nextAddress()
            let hasPostcode = rng.chance(0.97)
            let hasAddress = rng.chance(0.95)
            // Birth dates: the eldest anywhere in 0-17 years, the others younger by 1-6 years.
            var birth = Int.random(in: earliest...latest, using: &rng)
            var children: [SyntheticPerson] = []
            var givenNames = Set<String>()
            var twinNext = false
            for k in 0..<size {
                if k > 0 && !twinNext {
                    birth += Int.random(in: 300...(6 * 365), using: &rng)
                    if birth > latest { break }
                }
                twinNext = k + 1 < size && rng.chance(0.016)
                let sex: Sex = rng.chance(0.5) ? .male : .female
                var given = SyntheticPopulation.givenName(sex, &rng)
                while givenNames.contains(NameText.fold(given)) { given = SyntheticPopulation.givenName(sex, &rng) }
                givenNames.insert(NameText.fold(given))
                var others: [String] = []
                if rng.chance(0.35) {
                    let middle = SyntheticPopulation.givenName(sex, &rng)
                    if NameText.fold(middle) != NameText.fold(given) { others.append(middle) }
                }
                // Some brothers and sisters carry another parent's surname.
                let surname = k > 0 && rng.chance(0.12) ? SyntheticPopulation.surname(&rng) : family
                let dob = LocalDate(clampingDayNumber: birth)
                var details = PersonDetails(
                    givenName: given, familyName: surname, otherNames: others,
                    dateOfBirth: rng.chance(0.99) ? dob : nil, sex: sex,
                    nhsNumber: rng.chance(0.92) ? newNHSNumber() : nil,
                    address: hasAddress ? address : nil, postcode: hasPostcode ? postcode : nil)
                let age = (latest - birth) / 365
                if age >= 4 && rng.chance(0.9) { details.upn = newUPN(entryYear: dob.year + 4) }
                children.append(SyntheticPerson(id: firstID + children.count, household: firstID, details: details))
            }
            return children
        }

        /// A new NHS number in the 999 test range, or nil once that range is too full to find one
        /// quickly: it holds about 909,000 valid numbers, so beyond some 700,000 children fewer
        /// of them have one.
        mutating func newNHSNumber() -> NHSNumber? {
            for _ in 0..<64 {
                let middle = (nhsBase + Int.random(in: 0..<1_000_000, using: &rng)) % 1_000_000
                let text = "999" + String(format: "%06d", middle)
                let digits = text.compactMap(\.wholeNumberValue)
                guard let check = NHSNumber.checkDigit(for: digits) else { continue }
                let full = text + String(check)
                if usedNHS.insert(full).inserted, let number = NHSNumber(full) { return number }
            }
            return nil
        }

        mutating func newUPN(entryYear: Int) -> UPN {
            while true {
                let school = Int.random(in: 2000...2999, using: &rng)
                let serial = Int.random(in: 0...999, using: &rng)
                let rest = "999" + String(school) + String(format: "%02d", entryYear % 100) + String(format: "%03d", serial)
                guard let letter = UPN.checkLetter(for: ArraySlice(Array(rest))) else { continue }
                let full = String(letter) + rest
                if usedUPN.insert(full).inserted, let upn = UPN(full) { return upn }
            }
        }
    }
}

/// Draws names with probability ∝ rank^(−exponent).
struct ZipfTable: Sendable {
    let names: [String]
    let cumulative: [Double]

    init(_ names: [String], exponent: Double) {
        self.names = names
        var total = 0.0
        var cumulative: [Double] = []
        for rank in 1...names.count {
            total += pow(Double(rank), -exponent)
            cumulative.append(total)
        }
        self.cumulative = cumulative.map { $0 / total }
    }

    func draw(_ rng: inout SeededRandom) -> String {
        let roll = Double.random(in: 0..<1, using: &rng)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] <= roll { low = mid + 1 } else { high = mid }
        }
        return names[low]
    }

    /// The share of the name at position `index`.
    func share(_ index: Int) -> Double {
        index == 0 ? cumulative[0] : cumulative[index] - cumulative[index - 1]
    }
}
