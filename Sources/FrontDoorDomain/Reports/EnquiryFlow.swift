import Foundation

/// The enquiry flow for a period (Oxfordshire), compared with the same period a year earlier.
public enum EnquiryFlowMeasure: String, ReportMeasure {
    case newContacts = "new_contacts"
    case contactsDecided = "contacts_decided"
    case contactsLeadingToReferral = "contacts_leading_to_referral"
    case contactsOpenAtEnd = "contacts_open_at_end"
    case referrals = "referrals"
    case assessmentsStarted = "assessments_started"
    case assessmentsCompleted = "assessments_completed"
    case assessmentsPerWorkingDay = "assessments_per_working_day"

    public var label: String {
        switch self {
        case .newContacts: "New enquiries in period"
        case .contactsDecided: "Enquiries completed in period"
        case .contactsLeadingToReferral: "Enquiries leading to referral"
        case .contactsOpenAtEnd: "Enquiries open at end of period"
        case .referrals: "Referrals"
        case .assessmentsStarted: "Assessments started"
        case .assessmentsCompleted: "Assessments completed"
        case .assessmentsPerWorkingDay: "Assessments per working day"
        }
    }
}

public struct EnquiryFlowReport: Sendable {
    public let period: MeasureTable<EnquiryFlowMeasure>
    public let yearEarlier: MeasureTable<EnquiryFlowMeasure>

    /// (this period − a year earlier) / a year earlier, as a percentage; undefined when the year
    /// earlier was zero. Rates are compared exactly, not from their rounded forms.
    public func change(_ measure: EnquiryFlowMeasure) -> ReportValue {
        guard let now = Self.ratio(period.value(measure)), let before = Self.ratio(yearEarlier.value(measure)) else {
            return .percentage(nil)
        }
        // (a/b − c/d) / (c/d) = (a·d − c·b) / (b·c)
        return .percentage(ExactRatio(
            now.numerator * before.denominator - before.numerator * now.denominator, now.denominator * before.numerator))
    }

    private static func ratio(_ value: ReportValue) -> ExactRatio? {
        switch value {
        case .count(let count): ExactRatio(count, 1)
        case .percentage(let ratio), .rate(let ratio, _): ratio
        }
    }

    /// `measure,period,year_earlier,change_percentage`.
    public var csv: String {
        ReportCSV.render(
            header: ["measure", "period", "year_earlier", "change_percentage"],
            rows: EnquiryFlowMeasure.allCases.map {
                [$0.rawValue, period.value($0).machine, yearEarlier.value($0).machine, change($0).machine]
            }
        )
    }

    public var humanTable: [[String]] {
        [["Measure", period.period.description, yearEarlier.period.description, "Change"]]
            + EnquiryFlowMeasure.allCases.map { [$0.label, period.value($0).human, yearEarlier.value($0).human, change($0).human] }
    }
}

extension Reports {
    /// The enquiry flow of the period and of the same dates a year earlier:
    /// - new contacts: received in the period;
    /// - contacts decided: decided in the period, whenever received;
    /// - contacts leading to referral: decided in the period with the outcome "referral";
    /// - contacts open at the end: received by the period's last day and not decided by then;
    /// - referrals: received in the period;
    /// - assessments started / completed: children and families assessments started / authorised in
    ///   the period;
    /// - assessments per working day: assessments started over the period's working days.
    ///
    /// Contacts count once per child named; dates are local dates in the calendar's time zone.
    public static func enquiryFlow(
        la: String, period: ReportPeriod, contacts: some Sequence<ReportContact>, referrals: some Sequence<ReportReferral>,
        calendar: WorkingCalendar = WorkingCalendar()
    ) -> EnquiryFlowReport {
        enquiryFlow(scope: ReportScope(.init(code: la, calendar: calendar)), period: period, contacts: contacts, referrals: referrals)
    }

    /// The enquiry flow over every authority in `scope`. Assessments per working day are the
    /// authorities' assessments together over the scope's working days (`ReportScope.workingDays`),
    /// not a sum of the authorities' rates.
    public static func enquiryFlow(
        scope: ReportScope, period: ReportPeriod, contacts: some Sequence<ReportContact>, referrals: some Sequence<ReportReferral>
    ) -> EnquiryFlowReport {
        let contacts = contacts.filter { scope.authority($0.la) != nil }
        let referrals = referrals.filter { scope.authority($0.la) != nil }
        return EnquiryFlowReport(
            period: enquiryFlowTable(scope: scope, period: period, contacts: contacts, referrals: referrals),
            yearEarlier: enquiryFlowTable(scope: scope, period: period.yearEarlier, contacts: contacts, referrals: referrals)
        )
    }

    private static func enquiryFlowTable(
        scope: ReportScope, period: ReportPeriod, contacts: [ReportContact], referrals: [ReportReferral]
    ) -> MeasureTable<EnquiryFlowMeasure> {
        var tallies: [EnquiryFlowMeasure: Tally] = [:]
        for contact in contacts {
            guard let calendar = scope.authority(contact.la)?.calendar else { continue }
            let received = calendar.localDate(of: contact.receivedAt)
            let decided = contact.decision.map { calendar.localDate(of: $0.decidedAt) }
            if period.contains(received) { tallies[.newContacts, default: Tally()].add(contact.id, weight: contact.children) }
            if let decided, period.contains(decided) {
                tallies[.contactsDecided, default: Tally()].add(contact.id, weight: contact.children)
                if contact.decision?.outcome == .referral {
                    tallies[.contactsLeadingToReferral, default: Tally()].add(contact.id, weight: contact.children)
                }
            }
            if received <= period.through, decided.map({ $0 > period.through }) ?? true {
                tallies[.contactsOpenAtEnd, default: Tally()].add(contact.id, weight: contact.children)
            }
        }
        for referral in referrals {
            guard let calendar = scope.authority(referral.la)?.calendar else { continue }
            if period.contains(calendar.localDate(of: referral.referredAt)) { tallies[.referrals, default: Tally()].add(referral.id) }
            if let started = referral.assessmentStartedAt, period.contains(started) {
                tallies[.assessmentsStarted, default: Tally()].add(referral.id)
            }
            if let authorised = referral.assessmentAuthorisedAt, period.contains(authorised) {
                tallies[.assessmentsCompleted, default: Tally()].add(referral.id)
            }
        }
        var values: [EnquiryFlowMeasure: ReportValue] = [:]
        var traces: [EnquiryFlowMeasure: MeasureTrace] = [:]
        for measure in EnquiryFlowMeasure.allCases where measure != .assessmentsPerWorkingDay {
            values[measure] = .count(tallies[measure]?.count ?? 0)
            traces[measure] = MeasureTrace(records: tallies[measure]?.ids ?? [])
        }
        let started = tallies[.assessmentsStarted] ?? Tally()
        values[.assessmentsPerWorkingDay] = .rate(ExactRatio(started.count, scope.workingDays(in: period)), per: 1)
        traces[.assessmentsPerWorkingDay] = MeasureTrace(records: started.ids)
        return MeasureTable(la: scope.name, period: period, values: values, traces: traces)
    }
}
