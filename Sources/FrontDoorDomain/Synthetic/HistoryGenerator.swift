import Foundation

/// Years of one authority's front door as interchange records (docs/interchange.md), deterministic
/// from a seed, at the volumes and shapes of the seeds (Hampshire 2018-19, Appendix 1): 6,500-9,300
/// contacts a month with a summer peak and a December and August dip, police about two in five,
/// education about one in five except in August, 30-40% of contacts progressed to referral (one
/// referral per child named), 10-20 strategy discussions a working day, about one contact in twenty
/// on a case already open, families who come back (re-contacts and re-referrals).
///
/// The generator is a sequence that produces records as it goes, one day at a time: it remembers
/// only a bounded window of recent families (for re-contacts) and the families with an open case,
/// never the records it has already given, so ten years (about a million contacts) stream out in
/// constant memory. Every record is defined before a later one points at it.
///
/// Nobody real is described: names are drawn from `SyntheticNames`, NHS numbers are in the 999 test
/// range, postcodes in made-up areas (FD, FX…), UPNs in the 999 test range.
public struct HistoryGenerator: Sequence, IteratorProtocol {
    public struct Options: Sendable, Equatable {
        /// Three-digit DfE LA code.
        public var la: String
        public var name: String
        public var childPopulation: Int?
        /// The last day of the history (local date, inclusive).
        public var end: LocalDate
        /// How many whole calendar months of history, ending with `end`'s month.
        public var months: Int
        public var seed: UInt64
        /// The mean number of contacts a month; each month varies around it with the seasons.
        public var monthlyContacts: Int

        public init(la: String, name: String? = nil, childPopulation: Int? = nil, end: LocalDate, months: Int, seed: UInt64, monthlyContacts: Int? = nil) {
            self.la = la
            let profile = HistoryGenerator.profile(la)
            self.name = name ?? profile.name
            self.childPopulation = childPopulation ?? profile.childPopulation
            self.end = end
            self.months = months
            self.seed = seed
            self.monthlyContacts = monthlyContacts ?? profile.monthlyContacts
        }
    }

    /// Known authorities: Hampshire's volumes from its report; the Isle of Wight's "additional 1500
    /// contacts per month". Any other code gets Hampshire's shape.
    static func profile(_ code: String) -> (name: String, childPopulation: Int?, monthlyContacts: Int) {
        switch code {
        case "850": ("Hampshire", 283_000, 7_800)
        case "921": ("Isle of Wight", 25_000, 1_500)
        default: ("Local authority \(code)", nil, 7_800)
        }
    }

    /// The seasonal shape of the seeds' monthly totals (mean 1): high in July, October and November,
    /// low in February, August and December.
    public static let seasonal: [Double] = [1.00, 0.92, 1.04, 0.95, 1.02, 0.97, 1.12, 0.88, 0.97, 1.12, 1.09, 0.92]
    /// The monthly volume stays within this fraction of the mean (6,500-9,300 at Hampshire's 7,800).
    public static let volumeBounds = (low: 6_500.0 / 7_800.0, high: 9_300.0 / 7_800.0)

    public let options: Options
    let calendar: WorkingCalendar
    private var rng: SeededRandom
    private var queue: [InterchangeRecord] = []
    private var queueIndex = 0
    private var started = false
    private var day: LocalDate
    private let endInstant: Date
    /// Contacts still to give out this month, day by day.
    private var monthPlan: [Int] = []
    private var monthPlanStart = 0

    private var personCount = 0
    private var contactCount = 0
    private var referralCount = 0
    private var familyCount = 0

    /// Families seen recently: a fixed-size ring, the window for re-contacts.
    private var recent: [Family] = []
    private var recentNext = 0
    static let recentCapacity = 50_000
    /// Families with a case open (or opening): the pool for contacts on open cases.
    private var open: [Family] = []

    final class Family {
        let children: [String]
        let adults: [String]
        var openFrom: Date?
        var openUntil: Date?
        /// In the pool of open cases.
        var pooled = false

        init(children: [String], adults: [String]) {
            self.children = children
            self.adults = adults
        }

        func isOpen(at instant: Date) -> Bool {
            guard let from = openFrom else { return false }
            return from <= instant && instant < (openUntil ?? .distantFuture)
        }
    }

    public init(_ options: Options, calendar: WorkingCalendar = WorkingCalendar()) {
        self.options = options
        self.calendar = calendar
        rng = SeededRandom(seed: options.seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
        let first = LocalDate(year: options.end.year, month: options.end.month, day: 1)!
        var start = first
        for _ in 0..<Swift.max(0, options.months - 1) {
            start = start.month == 1 ? LocalDate(year: start.year - 1, month: 12, day: 1)! : LocalDate(year: start.year, month: start.month - 1, day: 1)!
        }
        day = start
        endInstant = calendar.startOfDay(LocalDate(clampingDayNumber: options.end.dayNumber + 1))
    }

    /// The first day of the history.
    public var startDate: LocalDate { day }

    public mutating func next() -> InterchangeRecord? {
        if !started {
            started = true
            return .localAuthority(InterchangeLocalAuthority(code: options.la, name: options.name, childPopulation: options.childPopulation))
        }
        while queueIndex >= queue.count {
            queue.removeAll(keepingCapacity: true)
            queueIndex = 0
            guard options.months > 0, day.dayNumber <= options.end.dayNumber else { return nil }
            generateDay()
            day = LocalDate(clampingDayNumber: day.dayNumber + 1)
        }
        defer { queueIndex += 1 }
        return queue[queueIndex]
    }

    // MARK: - Volumes

    /// How many contacts each day of `day`'s month receives: the month's total spread over its days,
    /// a weekend or bank holiday taking about a third of a working day's share.
    private mutating func planMonth() {
        let month = day.month
        let days = DayNumber.daysIn(month: month, year: day.year)
        let noise = Double.random(in: -0.04...0.04, using: &rng)
        let mean = Double(options.monthlyContacts)
        let total = (mean * Self.seasonal[month - 1] * (1 + noise))
            .clamped(mean * Self.volumeBounds.low, mean * Self.volumeBounds.high)
        monthPlanStart = day.dayNumber
        let weights = (0..<days).map { calendar.isWorkingDay(LocalDate(clampingDayNumber: day.dayNumber + $0)) ? 1.0 : 0.3 }
        let sum = weights.reduce(0, +)
        var cumulative = 0.0
        var given = 0
        monthPlan = weights.map { weight in
            cumulative += total * weight / sum
            let upTo = Int(cumulative.rounded())
            defer { given = upTo }
            return upTo - given
        }
    }

    private mutating func generateDay() {
        if day.day == 1 || monthPlan.isEmpty { planMonth() }
        let count = monthPlan[day.dayNumber - monthPlanStart]
        let midnight = calendar.startOfDay(day)
        let working = calendar.isWorkingDay(day)
        var times: [Date] = (0..<count).map { _ in
            let minute = working && rng.chance(0.85) ? Int.random(in: 540..<1020, using: &rng) : Int.random(in: 0..<1440, using: &rng)
            return midnight.addingTimeInterval(Double(minute * 60 + Int.random(in: 0..<60, using: &rng)))
        }
        times.sort()
        for receivedAt in times { addContact(receivedAt: receivedAt) }
    }

    // MARK: - Contacts

    private mutating func addContact(receivedAt: Date) {
        let roll = Double.random(in: 0..<1, using: &rng)
        var family: Family?
        // About one contact in fifty is picked to be on an open case, and some of the families who come
        // back (about one contact in seven) have one too: 4-6% of contacts, as in the seeds.
        if roll < 0.02 { family = openFamily(at: receivedAt) }
        if family == nil, roll < 0.17, !recent.isEmpty { family = rng.pick(recent) }
        let known = family != nil
        let chosen = family ?? newFamily(at: receivedAt)
        if !known { remember(chosen) }
        let openCase = chosen.isOpen(at: receivedAt)

        let month = calendar.localDate(of: receivedAt).month
        // Schools are shut in August: education almost vanishes, and other sources grow a little.
        let august = month == 8
        let group = rng.weighted([(SourceGroup.police, 0.42), (.education, august ? 0.013 : 0.19), (.health, 0.12), (.other, august ? 0.35 : 0.27)])
        let source: ReferralSource = switch group {
        case .police: .police
        case .education: rng.weighted([(.schools, 0.85), (.educationServices, 0.15)])
        case .health: rng.weighted([(.gp, 0.2), (.healthVisitor, 0.2), (.schoolNurse, 0.1), (.otherPrimaryHealth, 0.1), (.accidentAndEmergency, 0.25), (.otherHealth, 0.15)])
        case .other: rng.weighted([(.familyMember, 0.2), (.acquaintance, 0.08), (.selfReferral, 0.05), (.otherIndividual, 0.03), (.housing, 0.08), (.laSocialCare, 0.1), (.laExternal, 0.08), (.earlyHelp, 0.12), (.otherLegalAgency, 0.1), (.other, 0.1), (.anonymous, 0.05), (.unknown, 0.01)])
        }
        let channel: ContactChannel = source == .police ? .policeNotification
            : rng.weighted([(.phone, 0.35), (.email, 0.3), (.webForm, 0.3), (.letter, 0.03), (.other, 0.02)])
        let type: ContactType = source == .police && rng.chance(0.45) ? .domesticAbuseNotification
            : rng.weighted([(.concern, 0.92), (.childMovingIn, 0.02), (.courtInformationRequest, 0.025), (.ehcpInformationRequest, 0.02), (.childDeath, 0.003), (.other, 0.012)])
        let rag: RAG? = rng.weighted([(RAG?.some(.red), 0.1), (.some(.amber), 0.3), (.some(.green), 0.47), (nil, 0.13)])

        contactCount += 1
        let ref = "C\(contactCount)"
        // The manager decides within the RAG clock, mostly; an undecided contact at the end of the history stays open.
        let clock = switch rag {
        case .red: 60
        case .amber: 480
        default: 1440
        }
        let took = Swift.max(10, Int(Double(clock) * rng.weighted([(0.4, 0.5), (0.85, 0.35), (1.5, 0.15)]) * Double.random(in: 0.6...1.2, using: &rng)))
        let decidedAt = calendar.adding(workingMinutes: took, to: receivedAt)
        var decision: InterchangeContact.Decision?
        if decidedAt < endInstant {
            let outcome: ContactOutcome = openCase
                ? rng.weighted([(.other, 0.7), (.referral, 0.2), (.closed, 0.1)])
                : rng.weighted([(.referral, 0.345), (.closed, 0.5), (.earlyHelp, 0.08), (.other, 0.075)])
            decision = .init(outcome: outcome, decidedAt: decidedAt)
        }
        queue.append(.contact(InterchangeContact(
            ref: ref, la: options.la, receivedAt: receivedAt, source: source, channel: channel, type: type,
            children: chosen.children, adults: chosen.adults, openCaseAtReceipt: openCase, rag: rag,
            summary: "Synthetic history: \(rng.pick(Self.concerns)).", decision: decision
        )))
        if let decision, decision.outcome == .referral {
            for child in chosen.children { addReferral(child: child, family: chosen, contact: ref, source: source, at: decision.decidedAt) }
        }
    }

    static let concerns = [
        "worry about supervision at home", "injury seen at school", "domestic incident attended", "parent's mental health",
        "child missing overnight", "neglect of basic care", "parental substance misuse", "child's behaviour at home",
        "worry about exploitation", "a disclosure to a teacher", "home conditions", "a new partner in the household",
    ]

    private mutating func openFamily(at instant: Date) -> Family? {
        for _ in 0..<8 {
            guard !open.isEmpty else { return nil }
            let index = Int.random(in: 0..<open.count, using: &rng)
            let family = open[index]
            if let until = family.openUntil, until <= instant {
                family.pooled = false
                open.swapAt(index, open.count - 1)
                open.removeLast()
                continue
            }
            if family.isOpen(at: instant) { return family }
        }
        return nil
    }

    private mutating func remember(_ family: Family) {
        if recent.count < Self.recentCapacity {
            recent.append(family)
        } else {
            recent[recentNext] = family
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
    }

    // MARK: - People

    private mutating func newFamily(at instant: Date) -> Family {
        familyCount += 1
        let today = calendar.localDate(of: instant).dayNumber
        var surname = SyntheticPopulation.surname(&rng)
        if rng.chance(0.04) {
            let second = SyntheticPopulation.surname(&rng)
            if second != surname { surname += "-" + second }
        }
        let postcode: Postcode? = rng.chance(0.93) ? SyntheticPopulation.Generator.postcode(familyCount % 230_000) : nil
        let ethnicity = rng.weighted([
            (Ethnicity.WBRI, 0.76), (.WOTH, 0.05), (.MWBC, 0.02), (.MWAS, 0.02), (.MOTH, 0.02), (.AIND, 0.015), (.APKN, 0.01),
            (.ABAN, 0.01), (.BAFR, 0.02), (.BCRB, 0.005), (.CHNE, 0.005), (.WROM, 0.005), (.OOTH, 0.01), (.NOBT, 0.05),
        ])
        let size = rng.weighted([(1, 0.83), (2, 0.14), (3, 0.03)])
        var children: [String] = []
        var birth = today - Int.random(in: 0..<(18 * 365), using: &rng)
        var used = Set<String>()
        for k in 0..<size {
            if k > 0 {
                birth += Int.random(in: 300...(5 * 365), using: &rng)
                if birth > today { break }
            }
            let sex: Sex = rng.chance(0.5) ? .male : .female
            var given = SyntheticPopulation.givenName(sex, &rng)
            while used.contains(given) { given = SyntheticPopulation.givenName(sex, &rng) }
            used.insert(given)
            personCount += 1
            let ref = "P\(personCount)"
            var person = InterchangePerson(ref: ref, la: options.la, givenName: given, familyName: surname, sex: sex, ethnicity: ethnicity, postcode: postcode)
            if size == 1 && rng.chance(0.02) {
                // An unborn child: a concern in pregnancy.
                person.givenName = "Unknown"
                person.sex = nil
                person.expectedDateOfBirth = LocalDate(clampingDayNumber: today + Int.random(in: 20...200, using: &rng))
            } else {
                if rng.chance(0.98) { person.dateOfBirth = LocalDate(clampingDayNumber: birth) }
                if rng.chance(0.9) { person.nhsNumber = Self.nhsNumber(personCount) }
                if today - birth >= 5 * 365, rng.chance(0.85) { person.upn = upn(entryYear: LocalDate(clampingDayNumber: birth).year + 4) }
                if rng.chance(0.04) { person.disabilities = [rng.pick([.LD, .AUT, .COMM, .BEH, .MOB])] }
                if rng.chance(0.1) { person.otherNames = [SyntheticPopulation.givenName(sex, &rng)] }
            }
            queue.append(.person(person))
            children.append(ref)
        }
        var adults: [String] = []
        for k in 0..<(rng.chance(0.45) ? 2 : 1) {
            let female = k == 0 ? rng.chance(0.85) : rng.chance(0.15)
            personCount += 1
            let ref = "P\(personCount)"
            var person = InterchangePerson(
                ref: ref, la: options.la, givenName: rng.pick(female ? SyntheticNames.adultsFemale : SyntheticNames.adultsMale),
                familyName: k == 0 || rng.chance(0.4) ? surname : SyntheticPopulation.surname(&rng), sex: female ? .female : .male,
                ethnicity: ethnicity, postcode: postcode
            )
            if rng.chance(0.9) { person.dateOfBirth = LocalDate(clampingDayNumber: today - Int.random(in: (19 * 365)...(50 * 365), using: &rng)) }
            queue.append(.person(person))
            adults.append(ref)
        }
        return Family(children: children, adults: adults)
    }

    /// The NHS number of person `n`: the first million people get distinct numbers in the 999 test
    /// range (a fixed permutation of the six middle digits, so no set of used numbers is kept); about
    /// one in eleven has no valid check digit and goes without, as some records do.
    static func nhsNumber(_ n: Int) -> NHSNumber? {
        guard n < 1_000_000 else { return nil }
        let middle = (n &* 738_137 &+ 271_829) % 1_000_000
        let text = "999" + String(format: "%06d", middle)
        guard let check = NHSNumber.checkDigit(for: text.compactMap(\.wholeNumberValue)) else { return nil }
        return NHSNumber(text + String(check))
    }

    private mutating func upn(entryYear: Int) -> UPN? {
        for _ in 0..<8 {
            let rest = "999" + String(Int.random(in: 2000...2999, using: &rng)) + String(format: "%02d", entryYear % 100)
                + String(format: "%03d", Int.random(in: 0...999, using: &rng))
            if let letter = UPN.checkLetter(for: ArraySlice(Array(rest))), let upn = UPN(String(letter) + rest) { return upn }
        }
        return nil
    }

    // MARK: - Referrals

    private mutating func addReferral(child: String, family: Family, contact: String, source: ReferralSource, at referredAt: Date) {
        referralCount += 1
        var referral = InterchangeReferral(ref: "R\(referralCount)", la: options.la, child: child, contact: contact, referredAt: referredAt, source: source)
        let endDate = LocalDate(clampingDayNumber: options.end.dayNumber)
        // About one referral in ten is a child protection concern: a strategy discussion within hours.
        let protection = rng.chance(0.095)
        var completedAt: Date
        if protection {
            let strategy = calendar.adding(workingMinutes: Int.random(in: 60...240, using: &rng), to: referredAt)
            if strategy < endInstant { referral.strategyDiscussionAt = strategy }
            completedAt = calendar.adding(workingMinutes: Int.random(in: 30...180, using: &rng), to: strategy)
        } else {
            let took = Double(960) * rng.weighted([(0.5, 0.55), (0.9, 0.33), (1.5, 0.12)]) * Double.random(in: 0.7...1.1, using: &rng)
            completedAt = calendar.adding(workingMinutes: Swift.max(30, Int(took)), to: referredAt)
        }
        guard completedAt < endInstant else {
            queue.append(.referral(referral))
            return
        }
        let outcome: ReferralReportOutcome = protection ? .assessment
            : rng.weighted([(.closed, 0.47), (.earlyHelp, 0.09), (.assessment, 0.38), (.other, 0.06)])
        referral.completedAt = completedAt
        referral.outcome = outcome
        referral.nfa = outcome == .closed
        referral.primaryNeed = rng.weighted([(.N1, 0.5), (.N2, 0.03), (.N3, 0.06), (.N4, 0.1), (.N5, 0.15), (.N6, 0.04), (.N7, 0.01), (.N8, 0.03), (.N9, 0.06), (.N0, 0.02)])
        let completedDay = calendar.localDate(of: completedAt)
        func upToEnd(_ date: LocalDate) -> LocalDate? { date <= endDate ? date : nil }
        switch outcome {
        case .assessment:
            referral.assessmentStartedAt = completedDay
            var last = completedDay
            if protection, rng.chance(0.75) {
                referral.s47StartedAt = calendar.localDate(of: referral.strategyDiscussionAt ?? completedAt)
                if rng.chance(0.4), let icpc = upToEnd(calendar.adding(workingDays: Int.random(in: 8...15, using: &rng), to: completedDay)) {
                    referral.icpcAt = icpc
                    last = icpc
                    if rng.chance(0.75) { referral.cpPlanStartedAt = icpc }
                }
            }
            if let authorised = upToEnd(calendar.adding(workingDays: Int.random(in: 10...45, using: &rng), to: completedDay)) {
                referral.assessmentAuthorisedAt = authorised
                if authorised > last { last = authorised }
                let stay = referral.cpPlanStartedAt != nil ? Int.random(in: 120...540, using: &rng) : Int.random(in: 0...240, using: &rng)
                if let closed = upToEnd(LocalDate(clampingDayNumber: last.dayNumber + stay)) {
                    referral.closedAt = closed
                    referral.reasonForClosure = stay == 0 ? .RC8 : rng.weighted([(.RC7, 0.7), (.RC8, 0.1), (.RC9, 0.1), (.RC5, 0.05), (.RC3, 0.05)])
                }
            }
            // An open case from the referral until the episode closes (nil: still open at the end).
            let until = referral.closedAt.map { calendar.startOfDay($0) }
            if family.isOpen(at: referredAt) {
                if let current = family.openUntil, let until { family.openUntil = Swift.max(current, until) } else { family.openUntil = nil }
            } else {
                family.openFrom = referredAt
                family.openUntil = until
            }
            if !family.pooled {
                family.pooled = true
                open.append(family)
            }
        case .closed, .earlyHelp, .other:
            referral.closedAt = completedDay
            referral.reasonForClosure = outcome == .earlyHelp ? .RC9 : (outcome == .closed ? .RC8 : .RC7)
        }
        queue.append(.referral(referral))
    }
}

extension Double {
    fileprivate func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
