import Fluent
import FrontDoorDomain
import Vapor

/// The open-case rule (FrontDoorDomain `OpenCaseRule`) over the stored records: recorded case
/// episodes and the referrals the MASH progressed.
enum OpenCases {
    /// Every case involvement of these people, open or closed.
    static func involvements(of people: [UUID], on db: any Database) async throws -> [UUID: [CaseInvolvement]] {
        try await involvements(of: people, on: db).get()
    }

    /// `involvements` as a chain of futures on the database's event loop.
    static func involvements(of people: [UUID], on db: any Database) -> EventLoopFuture<[UUID: [CaseInvolvement]]> {
        guard !people.isEmpty else { return db.eventLoop.makeSucceededFuture([:]) }
        // Local dates are Europe/London days; bank holidays play no part here.
        let calendar = WorkingCalendar(holidays: .englandAndWales)
        let progressed = [ReferralOutcome.assessment.rawValue, ReferralOutcome.strategyDiscussion.rawValue]
        // One query after another: inside a transaction they share one connection.
        var result = db.eventLoop.makeSucceededFuture([UUID: [CaseInvolvement]]())
        for chunk in people.chunked(500) {
            let ids = Array(chunk)
            result = result.flatMap { found in
                CaseEpisodeModel.query(on: db).filter(\.$personID ~~ ids).all().map { episodes in
                    var found = found
                    for episode in episodes {
                        found[episode.personID, default: []].append(CaseInvolvement(
                            kind: CaseInvolvement.Kind(rawValue: episode.kind) ?? .childInNeed, from: episode.openedAt,
                            until: episode.closedAt, heldBy: episode.allocatedWorker, basis: "episode"
                        ))
                    }
                    return found
                }
            }.flatMap { found in
                ReferralModel.query(on: db).filter(\.$childID ~~ ids).filter(\.$outcome ~~ progressed).all().map { referrals in
                    var found = found
                    for referral in referrals {
                        found[referral.childID, default: []] += OpenCaseRule.involvements(referral: referral.caseFacts, calendar: calendar)
                    }
                    return found
                }
            }
        }
        return result
    }

    /// Whether any of these children had an open case at an instant.
    static func anyOpen(_ children: [UUID], at instant: Date, on db: any Database) async throws -> Bool {
        anyOpen(children, at: instant, in: try await involvements(of: children, on: db))
    }

    /// The same, from involvements read already (for several contacts at once).
    static func anyOpen(_ children: [UUID], at instant: Date, in involvements: [UUID: [CaseInvolvement]]) -> Bool {
        children.contains { child in involvements[child].map { !OpenCaseRule.open($0, at: instant).isEmpty } ?? false }
    }
}

extension ReferralModel {
    var caseFacts: ReferralCaseFacts {
        ReferralCaseFacts(
            decidedAt: decidedAt, outcome: outcome.flatMap(ReferralOutcome.init(rawValue:)), team: outcomeTeam,
            closedOn: closedAt.flatMap(LocalDate.init(iso:)), cpPlanStartedOn: cpPlanStartedAt.flatMap(LocalDate.init(iso:))
        )
    }
}
