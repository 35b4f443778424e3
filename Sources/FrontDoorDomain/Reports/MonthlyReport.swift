import Foundation

/// The monthly front-door report for one local authority or a whole hub: every measure of
/// reports.md for each month, with the records behind each figure.
public struct MonthlyReport: Sendable {
    /// The authority's code, or `hub` (`ReportScope.name`).
    public let la: String
    public let months: [ReportMonth]
    /// For a count, the records counted; for a percentage, its numerator's records.
    /// Without the records when computed with `keepingRecords` false: the figures alone.
    private let tallies: [ReportMonth: [MonthlyMeasure: Tally]]

    init(la: String, months: [ReportMonth], tallies: [ReportMonth: [MonthlyMeasure: Tally]]) {
        self.la = la
        self.months = months
        self.tallies = tallies
    }

    private func tally(_ measure: MonthlyMeasure, _ month: ReportMonth) -> Tally {
        tallies[month]?[measure] ?? Tally()
    }

    /// The figure for one measure in one month (zero, or an undefined percentage, for a month
    /// outside the report).
    public func value(_ measure: MonthlyMeasure, month: ReportMonth) -> ReportValue {
        guard let denominator = measure.denominator else { return .count(tally(measure, month).count) }
        return .percentage(ExactRatio(tally(measure, month).count, tally(denominator, month).count))
    }

    /// The ids of the records behind a figure: for a percentage, its numerator's.
    public func records(for measure: MonthlyMeasure, month: ReportMonth) -> [String] {
        tally(measure, month).ids
    }

    /// How many records a figure counts (for a percentage, its numerator's), weighted as the
    /// figure weighs them: known whether or not the report keeps the records themselves.
    public func counted(_ measure: MonthlyMeasure, month: ReportMonth) -> Int {
        tally(measure, month).count
    }

    /// The records behind a figure, with a percentage's denominator.
    public func trace(for measure: MonthlyMeasure, month: ReportMonth) -> MeasureTrace {
        MeasureTrace(records: records(for: measure, month: month), denominator: measure.denominator.map { tally($0, month).ids })
    }

    /// The machine form: `month,measure,value`, month by month, measures in the order of reports.md.
    public var csv: String {
        var rows: [[String]] = []
        for month in months {
            for measure in MonthlyMeasure.allCases {
                rows.append([month.iso, measure.rawValue, value(measure, month: month).machine])
            }
        }
        return ReportCSV.render(header: ["month", "measure", "value"], rows: rows)
    }

    /// The human form, as the seeds print it: measures as rows, months as columns, percentages whole.
    public var humanTable: [[String]] {
        var table = [["Measure"] + months.map(\.iso)]
        for measure in MonthlyMeasure.allCases {
            table.append([measure.label] + months.map { value(measure, month: $0).human })
        }
        return table
    }

    /// `humanTable` as CSV, for a spreadsheet.
    public var humanCSV: String {
        ReportCSV.render(header: humanTable[0], rows: Array(humanTable.dropFirst()))
    }
}

extension Reports {
    /// The monthly front-door report (reports.md) for `la`, months `from` through `through`.
    ///
    /// - Contacts belong to the month of `receivedAt` in the calendar's time zone (Europe/London) and
    ///   count once per child named.
    /// - Contact outcomes and "resolved" use each contact's decision as recorded now.
    /// - Referrals belong to the month of `referredAt`; section 47 enquiries and children and
    ///   families assessments to the month of their own start dates, whatever the referral's month.
    /// - A referral is timely when `completedAt` is no later than `referralTimescale` working days of
    ///   the authority's hours after `referredAt`, counted as the contact clocks count
    ///   (`WorkingCalendar.adding(workingMinutes:to:)`: out of hours, from the next working minute).
    public static func monthly(
        la: String, from: ReportMonth, through: ReportMonth, contacts: some Sequence<ReportContact>,
        referrals: some Sequence<ReportReferral>, calendar: WorkingCalendar = WorkingCalendar(), referralTimescale: Int = 2
    ) -> MonthlyReport {
        monthly(
            scope: ReportScope(.init(code: la, calendar: calendar, referralTimescale: referralTimescale)),
            from: from, through: through, contacts: contacts, referrals: referrals
        )
    }

    /// The monthly report over every authority in `scope`, each record judged by its own
    /// authority's calendar and referral timescale. Every figure is a count of records, so a hub's
    /// counts are the sums of its authorities' and its percentages are the union's numerator over
    /// the union's denominator.
    ///
    /// With `keepingRecords` false the report holds the figures alone, not the records behind
    /// them. The figures depend only on each contact's month, source, open case, outcome and
    /// children, so the contacts may then be given grouped: one `ReportContact` standing for all the
    /// contacts of a month, source, open case and outcome, its `children` their children summed
    /// (`ReportContact.grouped`).
    public static func monthly(
        scope: ReportScope, from: ReportMonth, through: ReportMonth, contacts: some Sequence<ReportContact>,
        referrals: some Sequence<ReportReferral>, keepingRecords: Bool = true
    ) -> MonthlyReport {
        let months = ReportMonth.range(from: from, through: through)
        // Each authority's calendar with the report's days worked out once (and two months beyond,
        // for the referral clocks that run past the last day): the same answers, computed once a day.
        let firstDay = LocalDate(clampingDayNumber: LocalDate(year: from.year, month: from.month, day: 1).map(\.dayNumber).map { $0 - 1 } ?? 0)
        let lastDay = LocalDate(clampingDayNumber: (LocalDate(year: through.year, month: through.month, day: 1)?.dayNumber ?? 0) + 31 + 62)
        let rules = scope.authorities.map { (calendar: $0.calendar.tabulated(from: firstDay, through: lastDay), timescale: $0.referralTimescale) }
        // Tallies by month and measure, in one array: month index × measures + measure index.
        let measures = MonthlyMeasure.allCases
        var grid = [Tally](repeating: Tally(keepsIDs: keepingRecords), count: months.count * measures.count)
        let slot = Dictionary(uniqueKeysWithValues: measures.enumerated().map { ($1, $0) })
        func monthIndex(_ month: ReportMonth) -> Int? {
            let index = (month.year - from.year) * 12 + month.month - from.month
            return index >= 0 && index < months.count ? index : nil
        }
        func add(_ measure: Int, _ month: Int, _ id: String, weight: Int = 1) {
            grid[month * measures.count + measure].add(id, weight: weight)
        }
        let contactsTotal = slot[.contactsTotal]!, contactsOpenCases = slot[.contactsOpenCases]!, contactsNewCases = slot[.contactsNewCases]!
        let contactSource = SourceGroup.allCases.map { slot[.contactSource($0)]! }
        let contactOutcomeClosed = slot[.contactOutcomeClosed]!, contactOutcomeReferral = slot[.contactOutcomeReferral]!
        let contactOutcomeOther = slot[.contactOutcomeOther]!, contactPercentageResolved = slot[.contactPercentageResolved]!
        let s47Started = slot[.s47Started]!, cfAssessmentsStarted = slot[.cfAssessmentsStarted]!, referralsTotal = slot[.referralsTotal]!
        let referralSource = SourceGroup.allCases.map { slot[.referralSource($0)]! }
        let referralOutcomeClosed = slot[.referralOutcomeClosed]!, referralOutcomeOther = slot[.referralOutcomeOther]!
        let referralOutcomeAssessment = slot[.referralOutcomeAssessment]!
        let referralPercentageProgressed = slot[.referralPercentageProgressedToAssessment]!
        let referralTimeliness = slot[.referralTimelinessPercentage]!
        func sourceIndex(_ group: SourceGroup) -> Int {
            switch group {
            case .education: 0
            case .health: 1
            case .police: 2
            case .other: 3
            }
        }
        for contact in contacts {
            guard let authority = scope.position(of: contact.la) else { continue }
            let calendar = rules[authority].calendar
            guard let month = monthIndex(ReportMonth(calendar.localDate(of: contact.receivedAt))) else { continue }
            let weight = contact.children
            add(contactsTotal, month, contact.id, weight: weight)
            if contact.openCaseAtReceipt {
                add(contactsOpenCases, month, contact.id, weight: weight)
                continue
            }
            add(contactsNewCases, month, contact.id, weight: weight)
            add(contactSource[sourceIndex(contact.source.group)], month, contact.id, weight: weight)
            switch contact.decision?.outcome {
            case .closed:
                add(contactOutcomeClosed, month, contact.id, weight: weight)
                add(contactPercentageResolved, month, contact.id, weight: weight)
            case .referral:
                add(contactOutcomeReferral, month, contact.id, weight: weight)
            case .earlyHelp, .other:
                add(contactOutcomeOther, month, contact.id, weight: weight)
                add(contactPercentageResolved, month, contact.id, weight: weight)
            case nil:
                // Undecided: not resolved, and in no outcome row.
                break
            }
        }
        for referral in referrals {
            guard let authority = scope.position(of: referral.la) else { continue }
            let (calendar, timescale) = rules[authority]
            if let date = referral.s47StartedAt, let month = monthIndex(ReportMonth(date)) {
                add(s47Started, month, referral.id)
            }
            if let date = referral.assessmentStartedAt, let month = monthIndex(ReportMonth(date)) {
                add(cfAssessmentsStarted, month, referral.id)
            }
            guard let month = monthIndex(ReportMonth(calendar.localDate(of: referral.referredAt))) else { continue }
            add(referralsTotal, month, referral.id)
            add(referralSource[sourceIndex(referral.source.group)], month, referral.id)
            switch referral.outcome {
            case .closed: add(referralOutcomeClosed, month, referral.id)
            case .earlyHelp, .other: add(referralOutcomeOther, month, referral.id)
            case .assessment:
                add(referralOutcomeAssessment, month, referral.id)
                add(referralPercentageProgressed, month, referral.id)
            case nil: break
            }
            if let completed = referral.completedAt,
                completed <= calendar.adding(workingMinutes: timescale * calendar.hours.minutesPerDay, to: referral.referredAt)
            {
                add(referralTimeliness, month, referral.id)
            }
        }
        var tallies: [ReportMonth: [MonthlyMeasure: Tally]] = [:]
        for (m, month) in months.enumerated() {
            var row: [MonthlyMeasure: Tally] = [:]
            for (i, measure) in measures.enumerated() where grid[m * measures.count + i].count != 0 || !grid[m * measures.count + i].ids.isEmpty {
                row[measure] = grid[m * measures.count + i]
            }
            tallies[month] = row
        }
        return MonthlyReport(la: scope.name, months: months, tallies: tallies)
    }
}

extension ReportContact {
    /// Contacts grouped as the monthly report counts them: one contact standing for all those of an
    /// authority received in the same month (in its calendar) from the same source, on an open case
    /// or not, with the same outcome, its `children` their children summed. Each group takes the
    /// receipt time and decision time of the first contact in it, and no id. The monthly report's
    /// figures (`Reports.monthly(…, keepingRecords: false)`) are the same from these groups as from
    /// the contacts themselves; the server asks the database for the groups directly.
    public static func grouped(_ contacts: some Sequence<ReportContact>, scope: ReportScope) -> [ReportContact] {
        var order: [GroupKey] = []
        var groups: [GroupKey: ReportContact] = [:]
        for contact in contacts {
            guard let authority = scope.authority(contact.la) else { continue }
            let key = GroupKey(
                la: contact.la, month: ReportMonth(authority.calendar.localDate(of: contact.receivedAt)), source: contact.source,
                openCase: contact.openCaseAtReceipt, outcome: contact.decision?.outcome
            )
            if var group = groups[key] {
                group.children += contact.children
                groups[key] = group
            } else {
                var group = contact
                group.id = ""
                group.rag = nil
                groups[key] = group
                order.append(key)
            }
        }
        return order.map { groups[$0]! }
    }
}

/// What the monthly report tells contacts apart by (`ReportContact.grouped`).
private struct GroupKey: Hashable {
    var la: String
    var month: ReportMonth
    var source: ReferralSource
    var openCase: Bool
    var outcome: ContactOutcome?
}
