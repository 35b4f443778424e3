import Foundation

/// A row of the timeliness-by-RAG table: a rating, "unrated", or all contacts together.
public enum RAGRow: String, CaseIterable, Sendable {
    case red, amber, green, unrated, overall

    public init(_ rag: RAG?) {
        switch rag {
        case .red: self = .red
        case .amber: self = .amber
        case .green: self = .green
        case nil: self = .unrated
        }
    }

    public var label: String {
        switch self {
        case .red: "Red"
        case .amber: "Amber"
        case .green: "Green"
        case .unrated: "No RAG"
        case .overall: "Overall"
        }
    }
}

/// Timeliness by RAG rating (Oxfordshire): for each rating, the working minutes allowed from receipt
/// to a manager's decision, and the share of contacts decided within them.
public struct RAGTimelinessReport: Sendable {
    public struct Row: Hashable, Sendable {
        public let row: RAGRow
        /// nil for the overall row, whose contacts had different allowances.
        public let workingMinutesAllowed: Int?
        public let decided: Int
        public let decidedWithinTime: Int

        public var percentage: ReportValue { .percentage(ExactRatio(decidedWithinTime, decided)) }
    }

    public let la: String
    public let period: ReportPeriod
    /// The working minutes each rating allows: absent for a hub whose authorities allow different ones.
    private let allowed: [RAGRow: Int]
    private let decided: [RAGRow: Tally]
    private let within: [RAGRow: Tally]

    init(la: String, period: ReportPeriod, allowed: [RAGRow: Int], decided: [RAGRow: Tally], within: [RAGRow: Tally]) {
        self.la = la
        self.period = period
        self.allowed = allowed
        self.decided = decided
        self.within = within
    }

    public func row(_ row: RAGRow) -> Row {
        let minutes = allowed[row]
        return Row(row: row, workingMinutesAllowed: minutes, decided: decided[row]?.count ?? 0, decidedWithinTime: within[row]?.count ?? 0)
    }

    /// Red, amber, green, unrated, then overall.
    public var rows: [Row] { RAGRow.allCases.map(row) }

    /// The contacts decided within time (`records`) out of those decided (`denominator`).
    public func trace(for row: RAGRow) -> MeasureTrace {
        MeasureTrace(records: within[row]?.ids ?? [], denominator: decided[row]?.ids ?? [])
    }

    public var csv: String {
        ReportCSV.render(
            header: ["rating", "working_minutes_allowed", "contacts_decided", "decided_within_time", "percentage_within_time"],
            rows: rows.map {
                [$0.row.rawValue, $0.workingMinutesAllowed.map(String.init) ?? "", String($0.decided), String($0.decidedWithinTime), $0.percentage.machine]
            }
        )
    }

    /// As Oxfordshire prints it: rating, working minutes allocated, % completed on time.
    public var humanTable: [[String]] {
        [["Rating", "Working minutes allocated", "% decided on time"]]
            + rows.map { [$0.row.label, $0.workingMinutesAllowed.map(String.init) ?? "", $0.percentage.human] }
    }
}

extension Reports {
    /// Of the contacts decided in the period (by the local date of the decision), how many were
    /// decided within the working minutes their RAG rating allows under `policy` — exactly the
    /// contact's own decision clock (`ContactClocks.decision` not breached): counted from receipt,
    /// out of hours from the next working minute, a decision at the due instant being in time. The
    /// rating is the contact's final one.
    public static func timelinessByRAG(
        la: String, period: ReportPeriod, contacts: some Sequence<ReportContact>, policy: ClockPolicy = .standard,
        calendar: WorkingCalendar = WorkingCalendar()
    ) -> RAGTimelinessReport {
        timelinessByRAG(scope: ReportScope(.init(code: la, calendar: calendar, clockPolicy: policy)), period: period, contacts: contacts)
    }

    /// Over every authority in `scope`, each contact judged by its own authority's clock. A rating's
    /// working minutes are shown only when every authority allows the same.
    public static func timelinessByRAG(scope: ReportScope, period: ReportPeriod, contacts: some Sequence<ReportContact>) -> RAGTimelinessReport {
        var decided: [RAGRow: Tally] = [:]
        var within: [RAGRow: Tally] = [:]
        for contact in contacts {
            guard let authority = scope.authority(contact.la) else { continue }
            let calendar = authority.calendar, policy = authority.clockPolicy
            guard let decision = contact.decision, period.contains(calendar.localDate(of: decision.decidedAt)) else { continue }
            let row = RAGRow(contact.rag)
            let due = calendar.adding(workingMinutes: policy.minutes(for: contact.rag), to: contact.receivedAt)
            for target in [row, .overall] {
                decided[target, default: Tally()].add(contact.id, weight: contact.children)
                if decision.decidedAt <= due { within[target, default: Tally()].add(contact.id, weight: contact.children) }
            }
        }
        var allowed: [RAGRow: Int] = [:]
        for rag in [RAG.red, .amber, .green, nil] as [RAG?] { allowed[RAGRow(rag)] = scope.minutesAllowed(for: rag) }
        return RAGTimelinessReport(la: scope.name, period: period, allowed: allowed, decided: decided, within: within)
    }
}
