import Foundation

/// The police's risk rating of a domestic abuse incident (the DASH assessment: standard, medium, high).
public enum PoliceRisk: String, CaseIterable, Codable, Sendable {
    case standard, medium, high

    public var label: String {
        switch self {
        case .standard: "Standard"
        case .medium: "Medium"
        case .high: "High"
        }
    }
}

/// The agencies that attend the daily high-risk domestic abuse (HRDA) meeting (Hampshire paragraph 11).
public enum MeetingAgency: String, CaseIterable, Codable, Sendable {
    case police, health
    case childrensMASH = "childrens-mash"
    case adultMASH = "adult-mash"
    case domesticAbuseService = "domestic-abuse-service"

    public var label: String {
        switch self {
        case .police: "Police"
        case .health: "Health"
        case .childrensMASH: "Children's MASH"
        case .adultMASH: "Adult MASH"
        case .domesticAbuseService: "Domestic abuse service"
        }
    }
}

/// What the meeting decided for one case; it is written back to the contact's history.
public enum MeetingCaseOutcome: String, CaseIterable, Codable, Sendable {
    /// The contact goes on to a referral to the MASH.
    case progressToReferral = "progress-to-referral"
    /// The case is open: the allocated worker is told and updates the plan.
    case allocatedWorkerInformed = "allocated-worker-informed"
    /// Referred to the multi-agency risk assessment conference.
    case maracReferral = "marac-referral"
    case earlyHelp = "early-help"
    case noFurtherAction = "no-further-action"

    public var label: String {
        switch self {
        case .progressToReferral: "Progress to referral"
        case .allocatedWorkerInformed: "Allocated worker informed"
        case .maracReferral: "Referred to MARAC"
        case .earlyHelp: "Early help"
        case .noFurtherAction: "No further action"
        }
    }
}

/// The state of one safeguarding action, as recorded.
public enum MeetingActionState: String, CaseIterable, Codable, Sendable {
    case open, done, cancelled
}

/// The state of one safeguarding action as people see it: an open action past its due date is overdue.
public enum MeetingActionStatus: String, CaseIterable, Codable, Sendable {
    case open, overdue, done, cancelled

    public var label: String {
        switch self {
        case .open: "Open"
        case .overdue: "Overdue"
        case .done: "Done"
        case .cancelled: "Cancelled"
        }
    }
}

/// The rules of the daily HRDA meeting: which notifications it considers, over which window.
public enum HRDAMeetingRules {
    /// How many working days before the meeting its window opens, unless an authority sets otherwise.
    public static let defaultLookbackWorkingDays = 1

    /// A notification is on the agenda when the police rated a domestic abuse notification high risk.
    public static func qualifies(isDomesticAbuseNotification: Bool, policeRisk: PoliceRisk?) -> Bool {
        isDomesticAbuseNotification && policeRisk == .high
    }

    /// The window of notifications a meeting on `day` considers: from the start (local midnight) of
    /// the working day `lookback` working days before it, up to the start of the meeting day. With
    /// the default of one day, Tuesday's meeting covers Monday, and Monday's covers Friday, Saturday
    /// and Sunday; after a bank holiday Monday, Tuesday's covers Friday to Monday. Consecutive
    /// meetings' windows then meet exactly: nothing is missed and nothing is considered twice.
    /// nil when `day` is not a working day (no meeting) or `lookback` is below one.
    public static func window(for day: LocalDate, lookbackWorkingDays lookback: Int = defaultLookbackWorkingDays,
                              calendar: WorkingCalendar) -> DateInterval? {
        guard lookback >= 1, calendar.isWorkingDay(day) else { return nil }
        let first = calendar.adding(workingDays: -lookback, to: day)
        let start = calendar.startOfDay(first)
        let end = calendar.startOfDay(day)
        return DateInterval(start: start, end: end)
    }

    /// Whether an action is open, overdue, done or cancelled on `today`: an open action is overdue
    /// from the day after its due date.
    public static func status(of state: MeetingActionState, due: LocalDate, today: LocalDate) -> MeetingActionStatus {
        switch state {
        case .done: .done
        case .cancelled: .cancelled
        case .open: due < today ? .overdue : .open
        }
    }
}
