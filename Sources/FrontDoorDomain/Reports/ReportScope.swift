import Foundation

/// The local authorities a report covers: one, or every authority a hub serves ("for the whole
/// hub", issue #7). Each record is judged by its own authority's rules (its working calendar, its
/// RAG clocks, its referral timescale), and the figures are then what the definitions give over
/// the union of the authorities' records. So a count is the sum of the authorities' counts, while a
/// percentage is the union's numerator over the union's denominator (not an average of
/// percentages), a rate per 10,000 children is over the authorities' populations added together,
/// and a re-referral is still a previous referral of the same child in the same authority.
public struct ReportScope: Sendable {
    /// One authority's rules, as the reports apply them to its records.
    public struct Authority: Sendable {
        public var code: String
        public var calendar: WorkingCalendar
        public var clockPolicy: ClockPolicy
        /// Working days a referral has to be completed in (the monthly report's timeliness).
        public var referralTimescale: Int
        /// Children aged 0-17, for rates per 10,000; nil when not recorded.
        public var childPopulation: Int?

        public init(
            code: String, calendar: WorkingCalendar = WorkingCalendar(), clockPolicy: ClockPolicy = .standard,
            referralTimescale: Int = 2, childPopulation: Int? = nil
        ) {
            self.code = code
            self.calendar = calendar
            self.clockPolicy = clockPolicy
            self.referralTimescale = referralTimescale
            self.childPopulation = childPopulation
        }
    }

    /// What reports call the scope: the authority's code, or `hub`.
    public let name: String
    /// In order of code.
    public let authorities: [Authority]
    private let index: [String: Int]

    /// One local authority.
    public init(_ authority: Authority) {
        name = authority.code
        authorities = [authority]
        index = [authority.code: 0]
    }

    /// Every authority a hub serves.
    public init(hub authorities: [Authority], name: String = ReportScope.hubName) {
        self.name = name
        self.authorities = authorities.sorted { $0.code < $1.code }
        index = Dictionary(self.authorities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// How the whole hub is asked for (`--la hub`, `la=hub`); never a local authority's code, which
    /// is three digits.
    public static let hubName = "hub"

    public var isHub: Bool { name == Self.hubName }

    /// The rules for a record of authority `code`, or nil when that authority is not in scope (its
    /// records are then not counted).
    public func authority(_ code: String) -> Authority? {
        if authorities.count == 1 { return authorities[0].code == code ? authorities[0] : nil }
        return index[code].map { authorities[$0] }
    }

    /// Where the authority `code` is in `authorities`, or nil when it is not in scope.
    func position(of code: String) -> Int? {
        if authorities.count == 1 { return authorities[0].code == code ? 0 : nil }
        return index[code]
    }

    /// The authorities' child populations added together; nil when any of them is not recorded.
    public var childPopulation: Int? {
        var total = 0
        for authority in authorities {
            guard let population = authority.childPopulation else { return nil }
            total += population
        }
        return total
    }

    /// The period's working days, for "per working day" figures. For one authority, its own. For a
    /// hub, a day counts when it is a working day of any of its authorities: the hub is open then.
    /// When the authorities work the same days (the demo's do), those are the hub's working days.
    public func workingDays(in period: ReportPeriod) -> Int {
        guard let first = authorities.first else { return 0 }
        if authorities.count == 1 { return period.workingDays(in: first.calendar) }
        var days = 0
        var day = period.from
        while day <= period.through {
            if authorities.contains(where: { $0.calendar.isWorkingDay(day) }) { days += 1 }
            guard let next = first.calendar.date(byAddingDays: 1, to: day) else { break }
            day = next
        }
        return days
    }

    /// The working minutes a RAG rating allows, when every authority in scope allows the same; nil
    /// when they differ (each contact is still judged by its own authority's clock).
    public func minutesAllowed(for rag: RAG?) -> Int? {
        let minutes = Set(authorities.map { $0.clockPolicy.minutes(for: rag) })
        return minutes.count == 1 ? minutes.first : nil
    }
}
