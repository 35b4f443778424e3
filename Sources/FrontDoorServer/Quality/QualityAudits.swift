import Fluent
import FrontDoorDomain
import Vapor

struct QualityAuditSummaryResponse: Content {
    var cases: Int
    var gradedCases: Int
    var gradings: Int
    var byGrade: [String: Int]
    var disagreements: Int
}

struct QualityGradingResponse: Content {
    var id: UUID
    var auditor: String
    var agency: String
    var grade: String
    var gradeLabel: String
    var findings: String
    @NullEncodable var learningActions: String?
    @NullEncodable var gradedAt: Date?
}

struct QualityAuditCaseResponse: Content {
    var id: UUID
    var position: Int
    var recordType: String
    var recordId: UUID
    var stratum: String
    var child: String
    var gradings: [QualityGradingResponse]
}

struct QualityAuditResponse: Content {
    var id: UUID
    var la: String
    var theme: String
    var periodFrom: String
    var periodTo: String
    var rule: String
    var ruleLabel: String
    @NullEncodable var sampleSize: Int?
    var seed: String
    var cases: [QualityAuditCaseResponse]
    var summary: QualityAuditSummaryResponse
}

struct QualityAuditListItem: Content {
    var id: UUID
    var la: String
    var theme: String
    var periodFrom: String
    var periodTo: String
    var rule: String
    var cases: Int
}

/// What an auditor sees of one sampled case: the record, its decision and its history.
struct QualityCaseView: Content {
    var auditId: UUID
    var theme: String
    var item: QualityAuditCaseResponse
    var receivedAt: Date
    var source: String
    @NullEncodable var type: String?
    @NullEncodable var summary: String?
    @NullEncodable var rag: String?
    var state: String
    @NullEncodable var outcome: String?
    @NullEncodable var decisionReason: String?
    @NullEncodable var decidedAt: Date?
    var history: [ContactEventResponse]
}

struct MissingStrategyDiscussionResponse: Content {
    struct Indicator: Content {
        var at: Date
        var kind: String
        var label: String
        var recordType: String
        var recordId: UUID
    }

    var childId: UUID
    var child: String
    var indicators: [Indicator]
}

struct MissingStrategyDiscussionList: Content {
    var la: String
    var from: String
    var to: String
    var threshold: Int
    var rule: String
    var children: [MissingStrategyDiscussionResponse]
}

/// Multi-agency thematic audits (Hampshire paragraph 16) and the pattern finder for Warwickshire's
/// inspection finding (5.13). The API controller and the web pages both call these.
enum QualityAudits {
    struct DefinitionInput: Content {
        var la: String?
        var theme: String?
        var periodFrom: String?
        var periodTo: String?
        var rule: String?
        var sampleSize: Int?
        var seed: String?
    }

    /// A period of local dates, from and to inclusive, as instants.
    static func period(from: LocalDate, to: LocalDate, calendar: WorkingCalendar) -> DateInterval {
        let end = calendar.startOfDay(calendar.date(byAddingDays: 1, to: to) ?? to)
        return DateInterval(start: calendar.startOfDay(from), end: max(end, calendar.startOfDay(from)))
    }

    static func readPeriod(_ fromText: String?, _ toText: String?, _ check: inout InputChecker, fromField: String = "periodFrom", toField: String = "periodTo") -> (LocalDate, LocalDate)? {
        var from: LocalDate?
        var to: LocalDate?
        if let text = check.require(fromText, fromField, maxLength: 10) {
            from = LocalDate(iso: text)
            if from == nil { check.add(fromField, "is not a date in the form YYYY-MM-DD") }
        }
        if let text = check.require(toText, toField, maxLength: 10) {
            to = LocalDate(iso: text)
            if to == nil { check.add(toField, "is not a date in the form YYYY-MM-DD") }
        }
        guard let from, let to else { return nil }
        if to < from { check.add(toField, "is before \(fromField)"); return nil }
        return (from, to)
    }

    static func create(_ input: DefinitionInput, actor: Actor, req: Request) async throws -> QualityAuditModel {
        let la = try await req.grantedAuthority(code: input.la)
        var check = InputChecker()
        let theme = check.require(input.theme, "theme", maxLength: 300)
        let dates = readPeriod(input.periodFrom, input.periodTo, &check)
        let rule: SamplingRule? = check.choice(input.rule, "rule")
        var size: Int?
        if rule?.isRandom == true {
            size = input.sampleSize ?? 20
            if let s = size, !(1...500).contains(s) { check.add("sampleSize", "must be a whole number from 1 to 500") }
        }
        var seedText = check.optional(input.seed, "seed", maxLength: 20)
        if let text = seedText, UInt64(text) == nil { check.add("seed", "must be a whole number from 0 to 18446744073709551615") }
        try check.finish()
        guard let theme, let (from, to) = dates, let rule else { throw APIError.badRequest("could not read the audit") }
        // No seed given: one derived from the definition, so the same definition draws the same sample.
        if seedText == nil { seedText = String(AuditSampler.seed(for: [la.code, from.iso, to.iso, rule.rawValue, String(size ?? 0), theme].joined(separator: "|"))) }
        let seed = UInt64(seedText ?? "0") ?? 0
        let calendar = la.calendar(holidays: req.frontDoor.holidays)
        let laID = try la.requireID()
        let interval = period(from: from, to: to, calendar: calendar)
        let candidates = try await self.candidates(rule, la: laID, period: interval, on: req.db)
        let drawn = rule.isRandom
            ? AuditSampler.draw(candidates.map(\.candidate), size: size ?? 20, seed: seed)
            : candidates.map(\.candidate).sorted { ($0.stratum, $0.key) < ($1.stratum, $1.key) }
        let detail = Dictionary(candidates.map { ($0.candidate.key, $0) }, uniquingKeysWith: { a, _ in a })
        let audit = QualityAuditModel()
        audit.id = UUID()
        audit.laID = laID
        audit.theme = theme
        audit.periodFrom = from.iso
        audit.periodTo = to.iso
        audit.rule = rule.rawValue
        audit.sampleSize = size
        audit.seed = seedText ?? "0"
        audit.createdBy = actor.userID
        var cases: [QualityAuditCaseModel] = []
        for (index, candidate) in drawn.enumerated() {
            guard let record = detail[candidate.key], let recordID = UUID(uuidString: candidate.key) else { continue }
            let item = QualityAuditCaseModel()
            item.id = UUID()
            item.auditID = audit.id!
            item.recordType = record.type
            item.recordID = recordID
            item.childID = record.child
            item.stratum = candidate.stratum
            item.position = index + 1
            cases.append(item)
        }
        let sample = cases
        try await req.db.transaction { db in
            try await req.audit("create", "quality-audit", audit.id, changes: ["rule": [nil, rule.rawValue], "cases": [nil, String(sample.count)]], on: db)
            try await audit.create(on: db)
            for item in sample { try await item.create(on: db) }
        }
        return audit
    }

    /// A case a rule may sample, with the record it points at.
    struct Candidate {
        var candidate: SampleCandidate
        var type: String
        var child: UUID?
    }

    /// The cases a rule may sample in a period.
    static func candidates(_ rule: SamplingRule, la: UUID, period: DateInterval, on db: any Database) async throws -> [Candidate] {
        switch rule {
        case .decidedContactsByOutcome:
            let contacts = try await ContactModel.query(on: db).filter(\.$laID == la).filter(\.$state == ContactState.decided.rawValue)
                .filter(\.$decidedAt >= period.start).filter(\.$decidedAt < period.end).all()
            let links = try await ContactPersonModel.query(on: db).filter(\.$contactID ~~ contacts.compactMap(\.id)).filter(\.$role == "child").sort(\.$position).all()
            var firstChild: [UUID: UUID] = [:]
            for link in links where firstChild[link.contactID] == nil { firstChild[link.contactID] = link.personID }
            return contacts.compactMap { c in c.id.map { Candidate(candidate: SampleCandidate(key: $0.uuidString, stratum: c.outcome ?? "other"), type: "contact", child: firstChild[$0]) } }
        case .allReReferrals:
            // A re-referral is linked to the child's previous referral when it is made (ReReferral:
            // within the 12 calendar months before, in London dates), as the monthly report counts it.
            let reReferrals = try await ReferralModel.query(on: db).filter(\.$laID == la).filter(\.$previousReferralID != nil)
                .filter(\.$referredAt >= period.start).filter(\.$referredAt < period.end).all()
            return reReferrals.compactMap { r in r.id.map { Candidate(candidate: SampleCandidate(key: $0.uuidString, stratum: "re-referral"), type: "referral", child: r.childID) } }
        case .missingStrategyDiscussions:
            let findings = try await missingStrategyDiscussions(la: la, period: period, threshold: MissingStrategyDiscussionRule.defaultThreshold, on: db)
            return findings.compactMap { finding -> Candidate? in
                guard let last = finding.indicators.last else { return nil }
                let type = (last.kind == .childProtectionReferral || last.kind == .abuseFactor) ? "referral" : "contact"
                return Candidate(candidate: SampleCandidate(key: last.record.uuidString, stratum: "missing-strategy-discussion"), type: type, child: finding.child)
            }
        }
    }

    // MARK: the pattern finder

    static func missingStrategyDiscussions(la: UUID, period: DateInterval, threshold: Int, on db: any Database) async throws -> [MissingStrategyDiscussionFinding] {
        var indicators: [ProtectionIndicator] = []
        let contacts = try await ContactModel.query(on: db).filter(\.$laID == la)
            .filter(\.$receivedAt >= period.start).filter(\.$receivedAt < period.end)
            .group(.or) { $0.filter(\.$rag == RAG.red.rawValue).filter(\.$policeRisk == PoliceRisk.high.rawValue) }.all()
        let links = try await ContactPersonModel.query(on: db).filter(\.$contactID ~~ contacts.compactMap(\.id)).filter(\.$role == "child").all()
        for contact in contacts {
            guard let id = contact.id else { continue }
            let isHighRisk = contact.policeRisk == PoliceRisk.high.rawValue && contact.type == ContactType.domesticAbuseNotification.rawValue
            let kind: ProtectionIndicator.Kind? = isHighRisk ? .highRiskDomesticAbuse : (contact.rag == RAG.red.rawValue ? .redContact : nil)
            guard let kind else { continue }
            for link in links where link.contactID == id {
                indicators.append(ProtectionIndicator(child: link.personID, at: contact.receivedAt, kind: kind, record: id))
            }
        }
        let referrals = try await ReferralModel.query(on: db).filter(\.$laID == la)
            .filter(\.$referredAt >= period.start).filter(\.$referredAt < period.end).all()
        for referral in referrals {
            guard let id = referral.id else { continue }
            if referral.kind == ReferralKind.childProtection.rawValue {
                indicators.append(ProtectionIndicator(child: referral.childID, at: referral.referredAt, kind: .childProtectionReferral, record: id, concern: referral.contactID))
            } else if !MissingStrategyDiscussionRule.abuseFactorCodes.isDisjoint(with: referral.assessmentFactors) {
                indicators.append(ProtectionIndicator(child: referral.childID, at: referral.referredAt, kind: .abuseFactor, record: id, concern: referral.contactID))
            }
        }
        // Strategy discussions held for these children: recorded discussions, discussion dates from
        // history, and section 47 enquiries (which only start from a strategy discussion).
        let children = Array(Set(indicators.map(\.child)))
        var discussions: [UUID: [Date]] = [:]
        if !children.isEmpty {
            let all = try await ReferralModel.query(on: db).filter(\.$laID == la).filter(\.$childID ~~ children).all()
            let childOf = Dictionary(all.compactMap { r in r.id.map { ($0, r.childID) } }, uniquingKeysWith: { a, _ in a })
            let calendar = WorkingCalendar()
            for referral in all {
                if let at = referral.strategyDiscussionAt { discussions[referral.childID, default: []].append(at) }
                if let day = referral.s47StartedAt.flatMap(LocalDate.init(iso:)) {
                    // The discussion came before the enquiry: count it as held by the end of that day.
                    discussions[referral.childID, default: []].append(calendar.startOfDay(day))
                }
            }
            let held = try await StrategyDiscussionModel.query(on: db).filter(\.$referralID ~~ Array(childOf.keys)).filter(\.$heldAt != nil).all()
            for discussion in held {
                if let child = childOf[discussion.referralID], let at = discussion.heldAt { discussions[child, default: []].append(at) }
            }
        }
        return MissingStrategyDiscussionRule.find(indicators: indicators, discussions: discussions, period: period, threshold: threshold)
    }

    static func patternResponse(_ findings: [MissingStrategyDiscussionFinding], on db: any Database) async throws -> [MissingStrategyDiscussionResponse] {
        let people = try await PersonModel.query(on: db).filter(\.$id ~~ findings.map(\.child)).all()
        let byID = Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        return findings.map { finding in
            MissingStrategyDiscussionResponse(
                childId: finding.child, child: byID[finding.child].map { "\($0.givenName) \($0.familyName)" } ?? "Unknown",
                indicators: finding.indicators.map {
                    .init(at: $0.at, kind: $0.kind.rawValue, label: $0.kind.label,
                          recordType: ($0.kind == .childProtectionReferral || $0.kind == .abuseFactor) ? "referral" : "contact", recordId: $0.record)
                }
            )
        }
    }

    // MARK: reading

    static func find(_ text: String?, actor: Actor, on db: any Database) async throws -> QualityAuditModel {
        guard let text, let id = UUID(uuidString: text),
              let audit = try await QualityAuditModel.query(on: db).filter(\.$id == id).filter(\.$laID ~~ actor.authorityIDs).first()
        else { throw APIError.notFound("the audit") }
        return audit
    }

    /// A sampled case of this audit; 404 for anything not in its sample, so an auditor sees the
    /// sampled cases and nothing else.
    static func findCase(_ audit: QualityAuditModel, _ text: String?, on db: any Database) async throws -> QualityAuditCaseModel {
        guard let text, let id = UUID(uuidString: text),
              let item = try await QualityAuditCaseModel.query(on: db).filter(\.$auditID == audit.requireID()).filter(\.$id == id).first()
        else { throw APIError.notFound("the case in this audit's sample") }
        return item
    }

    static func list(laIDs: [UUID], on db: any Database) async throws -> [QualityAuditListItem] {
        let audits = try await QualityAuditModel.query(on: db).filter(\.$laID ~~ laIDs).sort(\.$createdAt, .descending).all()
        let las = try await LocalAuthorityModel.query(on: db).all()
        let codes = Dictionary(las.compactMap { la in la.id.map { ($0, la.code) } }, uniquingKeysWith: { a, _ in a })
        var result: [QualityAuditListItem] = []
        for audit in audits {
            let count = try await QualityAuditCaseModel.query(on: db).filter(\.$auditID == audit.requireID()).count()
            result.append(.init(id: try audit.requireID(), la: codes[audit.laID] ?? "", theme: audit.theme, periodFrom: audit.periodFrom,
                                periodTo: audit.periodTo, rule: audit.rule, cases: count))
        }
        return result
    }

    static func response(_ audit: QualityAuditModel, actor: Actor, on db: any Database) async throws -> QualityAuditResponse {
        let auditID = try audit.requireID()
        guard let la = try await LocalAuthorityModel.find(audit.laID, on: db) else { throw APIError.notFound("the local authority") }
        let cases = try await QualityAuditCaseModel.query(on: db).filter(\.$auditID == auditID).sort(\.$position).all()
        let gradings = try await QualityGradingModel.query(on: db).filter(\.$caseID ~~ cases.compactMap(\.id)).sort(\.$createdAt).all()
        let items = try await caseResponses(cases, gradings: gradings, actor: actor, on: db)
        let summary = AuditSummary.of(cases.map { item in gradings.filter { $0.caseID == item.id }.compactMap { AuditGrade(rawValue: $0.grade) } })
        return QualityAuditResponse(
            id: auditID, la: la.code, theme: audit.theme, periodFrom: audit.periodFrom, periodTo: audit.periodTo, rule: audit.rule,
            ruleLabel: SamplingRule(rawValue: audit.rule)?.label ?? audit.rule, sampleSize: audit.sampleSize, seed: audit.seed, cases: items,
            summary: QualityAuditSummaryResponse(
                cases: summary.cases, gradedCases: summary.gradedCases, gradings: summary.gradings,
                byGrade: Dictionary(uniqueKeysWithValues: summary.byGrade.map { ($0.key.rawValue, $0.value) }), disagreements: summary.disagreements
            )
        )
    }

    static func caseResponses(_ cases: [QualityAuditCaseModel], gradings: [QualityGradingModel], actor: Actor, on db: any Database) async throws -> [QualityAuditCaseResponse] {
        let childIDs = cases.compactMap(\.childID)
        let people = try await PersonModel.query(on: db).filter(\.$id ~~ childIDs).all()
        let byID = Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let hidden = try await Restrictions.hidden(childIDs, from: actor, on: db)
        let auditors = try await ContactStore.userRefs(Array(Set(gradings.map(\.auditorID))), on: db)
        return try cases.map { item in
            let child: String = if let id = item.childID {
                hidden[id] != nil ? "Restricted record" : (byID[id].map { "\($0.givenName) \($0.familyName)" } ?? "Unknown")
            } else { "No child named" }
            return QualityAuditCaseResponse(
                id: try item.requireID(), position: item.position, recordType: item.recordType, recordId: item.recordID, stratum: item.stratum, child: child,
                gradings: try gradings.filter { $0.caseID == item.id }.map { g in
                    QualityGradingResponse(id: try g.requireID(), auditor: auditors[g.auditorID]?.name ?? "", agency: g.agency, grade: g.grade,
                                           gradeLabel: AuditGrade(rawValue: g.grade)?.label ?? g.grade, findings: g.findings,
                                           learningActions: g.learningActions, gradedAt: g.createdAt)
                }
            )
        }
    }

    static func caseView(_ audit: QualityAuditModel, _ item: QualityAuditCaseModel, actor: Actor, on db: any Database) async throws -> QualityCaseView {
        if let child = item.childID { try await Restrictions.requireOpen(person: child, to: actor, on: db) }
        let gradings = try await QualityGradingModel.query(on: db).filter(\.$caseID == item.requireID()).sort(\.$createdAt).all()
        guard let entry = try await caseResponses([item], gradings: gradings, actor: actor, on: db).first else { throw APIError.notFound("the case") }
        if item.recordType == "referral" {
            guard let referral = try await ReferralModel.find(item.recordID, on: db) else { throw APIError.notFound("the referral") }
            let events = try await ReferralEventModel.query(on: db).filter(\.$referralID == item.recordID).sort(\.$at).all()
            return QualityCaseView(
                auditId: try audit.requireID(), theme: audit.theme, item: entry, receivedAt: referral.referredAt, source: referral.source, type: referral.kind,
                summary: referral.analysis, rag: nil, state: referral.state, outcome: referral.outcome, decisionReason: referral.decisionReason,
                decidedAt: referral.decidedAt,
                history: try await ContactStore.history(events.map { ($0.at, $0.actorID, $0.action, $0.fromState, $0.toState, $0.detail) }, on: db)
            )
        }
        guard let contact = try await ContactModel.find(item.recordID, on: db) else { throw APIError.notFound("the contact") }
        try await Restrictions.requireOpen(contact: item.recordID, to: actor, on: db)
        return QualityCaseView(
            auditId: try audit.requireID(), theme: audit.theme, item: entry, receivedAt: contact.receivedAt, source: contact.source, type: contact.type,
            summary: contact.narrative, rag: contact.rag, state: contact.state, outcome: contact.outcome, decisionReason: contact.decisionReason,
            decidedAt: contact.decidedAt, history: try await ContactStore.events(of: contact, on: db)
        )
    }

    // MARK: grading

    struct GradingInput: Content {
        var agency: String?
        var grade: String?
        var findings: String?
        var learningActions: String?
    }

    static func grade(_ item: QualityAuditCaseModel, _ input: GradingInput, actor: Actor, req: Request) async throws -> QualityGradingModel {
        var check = InputChecker()
        let agency = check.require(input.agency ?? actor.agency, "agency", maxLength: 100)
        let grade: AuditGrade? = check.choice(input.grade, "grade")
        let findings = check.require(input.findings, "findings", maxLength: 20_000)
        let learning = check.optional(input.learningActions, "learningActions", maxLength: 20_000)
        try check.finish()
        guard let agency, let grade, let findings else { throw APIError.badRequest("could not read the grading") }
        let grading = QualityGradingModel()
        grading.id = UUID()
        grading.caseID = try item.requireID()
        grading.auditorID = actor.userID
        grading.agency = agency
        grading.grade = grade.rawValue
        grading.findings = findings
        grading.learningActions = learning
        try await req.db.transaction { db in
            try await req.audit("create", "quality-grading", grading.id, changes: ["grade": [nil, grade.rawValue], "agency": [nil, agency]], on: db)
            try await grading.create(on: db)
        }
        return grading
    }
}
