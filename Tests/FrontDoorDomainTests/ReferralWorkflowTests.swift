import Foundation
import FrontDoorDomain
import Testing

@Suite("The referral state machine")
struct ReferralWorkflowTests {
    static let worker = UUID()
    static let other = UUID()
    static let manager = UUID()
    static let work = ReferralAnalysis(informationGathered: "School and GP spoken to", analysis: "Needs met by family support", recommendation: .earlyHelp)
    static func decision(_ outcome: ReferralOutcome, team: String? = "District team") -> ReferralDecision {
        ReferralDecision(outcome: outcome, team: team, reason: "reason", decidedAt: Date(timeIntervalSince1970: 1_800_000_000), decidedBy: manager)
    }

    static let stages: [ReferralStage] = [
        .unallocated, .allocated(worker: worker), .awaitingDecision(worker: worker, analysis: work), .decided(decision(.closed)),
    ]

    static let actions: [ReferralAction] = [
        .allocate(worker: other), .recordAnalysis(work), .returnToWorker,
        .decide(decision(.closed)), .decide(decision(.strategyDiscussion)), .decide(decision(.assessment, team: nil)),
    ]

    static func expected(_ action: ReferralAction, _ stage: ReferralStage) -> ReferralStage? {
        switch (action, stage) {
        case (_, .decided): nil
        case (.allocate(let w), .unallocated), (.allocate(let w), .allocated): .allocated(worker: w)
        case (.allocate, .awaitingDecision): nil
        case (.recordAnalysis(let a), .allocated(let w)), (.recordAnalysis(let a), .awaitingDecision(let w, _)): .awaitingDecision(worker: w, analysis: a)
        case (.recordAnalysis, .unallocated): nil
        case (.returnToWorker, .awaitingDecision(let w, _)): .allocated(worker: w)
        case (.returnToWorker, _): nil
        case (.decide(let d), .awaitingDecision): d.team == nil && (d.outcome == .assessment || d.outcome == .earlyHelp) ? nil : .decided(d)
        case (.decide(let d), _): d.outcome == .strategyDiscussion ? .decided(d) : nil
        }
    }

    @Test("every action from every stage gives the expected stage or a refusal with a reason", arguments: stages)
    func table(stage: ReferralStage) {
        for action in Self.actions {
            let want = Self.expected(action, stage)
            do {
                let got = try ReferralWorkflow.apply(action, to: stage)
                #expect(got == want, "\(action.name) from \(stage.state)")
            } catch {
                #expect(want == nil, "\(action.name) from \(stage.state): \(error.message)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("a re-referral is one within the 12 months before; the latest such referral is linked")
    func reReferral() {
        let at = RFC3339.parse("2026-11-04T10:00:00Z")!
        let earlier: [(id: Int, referredAt: Date)] = [
            (1, RFC3339.parse("2025-11-03T10:00:00Z")!),   // 12 months and a day before: not within
            (2, RFC3339.parse("2025-11-05T10:00:00Z")!),
            (3, RFC3339.parse("2026-06-01T10:00:00+01:00")!),
            (4, RFC3339.parse("2026-11-05T10:00:00Z")!),   // after: not an earlier referral
        ]
        #expect(ReReferral.previous(for: at, among: earlier) == 3)
        #expect(ReReferral.previous(for: at, among: Array(earlier.prefix(1))) == nil)
        #expect(ReReferral.previous(for: at, among: [(id: 9, referredAt: RFC3339.parse("2025-11-04T10:00:00Z")!)]) == 9)
        // By date, not time of day: a year to the day, even if earlier in the day, is within.
        #expect(ReReferral.previous(for: at, among: [(id: 8, referredAt: RFC3339.parse("2025-11-04T16:00:00Z")!)]) == 8)
        // Only the latest earlier referral counts.
        #expect(ReReferral.previous(for: at, among: [(id: 1, referredAt: RFC3339.parse("2026-01-01T10:00:00Z")!), (id: 2, referredAt: RFC3339.parse("2026-10-01T10:00:00Z")!)]) == 2)
    }

    @Test("referral outcomes map to the report's outcome rows")
    func reportOutcome() {
        #expect(ReferralOutcome.strategyDiscussion.reportOutcome == "assessment")
        #expect(ReferralOutcome.assessment.reportOutcome == "assessment")
        #expect(ReferralOutcome.earlyHelp.reportOutcome == "early-help")
        #expect(ReferralOutcome.closed.reportOutcome == "closed")
        #expect(ReferralOutcome.other.reportOutcome == "other")
        for outcome in ReferralOutcome.allCases {
            #expect(ReferralReportOutcome(rawValue: outcome.reportOutcome) != nil, "\(outcome)")
        }
    }
}

@Suite("The information sharing report")
struct InformationSharingReportTests {
    @Test("consent and requests are counted in the month they happened, late and overdue answers apart")
    func report() throws {
        let at = { (text: String) in RFC3339.parse(text)! }
        let csv = InformationSharingReport.csv(
            from: try #require(ReportMonth(iso: "2026-10")), through: try #require(ReportMonth(iso: "2026-11")),
            referrals: [
                .init(referredAt: at("2026-10-31T23:30:00Z"), consent: .given),   // still 31 October in London (GMT since 25 October)
                .init(referredAt: at("2026-11-02T10:00:00Z"), consent: .refused),
                .init(referredAt: at("2026-11-03T10:00:00Z"), consent: nil),
            ],
            requests: [
                .init(requestedAt: at("2026-11-02T11:00:00Z"), withoutConsent: true, dueAt: at("2026-11-03T11:00:00Z"), answeredAt: at("2026-11-04T09:00:00Z")),
                .init(requestedAt: at("2026-11-02T12:00:00Z"), withoutConsent: false, dueAt: at("2026-11-03T12:00:00Z"), answeredAt: nil),
                .init(requestedAt: at("2026-11-02T13:00:00Z"), withoutConsent: false, dueAt: at("2026-12-03T12:00:00Z"), answeredAt: nil),
            ],
            now: at("2026-11-10T10:00:00Z")
        )
        let rows = Set(csv.split(separator: "\n").map(String.init))
        #expect(rows.contains("2026-10,consent_given,1"))
        #expect(rows.contains("2026-11,consent_refused,1"))
        #expect(rows.contains("2026-11,consent_not_recorded,1"))
        #expect(rows.contains("2026-11,referrals_total,2"))
        #expect(rows.contains("2026-11,information_requests,3"))
        #expect(rows.contains("2026-11,shared_without_consent,1"))
        #expect(rows.contains("2026-11,answered,1"))
        #expect(rows.contains("2026-11,answered_late,1"))
        #expect(rows.contains("2026-11,unanswered_overdue,1"))
        #expect(csv.split(separator: "\n").count == 1 + 2 * InformationSharingReport.measures.count)
    }
}
