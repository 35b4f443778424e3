import Fluent
import FrontDoorDomain
import Vapor

/// What a report is asked for: one local authority, or the whole hub (issue #7: "per local
/// authority or for the whole hub"). One deployment serves one hub, so the hub is every local
/// authority in the database; its figures follow `ReportScope` (each record judged by its own
/// authority's rules, the figures computed over the union of the records).
struct ReportTarget: Sendable {
    /// In order of code.
    let authorities: [LocalAuthorityModel]
    let isHub: Bool

    /// As `la` names it: the authority's code, or `hub`.
    var name: String { isHub ? ReportScope.hubName : authorities.first?.code ?? "" }

    /// For titles: "Hampshire", or "the whole hub (850 Hampshire, 921 Isle of Wight)".
    var title: String {
        isHub ? "the whole hub (" + authorities.map { "\($0.code) \($0.name)" }.joined(separator: ", ") + ")" : authorities.first?.name ?? ""
    }

    func scope(holidays: BankHolidays) -> ReportScope {
        let rules = authorities.map { $0.reportRules(holidays: holidays) }
        return isHub ? ReportScope(hub: rules) : ReportScope(rules[0])
    }

    /// One authority.
    init(_ la: LocalAuthorityModel) {
        authorities = [la]
        isHub = false
    }

    /// Every authority of the hub.
    static func hub(on db: any Database) async throws -> ReportTarget {
        ReportTarget(authorities: try await LocalAuthorityModel.query(on: db).sort(\.$code).all(), isHub: true)
    }

    private init(authorities: [LocalAuthorityModel], isHub: Bool) {
        self.authorities = authorities
        self.isHub = isHub
    }

    /// `hub` or an authority's code, with no user to check (the command line).
    static func named(_ code: String?, on db: any Database) async throws -> ReportTarget? {
        guard let code else { return nil }
        if code == ReportScope.hubName {
            let hub = try await hub(on: db)
            return hub.authorities.isEmpty ? nil : hub
        }
        return try await LocalAuthorityModel.query(on: db).filter(\.$code == code).first().map(ReportTarget.init)
    }
}

extension LocalAuthorityModel {
    /// The rules reports judge this authority's records by.
    func reportRules(holidays: BankHolidays) -> ReportScope.Authority {
        ReportScope.Authority(
            code: code, calendar: calendar(holidays: holidays), clockPolicy: clockPolicy,
            referralTimescale: max(1, referralChildInNeedMinutes / max(1, workingHours.minutesPerDay)), childPopulation: childPopulation
        )
    }
}

extension Request {
    /// A report's `la`: the code of an authority the user is granted, or `hub` for a user granted
    /// every authority of the hub (a hub-wide manager or analyst). A user who lacks any of them is
    /// refused with 403 `hub-not-granted` (without naming the authorities they lack).
    func reportTarget(code: String?, field: String = "la") async throws -> ReportTarget {
        guard code == ReportScope.hubName else { return ReportTarget(try await grantedAuthority(code: code, field: field)) }
        let actor = try actor()
        let hub = try await ReportTarget.hub(on: db)
        let missing = hub.authorities.filter { $0.id.map { !actor.mayAccess(la: $0) } ?? true }
        guard missing.isEmpty, !hub.authorities.isEmpty else {
            throw APIError(
                status: .forbidden, code: "hub-not-granted",
                message: "the whole hub's reports are for users granted every local authority the hub serves, and you are not "
                    + "(yours: \(actor.authorities.values.sorted().joined(separator: ", "))); choose one of yours, or ask an administrator"
            )
        }
        return hub
    }

    /// One audit row per authority whose records a report read.
    func auditReport(_ action: String, _ report: String, _ target: ReportTarget) async throws {
        for la in target.authorities { try await audit(action, report, la.id) }
    }
}
