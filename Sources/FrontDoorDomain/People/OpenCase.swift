import Foundation

/// A period during which a child was known to children's social care beyond the front door:
/// a child in need or child protection episode recorded as such, or one that follows from a
/// referral the MASH progressed to an assessment or a strategy discussion.
public struct CaseInvolvement: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case childInNeed = "child-in-need"
        case childProtection = "child-protection"
        case lookedAfter = "looked-after"

        /// The more serious status wins when two are open at once.
        var rank: Int {
            switch self {
            case .childInNeed: 1
            case .childProtection: 2
            case .lookedAfter: 3
            }
        }
    }

    public var kind: Kind
    /// Opened at this instant.
    public var from: Date
    /// Closed at this instant (exclusive); nil while open.
    public var until: Date?
    /// Who holds the case: a named worker or a team.
    public var heldBy: String?
    /// "episode" for a recorded episode, "referral" for one derived from a referral.
    public var basis: String

    public init(kind: Kind, from: Date, until: Date?, heldBy: String?, basis: String) {
        self.kind = kind
        self.from = from
        self.until = until
        self.heldBy = heldBy
        self.basis = basis
    }

    public func isOpen(at instant: Date) -> Bool {
        from <= instant && (until.map { instant < $0 } ?? true)
    }
}

/// What a referral tells about a case: only the facts the open-case rule needs.
public struct ReferralCaseFacts: Sendable, Equatable {
    public var decidedAt: Date?
    public var outcome: ReferralOutcome?
    /// The team the case went to, when the decision named one.
    public var team: String?
    /// The local date the case was closed (CIN census CINclosureDate).
    public var closedOn: LocalDate?
    public var cpPlanStartedOn: LocalDate?
    public var cpPlanEndedOn: LocalDate?

    public init(decidedAt: Date?, outcome: ReferralOutcome?, team: String? = nil, closedOn: LocalDate? = nil,
                cpPlanStartedOn: LocalDate? = nil, cpPlanEndedOn: LocalDate? = nil) {
        self.decidedAt = decidedAt
        self.outcome = outcome
        self.team = team
        self.closedOn = closedOn
        self.cpPlanStartedOn = cpPlanStartedOn
        self.cpPlanEndedOn = cpPlanEndedOn
    }
}

/// The open-case rule (issue: "whether a child has an open case at a given time is derived from the
/// records and drives contacts on open cases").
///
/// - A recorded episode is open from its opening instant until its closing instant.
/// - A referral decided as `assessment` or `strategy-discussion` opens a child in need case at the
///   decision, open until the end of its closure date (Europe/London) or still open without one.
/// - Within it, a child protection plan makes the case a child protection case from the start of
///   the plan's first day until the end of its last day (or the case's closure).
/// - Referrals closed in the MASH, stepped to early help or undecided open no case: the front door's
///   own work is not an open case.
public enum OpenCaseRule {
    public static func involvements(referral: ReferralCaseFacts, calendar: WorkingCalendar) -> [CaseInvolvement] {
        guard let decidedAt = referral.decidedAt, let outcome = referral.outcome,
              outcome == .assessment || outcome == .strategyDiscussion
        else { return [] }
        let caseEnd = referral.closedOn.map { calendar.endOfDay($0) }
        if let end = caseEnd, end <= decidedAt { return [] }
        var result = [CaseInvolvement(kind: .childInNeed, from: decidedAt, until: caseEnd, heldBy: referral.team, basis: "referral")]
        if let planStart = referral.cpPlanStartedOn {
            let from = max(calendar.startOfDay(planStart), decidedAt)
            var until = referral.cpPlanEndedOn.map { calendar.endOfDay($0) }
            if let end = caseEnd { until = until.map { min($0, end) } ?? end }
            if until.map({ from < $0 }) ?? true {
                result.append(CaseInvolvement(kind: .childProtection, from: from, until: until, heldBy: referral.team, basis: "referral"))
            }
        }
        return result
    }

    /// The involvements open at an instant, the most serious first.
    public static func open(_ involvements: [CaseInvolvement], at instant: Date) -> [CaseInvolvement] {
        involvements.filter { $0.isOpen(at: instant) }.sorted { ($0.kind.rank, $0.from) > ($1.kind.rank, $1.from) }
    }

    /// The child's status at an instant: the most serious open involvement, or nil.
    public static func status(_ involvements: [CaseInvolvement], at instant: Date) -> CaseInvolvement.Kind? {
        open(involvements, at: instant).first?.kind
    }
}

extension WorkingCalendar {
    /// Local midnight at the end of `date` (the start of the next day), as an instant.
    public func endOfDay(_ date: LocalDate) -> Date {
        startOfDay(self.date(byAddingDays: 1, to: date) ?? date)
    }
}
