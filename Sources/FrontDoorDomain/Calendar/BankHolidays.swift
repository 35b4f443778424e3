import Foundation

/// The bank holidays a calendar skips. Loaded from gov.uk's published file
/// (https://www.gov.uk/bank-holidays.json), which covers a limited span of years: `range` lets
/// callers warn when a date falls beyond the data rather than silently treating it as ordinary.
public struct BankHolidays: Sendable, Equatable {
    public let dates: Set<LocalDate>
    /// The same dates as day numbers: a set for the per-day check and a sorted list for counting
    /// holidays in a span without visiting every day.
    let dayNumbers: Set<Int>
    let sortedDayNumbers: [Int]

    public init(dates: Set<LocalDate>) {
        self.dates = dates
        sortedDayNumbers = dates.map(\.dayNumber).sorted()
        dayNumbers = Set(sortedDayNumbers)
    }

    /// gov.uk format: {"england-and-wales": {"division": ..., "events": [{"title","date","notes","bunting"}]},
    /// "scotland": ..., "northern-ireland": ...}. Only each event's date is required; other fields
    /// are ignored so that gov.uk adding a field does not stop the server from starting.
    public init(govUKJSON data: Data, division: String = "england-and-wales") throws {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CalendarError("bank holidays data is not valid JSON")
        }
        guard let divisions = json as? [String: Any] else {
            throw CalendarError("bank holidays data must be a JSON object keyed by division, such as \"england-and-wales\"")
        }
        guard let found = divisions[division] else {
            let known = divisions.keys.sorted().joined(separator: ", ")
            throw CalendarError(
                "bank holidays data has no division \"\(division)\"; it has: \(known.isEmpty ? "none" : known)")
        }
        guard let events = (found as? [String: Any])?["events"] as? [Any] else {
            throw CalendarError("bank holidays division \"\(division)\" has no \"events\" list")
        }
        var dates = Set<LocalDate>()
        for (index, event) in events.enumerated() {
            let fields = event as? [String: Any]
            let title = fields?["title"] as? String ?? "event \(index + 1)"
            guard let text = fields?["date"] as? String else {
                throw CalendarError("bank holiday \"\(title)\" in \"\(division)\" has no \"date\"")
            }
            guard let date = LocalDate(iso: text) else {
                throw CalendarError(
                    "bank holiday \"\(title)\" in \"\(division)\" has date \"\(text)\", which is not a real date in the form YYYY-MM-DD")
            }
            dates.insert(date)
        }
        self.init(dates: dates)
    }

    /// England and Wales, from the file shipped in this module.
    public static let englandAndWales: BankHolidays = {
        do {
            return try bundled(division: "england-and-wales")
        } catch {
            // The file ships inside the module; without it every clock would be wrong, which is
            // worse than refusing to start.
            fatalError("The bundled bank-holidays.json cannot be used: \(error)")
        }
    }()

    /// Any division of the file shipped in this module: "england-and-wales", "scotland" or "northern-ireland".
    public static func bundled(division: String) throws -> BankHolidays {
        guard let url = Bundle.module.url(forResource: "bank-holidays", withExtension: "json") else {
            throw CalendarError("bank-holidays.json is missing from the FrontDoorDomain bundle")
        }
        return try BankHolidays(govUKJSON: Data(contentsOf: url), division: division)
    }

    public func contains(_ date: LocalDate) -> Bool {
        dates.contains(date)
    }

    /// The first...last holiday known, or nil when there are none.
    public var range: ClosedRange<LocalDate>? {
        guard let first = sortedDayNumbers.first, let last = sortedDayNumbers.last else { return nil }
        return LocalDate(clampingDayNumber: first)...LocalDate(clampingDayNumber: last)
    }

    public static func == (lhs: BankHolidays, rhs: BankHolidays) -> Bool {
        lhs.dates == rhs.dates
    }

    /// How many holidays fall on day numbers in `days` and satisfy `counts`, found by binary search
    /// so that measuring across years costs the holidays in the span, not the days.
    func count(in days: ClosedRange<Int>, where counts: (Int) -> Bool) -> Int {
        var low = 0
        var high = sortedDayNumbers.count
        while low < high {
            let mid = (low + high) / 2
            if sortedDayNumbers[mid] < days.lowerBound { low = mid + 1 } else { high = mid }
        }
        var total = 0
        var index = low
        while index < sortedDayNumbers.count, sortedDayNumbers[index] <= days.upperBound {
            if counts(sortedDayNumbers[index]) { total += 1 }
            index += 1
        }
        return total
    }
}
