import Fluent
import FrontDoorDomain
import Vapor

/// A service manager's dashboard: today's contacts and referrals, what falls due in the next hours,
/// the breaches, the backlog of undecided contacts, and today's strategy discussions.
struct DashboardPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(WebErrorPage()).get("dashboard", use: dashboard)
    }

    struct Figure: Encodable {
        var label: String
        var value: Int
        var href: String?
    }

    struct Page: Encodable {
        var title = "Dashboard"
        var csrf: String
        var signedIn = true
        var userName: String
        var nav: StaffNav
        var now: String
        var today: [Figure]
        var backlog: [Figure]
        var dueSoon: [StaffPages.QueueRow]
        var breaches: [StaffPages.QueueRow]
        var breachCount: Int
        var discussions: [ReferralPages.DayItem]
        var hours: Int
    }

    static let hoursAhead = 4

    func dashboard(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.decideContacts)
        let now = req.now
        let calendar = WorkingCalendar(holidays: req.frontDoor.holidays)
        let startOfToday = calendar.startOfDay(calendar.localDate(of: now))
        let laIDs = actor.authorityIDs

        let undecided = try await ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs)
            .filter(\.$state != ContactState.decided.rawValue).limit(ContactQueue.backlogLimit).all()
        let teams = try await Teams.load(las: laIDs, on: req.db)
        let rows = try await StaffPages.rows(undecided, limit: ContactQueue.backlogLimit, soonestDueFirst: true, teams: teams, actor: actor, req: req)
        let dueSoon = rows.filter { !$0.breached && $0.dueAt <= now.addingTimeInterval(Double(Self.hoursAhead) * 3600) }
        let breaches = rows.filter(\.breached)

        let receivedToday = try await ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$receivedAt >= startOfToday).all()
        let decidedToday = try await ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$decidedAt >= startOfToday).count()
        let referralsToday = try await ReferralModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$referredAt >= startOfToday).count()
        let openReferrals = try await ReferralModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$state != ReferralState.decided.rawValue).count()
        func count(_ state: ContactState) -> Int { undecided.filter { $0.state == state.rawValue }.count }
        let today = [
            Figure(label: "Contacts received today", value: receivedToday.count, href: nil),
            Figure(label: "of them rated red", value: receivedToday.filter { $0.rag == "red" }.count, href: nil),
            Figure(label: "Contacts decided today", value: decidedToday, href: nil),
            Figure(label: "Referrals opened today", value: referralsToday, href: "/referrals"),
        ]
        let backlog = [
            Figure(label: "Undecided contacts", value: undecided.count, href: "/work"),
            Figure(label: "Not yet allocated", value: count(.received), href: "/work?state=received"),
            Figure(label: "In screening", value: count(.inScreening), href: "/work?state=in-screening"),
            Figure(label: "Awaiting a decision", value: count(.awaitingDecision), href: "/work?state=awaiting-decision"),
            Figure(label: "Open referrals", value: openReferrals, href: "/referrals"),
        ]
        let discussions = try await StrategyDiscussionsController().day(req: req).map { d in
            ReferralPages.DayItem(
                id: d.id.uuidString, referralId: d.referralId.uuidString, child: d.child, la: d.la, scheduled: StaffWeb.time(d.scheduledAt),
                held: d.heldAt.map(StaffWeb.time), outcome: d.outcome.map(ReferralPages.strategyOutcomeLabel),
                participants: d.participants.map(\.name).joined(separator: ", "), warnings: d.warnings, version: d.version
            )
        }
        let page = Page(
            csrf: req.csrfToken, userName: actor.name, nav: StaffNav(actor), now: StaffWeb.time(now), today: today, backlog: backlog,
            dueSoon: Array(dueSoon.prefix(20)), breaches: Array(breaches.prefix(20)), breachCount: breaches.count,
            discussions: discussions, hours: Self.hoursAhead
        )
        return try await StaffWeb.render(req, "staff/dashboard", page)
    }
}
