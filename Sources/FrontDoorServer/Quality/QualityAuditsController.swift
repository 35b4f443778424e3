import Fluent
import FrontDoorDomain
import Vapor

/// `/api/v1/quality-audits`: thematic audits — quality auditors (`quality.audit`) define them, draw
/// a reproducible sample, and grade the sampled cases, which are all they can see.
/// `/api/v1/patterns/missing-strategy-discussions`: the pattern finder, for managers to review.
struct QualityAuditsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let audits = routes.grouped("quality-audits")
        audits.post(use: create).requires(.auditQuality)
        audits.get(use: list).requires(.auditQuality)
        audits.get(":auditID", use: show).requires(.auditQuality)
        audits.get(":auditID", "cases", ":caseID", use: showCase).requires(.auditQuality)
        audits.post(":auditID", "cases", ":caseID", "gradings", use: grade).requires(.auditQuality)
        routes.get("patterns", "missing-strategy-discussions", use: pattern).requires(.decideReferrals)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor(.auditQuality)
        let audit = try await QualityAudits.create(try req.content.decode(QualityAudits.DefinitionInput.self), actor: actor, req: req)
        return try jsonResponse(try await QualityAudits.response(audit, actor: actor, on: req.db), status: .created)
    }

    func list(req: Request) async throws -> Response {
        let actor = try req.actor(.auditQuality)
        return try jsonResponse(try await QualityAudits.list(laIDs: actor.authorityIDs, on: req.db), status: .ok)
    }

    func show(req: Request) async throws -> Response {
        let actor = try req.actor(.auditQuality)
        let audit = try await QualityAudits.find(req.parameters.get("auditID"), actor: actor, on: req.db)
        let response = try await QualityAudits.response(audit, actor: actor, on: req.db)
        try await req.audit("read", "quality-audit", audit.id)
        return try jsonResponse(response, status: .ok)
    }

    func showCase(req: Request) async throws -> Response {
        let actor = try req.actor(.auditQuality)
        let audit = try await QualityAudits.find(req.parameters.get("auditID"), actor: actor, on: req.db)
        let item = try await QualityAudits.findCase(audit, req.parameters.get("caseID"), on: req.db)
        let view = try await QualityAudits.caseView(audit, item, actor: actor, on: req.db)
        try await req.audit("read", item.recordType, item.recordID)
        return try jsonResponse(view, status: .ok)
    }

    func grade(req: Request) async throws -> Response {
        let actor = try req.actor(.auditQuality)
        let audit = try await QualityAudits.find(req.parameters.get("auditID"), actor: actor, on: req.db)
        let item = try await QualityAudits.findCase(audit, req.parameters.get("caseID"), on: req.db)
        _ = try await QualityAudits.grade(item, try req.content.decode(QualityAudits.GradingInput.self), actor: actor, req: req)
        return try jsonResponse(try await QualityAudits.caseView(audit, item, actor: actor, on: req.db), status: .created)
    }

    /// Children with repeated child protection indicators and no strategy discussion in the period
    /// (`?la=850&from=2026-10-01&to=2026-10-31&threshold=2`; by default the last 90 days).
    func pattern(req: Request) async throws -> Response {
        let actor = try req.actor(.decideReferrals)
        let la = try await req.grantedAuthority(code: req.query[String.self, at: "la"])
        let calendar = la.calendar(holidays: req.frontDoor.holidays)
        let today = calendar.localDate(of: req.now)
        var check = InputChecker()
        let from = req.query[String.self, at: "from"] ?? (calendar.date(byAddingDays: -90, to: today) ?? today).iso
        let to = req.query[String.self, at: "to"] ?? today.iso
        let dates = QualityAudits.readPeriod(from, to, &check, fromField: "from", toField: "to")
        var threshold = MissingStrategyDiscussionRule.defaultThreshold
        if let text = req.query[String.self, at: "threshold"] {
            if let value = Int(text), (1...20).contains(value) { threshold = value } else { check.add("threshold", "must be a whole number from 1 to 20") }
        }
        try check.finish()
        guard let (start, end) = dates else { throw APIError.badRequest("could not read the period") }
        let findings = try await QualityAudits.missingStrategyDiscussions(
            la: try la.requireID(), period: QualityAudits.period(from: start, to: end, calendar: calendar), threshold: threshold, on: req.db)
        let children = try await QualityAudits.patternResponse(findings, on: req.db)
        let hidden = try await Restrictions.hidden(children.map(\.childId), from: actor, on: req.db)
        try await req.audit("list", "pattern-missing-strategy-discussion", nil)
        return try jsonResponse(MissingStrategyDiscussionList(
            la: la.code, from: start.iso, to: end.iso, threshold: threshold,
            rule: "at least \(threshold) concerns (a contact, or a referral not made from one already counted) with a child protection indicator (red rating, high-risk domestic abuse, child protection referral, abuse factor) and no strategy discussion held since the first",
            children: children.map { child in
                var entry = child
                if hidden[child.childId] != nil { entry.child = "Restricted record" }
                return entry
            }
        ), status: .ok)
    }
}
