import Foundation

/// Decisions within one working day (Working Together) and within three working days (Warwickshire).
public enum DecisionTimelinessMeasure: String, ReportMeasure {
    case contactsDecided = "contacts_decided"
    case withinOneWorkingDay = "decided_within_one_working_day"
    case withinOneWorkingDayPercentage = "decided_within_one_working_day_percentage"
    case withinThreeWorkingDays = "decided_within_three_working_days"
    case withinThreeWorkingDaysPercentage = "decided_within_three_working_days_percentage"

    public var label: String {
        switch self {
        case .contactsDecided: "Contacts decided"
        case .withinOneWorkingDay: "Decided within one working day"
        case .withinOneWorkingDayPercentage: "% decided within one working day"
        case .withinThreeWorkingDays: "Decided within three working days"
        case .withinThreeWorkingDaysPercentage: "% decided within three working days"
        }
    }
}

public typealias DecisionTimelinessReport = MeasureTable<DecisionTimelinessMeasure>

extension Reports {
    /// Of the contacts decided in the period (by the local date of the decision), how many were
    /// decided within one and within three working days of receipt.
    ///
    /// A working day is one working period of the authority's hours, counted from receipt as the
    /// contact's own clocks count (out of hours, from the next working minute): "within one working
    /// day" is exactly `ContactClocks.oneWorkingDay` not breached. A decision at the due instant is in time.
    public static func decisionTimeliness(
        la: String, period: ReportPeriod, contacts: some Sequence<ReportContact>, calendar: WorkingCalendar = WorkingCalendar()
    ) -> DecisionTimelinessReport {
        decisionTimeliness(scope: ReportScope(.init(code: la, calendar: calendar)), period: period, contacts: contacts)
    }

    /// Over every authority in `scope`, each contact's working days being its own authority's.
    public static func decisionTimeliness(scope: ReportScope, period: ReportPeriod, contacts: some Sequence<ReportContact>) -> DecisionTimelinessReport {
        var decided = Tally()
        var withinOne = Tally()
        var withinThree = Tally()
        for contact in contacts {
            guard let calendar = scope.authority(contact.la)?.calendar else { continue }
            let day = calendar.hours.minutesPerDay
            guard let decision = contact.decision, period.contains(calendar.localDate(of: decision.decidedAt)) else { continue }
            decided.add(contact.id, weight: contact.children)
            if decision.decidedAt <= calendar.adding(workingMinutes: day, to: contact.receivedAt) {
                withinOne.add(contact.id, weight: contact.children)
            }
            if decision.decidedAt <= calendar.adding(workingMinutes: 3 * day, to: contact.receivedAt) {
                withinThree.add(contact.id, weight: contact.children)
            }
        }
        return DecisionTimelinessReport(
            la: scope.name, period: period,
            values: [
                .contactsDecided: .count(decided.count),
                .withinOneWorkingDay: .count(withinOne.count),
                .withinOneWorkingDayPercentage: .percentage(ExactRatio(withinOne.count, decided.count)),
                .withinThreeWorkingDays: .count(withinThree.count),
                .withinThreeWorkingDaysPercentage: .percentage(ExactRatio(withinThree.count, decided.count)),
            ],
            traces: [
                .contactsDecided: MeasureTrace(records: decided.ids),
                .withinOneWorkingDay: MeasureTrace(records: withinOne.ids),
                .withinOneWorkingDayPercentage: MeasureTrace(records: withinOne.ids, denominator: decided.ids),
                .withinThreeWorkingDays: MeasureTrace(records: withinThree.ids),
                .withinThreeWorkingDaysPercentage: MeasureTrace(records: withinThree.ids, denominator: decided.ids),
            ]
        )
    }
}
