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
    /// Rows listed under "due soon" and under "breaches" (the breach count covers them all).
    static let listed = 20

    func dashboard(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        try actor.require(.decideContacts)
        let now = req.now
        let calendar = WorkingCalendar(holidays: req.frontDoor.holidays)
        let startOfToday = calendar.startOfDay(calendar.localDate(of: now))
        let laIDs = actor.authorityIDs

        let undecided = try await ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs)
            .filter(\.$state ~~ ContactState.undecided.map(\.rawValue)).limit(ContactQueue.backlogLimit).queueEntries()
        let teams = try await Teams.load(las: laIDs, on: req.db)
        // Every undecided contact's clock is worked out; rows are built only for those shown.
        let ordered = try await ContactQueue.order(undecided, soonestDueFirst: true, req: req)
        let soon = now.addingTimeInterval(Double(Self.hoursAhead) * 3600)
        let dueSoon = ordered.rows.filter { !$0.clocks.decision.breached && $0.clocks.decision.dueAt <= soon }.prefix(Self.listed)
        let breaches = ordered.rows.filter(\.clocks.decision.breached).prefix(Self.listed)
        let rows = try await StaffPages.rows(Array(dueSoon) + Array(breaches), teams: teams, req: req)
        let rowByID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func shown(_ list: ArraySlice<ContactQueue.Timed>) -> [StaffPages.QueueRow] { list.compactMap { rowByID[$0.entry.id.uuidString] } }

        let receivedToday = try await ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$receivedAt >= startOfToday).count()
        let redToday = try await ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$receivedAt >= startOfToday).filter(\.$rag == RAG.red.rawValue).count()
        let decidedToday = try await ContactModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$decidedAt >= startOfToday).count()
        let referralsToday = try await ReferralModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$referredAt >= startOfToday).count()
        let openReferrals = try await ReferralModel.query(on: req.db).filter(\.$laID ~~ laIDs).filter(\.$state ~~ ReferralState.open.map(\.rawValue)).count()
        func count(_ state: ContactState) -> Int { undecided.filter { $0.state == state.rawValue }.count }
        let today = [
            Figure(label: "Contacts received today", value: receivedToday, href: nil),
            Figure(label: "of them rated red", value: redToday, href: nil),
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
            dueSoon: shown(dueSoon), breaches: shown(breaches), breachCount: ordered.breached,
            discussions: discussions, hours: Self.hoursAhead
        )
        return try await StaffWeb.render(req, "staff/dashboard", page)
    }
}
