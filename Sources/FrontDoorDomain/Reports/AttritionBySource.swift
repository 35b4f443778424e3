import Foundation

/// The steps of attrition by source (Birmingham): contacts, and what they became.
public enum AttritionStep: String, CaseIterable, Sendable {
    case contacts = "contacts"
    case referrals = "referrals"
    case assessments = "assessments"
    case strategyDiscussions = "strategy_discussions"
    case s47Enquiries = "s47_enquiries"
    case initialChildProtectionConferences = "initial_child_protection_conferences"

    public var label: String {
        switch self {
        case .contacts: "Contacts"
        case .referrals: "became referrals"
        case .assessments: "became assessments"
        case .strategyDiscussions: "became strategy discussions"
        case .s47Enquiries: "became S47 enquiries"
        case .initialChildProtectionConferences: "went to an initial child protection conference"
        }
    }
}

public struct AttritionReport: Sendable {
    public let la: String
    public let period: ReportPeriod
    /// Keyed by source group; nil is every source together.
    private let tallies: [SourceGroup?: [AttritionStep: Tally]]

    init(la: String, period: ReportPeriod, tallies: [SourceGroup?: [AttritionStep: Tally]]) {
        self.la = la
        self.period = period
        self.tallies = tallies
    }

    /// For `group` nil, every source together.
    public func count(_ step: AttritionStep, group: SourceGroup?) -> Int {
        tallies[group]?[step]?.count ?? 0
    }

    /// The step as a share of the group's contacts.
    public func percentageOfContacts(_ step: AttritionStep, group: SourceGroup?) -> ReportValue {
        .percentage(ExactRatio(count(step, group: group), count(.contacts, group: group)))
    }

    /// Contact ids for `.contacts`, referral ids for every later step.
    public func records(for step: AttritionStep, group: SourceGroup?) -> [String] {
        tallies[group]?[step]?.ids ?? []
    }

    private static let groups: [SourceGroup?] = SourceGroup.allCases.map { $0 } + [nil]

    /// `source_group,step,count,percentage_of_contacts`, groups in the order education, health,
    /// police, other, then `all`.
    public var csv: String {
        var rows: [[String]] = []
        for group in Self.groups {
            for step in AttritionStep.allCases {
                rows.append([group?.rawValue ?? "all", step.rawValue, String(count(step, group: group)), percentageOfContacts(step, group: group).machine])
            }
        }
        return ReportCSV.render(header: ["source_group", "step", "count", "percentage_of_contacts"], rows: rows)
    }

    /// Birmingham's list for one group: "4481 contacts", "2203 (49%) became referrals", ….
    public func humanLines(group: SourceGroup?) -> [String] {
        AttritionStep.allCases.map { step in
            step == .contacts
                ? "\(count(step, group: group)) contacts"
                : "\(count(step, group: group)) (\(percentageOfContacts(step, group: group).human)) \(step.label)"
        }
    }
}

extension Reports {
    /// For the contacts received in the period (all contacts, by the local date of receipt, once per
    /// child named), grouped by their source, how many became each later step. A step is counted on
    /// the referrals that name one of those contacts as theirs (`contactId`), whenever the referral
    /// was made: referrals; assessments (a children and families assessment started);
    /// strategy discussions; section 47 enquiries; initial child protection conferences — each when
    /// its date is recorded. Percentages are of the group's contacts.
    public static func attritionBySource(
        la: String, period: ReportPeriod, contacts: some Sequence<ReportContact>, referrals: some Sequence<ReportReferral>,
        calendar: WorkingCalendar = WorkingCalendar()
    ) -> AttritionReport {
        attritionBySource(scope: ReportScope(.init(code: la, calendar: calendar)), period: period, contacts: contacts, referrals: referrals)
    }

    /// Over every authority in `scope`: a referral follows its own authority's contact.
    public static func attritionBySource(
        scope: ReportScope, period: ReportPeriod, contacts: some Sequence<ReportContact>, referrals: some Sequence<ReportReferral>
    ) -> AttritionReport {
        var tallies: [SourceGroup?: [AttritionStep: Tally]] = [:]
        var groupOfContact: [String: SourceGroup] = [:]
        for contact in contacts {
            guard let calendar = scope.authority(contact.la)?.calendar, period.contains(calendar.localDate(of: contact.receivedAt)) else { continue }
            let group = contact.source.group
            groupOfContact[contact.id] = group
            for target in [group, nil] as [SourceGroup?] {
                tallies[target, default: [:]][.contacts, default: Tally()].add(contact.id, weight: contact.children)
            }
        }
        for referral in referrals where scope.authority(referral.la) != nil {
            guard let contactId = referral.contactId, let group = groupOfContact[contactId] else { continue }
            var steps: [AttritionStep] = [.referrals]
            if referral.assessmentStartedAt != nil { steps.append(.assessments) }
            if referral.strategyDiscussionAt != nil { steps.append(.strategyDiscussions) }
            if referral.s47StartedAt != nil { steps.append(.s47Enquiries) }
            if referral.icpcAt != nil { steps.append(.initialChildProtectionConferences) }
            for target in [group, nil] as [SourceGroup?] {
                for step in steps { tallies[target, default: [:]][step, default: Tally()].add(referral.id) }
            }
        }
        return AttritionReport(la: scope.name, period: period, tallies: tallies)
    }
}
