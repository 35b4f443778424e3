/// The hours a front door is staffed: the same local start and end time on each working weekday.
///
/// Statutory clocks (Working Together's one working day) and each authority's RAG clocks run only
/// inside these hours, so they are configuration rather than constants.
public struct WorkingHours: Hashable, Codable, Sendable {
    /// Minutes after local midnight.
    public var start: Int
    /// Minutes after local midnight; 1440 means the period runs to midnight.
    public var end: Int
    /// ISO weekdays, 1 = Monday … 7 = Sunday.
    public var weekdays: Set<Int>

    /// 09:00–17:00, Monday to Friday.
    public static let standard = WorkingHours(validStart: 540, end: 1020, weekdays: Set(1...5))

    public init(start: Int = 540, end: Int = 1020, weekdays: Set<Int> = Set(1...5)) throws {
        if let problem = Self.problem(start: start, end: end, weekdays: weekdays) {
            throw CalendarError(problem)
        }
        self.init(validStart: start, end: end, weekdays: weekdays)
    }

    private init(validStart start: Int, end: Int, weekdays: Set<Int>) {
        self.start = start
        self.end = end
        self.weekdays = weekdays
    }

    public var minutesPerDay: Int { end - start }

    // Decoding goes through the same checks as `init`, so stored configuration cannot smuggle in
    // hours that would leave a clock with no working time to run in.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(Int.self, forKey: .start)
        let end = try container.decode(Int.self, forKey: .end)
        let weekdays = try container.decode(Set<Int>.self, forKey: .weekdays)
        if let problem = Self.problem(start: start, end: end, weekdays: weekdays) {
            throw DecodingError.dataCorruptedError(forKey: .end, in: container, debugDescription: problem)
        }
        self.init(validStart: start, end: end, weekdays: weekdays)
    }

    /// Why these hours are unusable, or nil if they are fine.
    var problem: String? { Self.problem(start: start, end: end, weekdays: weekdays) }

    static func problem(start: Int, end: Int, weekdays: Set<Int>) -> String? {
        if !(0...1440).contains(start) {
            return "working hours must start between 00:00 and 24:00 (0...1440 minutes), not \(start) minutes"
        }
        if !(0...1440).contains(end) {
            return "working hours must end between 00:00 and 24:00 (0...1440 minutes), not \(end) minutes"
        }
        if end <= start {
            return "working hours must end after they start, not \(clock(start))–\(clock(end))"
        }
        if weekdays.isEmpty {
            return "working hours need at least one working weekday"
        }
        if let bad = weekdays.sorted().first(where: { !(1...7).contains($0) }) {
            return "working weekday \(bad) is not an ISO weekday (1 = Monday … 7 = Sunday)"
        }
        return nil
    }

    private static func clock(_ minutes: Int) -> String {
        let hours = String(minutes / 60)
        let mins = String(minutes % 60)
        return (hours.count < 2 ? "0" + hours : hours) + ":" + (mins.count < 2 ? "0" + mins : mins)
    }
}
