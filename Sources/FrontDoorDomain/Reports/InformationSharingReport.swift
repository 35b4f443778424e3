import Foundation

/// Consent and multi-agency information sharing, month by month: how often parents' consent was
/// given, refused or not sought on referrals, how many requests went to partner agencies, how
/// many were shared without consent on a safeguarding reason, and how many answers came late.
public enum InformationSharingReport {
    public struct Referral: Sendable {
        public var referredAt: Date
        public var consent: ConsentToShare?

        public init(referredAt: Date, consent: ConsentToShare?) {
            self.referredAt = referredAt
            self.consent = consent
        }
    }

    public struct Request: Sendable {
        public var requestedAt: Date
        public var withoutConsent: Bool
        public var dueAt: Date
        public var answeredAt: Date?

        public init(requestedAt: Date, withoutConsent: Bool, dueAt: Date, answeredAt: Date?) {
            self.requestedAt = requestedAt
            self.withoutConsent = withoutConsent
            self.dueAt = dueAt
            self.answeredAt = answeredAt
        }
    }

    public static let measures = [
        "referrals_total", "consent_given", "consent_refused", "consent_not_sought", "consent_not_recorded",
        "information_requests", "shared_without_consent", "answered", "answered_late", "unanswered_overdue",
    ]

    /// `month,measure,value` rows for every month from `from` through `through`; `now` decides
    /// which unanswered requests are overdue.
    public static func csv(from: ReportMonth, through: ReportMonth, referrals: [Referral], requests: [Request], now: Date,
                           calendar: WorkingCalendar = WorkingCalendar()) -> String {
        var counts: [ReportMonth: [String: Int]] = [:]
        func add(_ date: Date, _ measure: String) {
            let month = ReportMonth(calendar.localDate(of: date))
            guard month >= from, month <= through else { return }
            counts[month, default: [:]][measure, default: 0] += 1
        }
        for referral in referrals {
            add(referral.referredAt, "referrals_total")
            switch referral.consent {
            case .given: add(referral.referredAt, "consent_given")
            case .refused: add(referral.referredAt, "consent_refused")
            case .notSought: add(referral.referredAt, "consent_not_sought")
            case nil: add(referral.referredAt, "consent_not_recorded")
            }
        }
        for request in requests {
            add(request.requestedAt, "information_requests")
            if request.withoutConsent { add(request.requestedAt, "shared_without_consent") }
            if let answered = request.answeredAt {
                add(request.requestedAt, "answered")
                if answered > request.dueAt { add(request.requestedAt, "answered_late") }
            } else if now > request.dueAt {
                add(request.requestedAt, "unanswered_overdue")
            }
        }
        var lines = ["month,measure,value"]
        for month in ReportMonth.range(from: from, through: through) {
            for measure in measures { lines.append("\(month.iso),\(measure),\(counts[month]?[measure] ?? 0)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
