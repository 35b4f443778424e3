/// The measures of a report that lists one figure per measure. The raw value is the CSV's `measure`.
public protocol ReportMeasure: RawRepresentable, CaseIterable, Hashable, Sendable
where RawValue == String, AllCases == [Self] {
    /// The row's name in the human view.
    var label: String { get }
}

/// A report of one figure per measure over one period, with the records behind each figure.
public struct MeasureTable<Measure: ReportMeasure>: Sendable {
    public let la: String
    public let period: ReportPeriod
    private let values: [Measure: ReportValue]
    private let traces: [Measure: MeasureTrace]
    private let related: [String: String]

    init(la: String, period: ReportPeriod, values: [Measure: ReportValue], traces: [Measure: MeasureTrace], related: [String: String] = [:]) {
        self.la = la
        self.period = period
        self.values = values
        self.traces = traces
        self.related = related
    }

    public func value(_ measure: Measure) -> ReportValue {
        values[measure] ?? .count(0)
    }

    /// The ids of the records behind a figure: for a percentage or rate, its numerator's.
    public func records(for measure: Measure) -> [String] {
        trace(for: measure).records
    }

    public func trace(for measure: Measure) -> MeasureTrace {
        traces[measure] ?? MeasureTrace(records: [])
    }

    /// A record that explains another: for a re-referral, the previous referral of the same child.
    public func relatedRecord(of id: String) -> String? {
        related[id]
    }

    /// `measure,value`, measures in their listed order.
    public var csv: String {
        ReportCSV.render(header: ["measure", "value"], rows: Measure.allCases.map { [$0.rawValue, value($0).machine] })
    }

    public var humanTable: [[String]] {
        [["Measure", period.description]] + Measure.allCases.map { [$0.label, value($0).human] }
    }
}
