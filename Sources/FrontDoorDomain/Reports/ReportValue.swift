import Foundation

/// An exact ratio of two whole numbers. Reports keep figures exact and round only when they show
/// them, each time from the exact ratio (never from an already-rounded figure).
public struct ExactRatio: Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int
    /// Always positive.
    public let denominator: Int

    /// nil when the denominator is zero: the figure is undefined, not zero.
    public init?(_ numerator: Int, _ denominator: Int) {
        guard denominator != 0 else { return nil }
        self.numerator = denominator < 0 ? -numerator : numerator
        self.denominator = denominator < 0 ? -denominator : denominator
    }

    /// The ratio times `scale`, in units of 10^-decimals, rounded half-up (halves away from zero,
    /// as a spreadsheet's ROUND does): 5,347 / 8,293 at scale 100 is 645 tenths and 64 units.
    public func rounded(scale: Int = 1, decimals: Int) -> Int {
        var factor = 1
        for _ in 0..<decimals { factor *= 10 }
        let scaled = numerator * scale * factor
        let magnitude = (2 * scaled.magnitude + UInt(denominator)) / (2 * UInt(denominator))
        return scaled < 0 ? -Int(magnitude) : Int(magnitude)
    }

    /// The rounded figure as text with exactly `decimals` decimals ("64.5", "-3.0", "64").
    public func formatted(scale: Int = 1, decimals: Int) -> String {
        let units = rounded(scale: scale, decimals: decimals)
        guard decimals > 0 else { return String(units) }
        var factor = 1
        for _ in 0..<decimals { factor *= 10 }
        let whole = String(units.magnitude / UInt(factor))
        let fraction = String(units.magnitude % UInt(factor))
        return (units < 0 ? "-" : "") + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    public var description: String { "\(numerator)/\(denominator)" }
}

/// One figure of a report, with how it is shown to a machine (CSV) and to a person.
public enum ReportValue: Hashable, Sendable {
    case count(Int)
    /// A ratio shown as a percentage; nil when its denominator is zero.
    case percentage(ExactRatio?)
    /// A ratio shown to one decimal after multiplying by `per` (10,000 for a rate per 10,000
    /// children, 1 for assessments per working day); nil when its denominator is zero.
    case rate(ExactRatio?, per: Int)

    /// Machine output: counts as integers, percentages and rates to one decimal, an undefined figure empty.
    public var machine: String {
        switch self {
        case .count(let count): String(count)
        case .percentage(let ratio): ratio?.formatted(scale: 100, decimals: 1) ?? ""
        case .rate(let ratio, let per): ratio?.formatted(scale: per, decimals: 1) ?? ""
        }
    }

    /// The human view: percentages as whole numbers with "%", an undefined figure as "-".
    public var human: String {
        switch self {
        case .count(let count): String(count)
        case .percentage(let ratio): ratio.map { $0.formatted(scale: 100, decimals: 0) + "%" } ?? "-"
        case .rate(let ratio, let per): ratio?.formatted(scale: per, decimals: 1) ?? "-"
        }
    }

    public var count: Int? {
        if case .count(let count) = self { return count }
        return nil
    }

    public var ratio: ExactRatio? {
        switch self {
        case .count: nil
        case .percentage(let ratio), .rate(let ratio, _): ratio
        }
    }
}

/// The records behind one figure, by id, so that every number can be checked against the records.
public struct MeasureTrace: Hashable, Sendable {
    /// The records counted: for a percentage or a rate, its numerator. A contact counts once per
    /// child it names, so a count is the sum of the listed contacts' children.
    public var records: [String]
    /// For a percentage or a rate of records, the records of its denominator.
    public var denominator: [String]?

    public init(records: [String], denominator: [String]? = nil) {
        self.records = records
        self.denominator = denominator
    }
}

/// Comma-separated values as RFC 4180 writes them, lines ending with "\n".
enum ReportCSV {
    static func render(header: [String], rows: [[String]]) -> String {
        var text = header.map(field).joined(separator: ",") + "\n"
        for row in rows { text += row.map(field).joined(separator: ",") + "\n" }
        return text
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A running count with the records behind it (or the count alone, when nobody will ask for
/// the records: `keepsIDs` false).
struct Tally: Sendable {
    var count = 0
    var ids: [String] = []
    var keepsIDs = true

    mutating func add(_ id: String, weight: Int = 1) {
        count += weight
        if keepsIDs { ids.append(id) }
    }
}
