import Fluent
import FrontDoorDomain
import Vapor

/// Loads history in interchange format v1: the whole file is checked first and nothing is written
/// if any line is wrong; a good file is written in one transaction, keyed on (la, ref), so that
/// importing it again changes nothing.
struct InterchangeImport: Sendable {
    let db: any Database
    let now: Date
    var actorID: UUID?
    var route = "frontdoor import"
    var progress: @Sendable (Int) -> Void = { _ in }

    struct Summary: Content, Equatable {
        var lines: Int
        var localAuthorities: Int
        var people: Int
        var contacts: Int
        var referrals: Int
    }

    struct Refused: Error, CustomStringConvertible {
        let validation: InterchangeValidation
        var description: String { "the file has \(validation.problems.count) bad line(s); nothing was written" }
    }

    /// `open` gives a fresh reader each time: the file is read twice, once to check, once to write,
    /// so a million-line file never has to be held in memory.
    func run(open: @escaping @Sendable () throws -> InterchangeReader) async throws -> Summary {
        var checker = InterchangeValidator(keepRecords: false)
        var reader = try open()
        try reader.forEach { _ = checker.check($0) }
        let existing = try await existingKeys(checker.unresolvedKeys)
        let validation = checker.finish(existing: existing)
        guard validation.isValid else { throw Refused(validation: validation) }

        let lines = validation.lineCount
        let (now, actorID, route, progress) = (self.now, self.actorID, self.route, self.progress)
        return try await db.transaction { db in
            var writer = Writer(db: db, now: now, actorID: actorID, route: route)
            var reader = try open()
            var validator = InterchangeValidator(isKnown: { existing.contains($0) }, keepRecords: false)
            var count = 0
            while let line = try reader.next() {
                guard let record = validator.check(line) else { continue }
                try await writer.write(record)
                count += 1
                if count.isMultiple(of: 5000) { progress(count) }
            }
            try await writer.flushAudit()
            try await writer.deriveOpenCases()
            progress(count)
            return Summary(
                lines: lines, localAuthorities: writer.counts[.localAuthority, default: 0], people: writer.counts[.person, default: 0],
                contacts: writer.counts[.contact, default: 0], referrals: writer.counts[.referral, default: 0]
            )
        }
    }

    /// Which of the keys a file points at but does not define are already in the database.
    private func existingKeys(_ keys: Set<InterchangeKey>) async throws -> Set<InterchangeKey> {
        var found: Set<InterchangeKey> = []
        let codes = keys.filter { $0.kind == .localAuthority }.map(\.la)
        let las = try await LocalAuthorityModel.query(on: db).all()
        let laByCode = Dictionary(las.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        for code in codes where laByCode[code] != nil { found.insert(.localAuthority(code)) }
        let byKindAndLA = Dictionary(grouping: keys.filter { $0.kind != .localAuthority }) { "\($0.kind.rawValue)|\($0.la)" }
        for (_, group) in byKindAndLA {
            guard let first = group.first, let laID = laByCode[first.la]?.id else { continue }
            for chunk in group.map(\.ref).chunked(500) {
                let refs = Array(chunk)
                let present: [String?] = switch first.kind {
                case .person: try await PersonModel.query(on: db).filter(\.$laID == laID).filter(\.$ref ~~ refs).all().map(\.ref)
                case .contact: try await ContactModel.query(on: db).filter(\.$laID == laID).filter(\.$ref ~~ refs).all().map(\.ref)
                case .referral: try await ReferralModel.query(on: db).filter(\.$laID == laID).filter(\.$ref ~~ refs).all().map(\.ref)
                case .localAuthority: []
                }
                for ref in present.compactMap({ $0 }) { found.insert(InterchangeKey(kind: first.kind, la: first.la, ref: ref)) }
            }
        }
        return found
    }
}

/// Writes checked records, remembering the ids of what it wrote so that later lines can point at them.
private struct Writer {
    let db: any Database
    let now: Date
    let actorID: UUID?
    let route: String
    var counts: [InterchangeKind: Int] = [:]
    private var las: [String: LocalAuthorityModel] = [:]
    private var ids: [InterchangeKey: UUID] = [:]
    private var audit: [AuditEntry] = []
    private var deriveOpenCase: [UUID] = []

    init(db: any Database, now: Date, actorID: UUID?, route: String) {
        self.db = db
        self.now = now
        self.actorID = actorID
        self.route = route
    }

    mutating func write(_ record: InterchangeRecord) async throws {
        counts[record.kind, default: 0] += 1
        switch record {
        case .localAuthority(let item):
            let la = try await LocalAuthorityModel.query(on: db).filter(\.$code == item.code).first()
                ?? LocalAuthorityModel(code: item.code, name: item.name)
            la.name = item.name
            la.childPopulation = item.childPopulation ?? la.childPopulation
            try await la.save(on: db)
            las[item.code] = la
        case .person(let item):
            let laID = try await laID(item.la)
            let person = try await PersonModel.query(on: db).filter(\.$laID == laID).filter(\.$ref == item.ref).first()
                ?? PersonModel(laID: laID, ref: item.ref, details: item.details)
            person.update(from: item.details)
            try await person.save(on: db)
            try await remember(.person, item.la, item.ref, person.requireID(), type: "person")
        case .contact(let item):
            let laID = try await laID(item.la)
            let contact = try await ContactModel.query(on: db).filter(\.$laID == laID).filter(\.$ref == item.ref).first() ?? ContactModel()
            let isNew = contact.id == nil
            contact.laID = laID
            contact.ref = item.ref
            contact.receivedAt = item.receivedAt
            contact.source = item.source.rawValue
            contact.channel = item.channel?.rawValue
            contact.type = item.type.rawValue
            contact.rag = item.rag?.rawValue
            contact.narrative = item.summary
            contact.openCaseAtReceipt = item.openCaseAtReceipt ?? false
            if let decision = item.decision {
                contact.state = ContactState.decided.rawValue
                contact.outcome = decision.outcome.rawValue
                contact.decidedAt = decision.decidedAt
                contact.closure = decision.outcome == .closed ? ClosureKind.noFurtherAction.rawValue : nil
                contact.decisionReason = contact.decisionReason ?? "Imported from history."
            } else if isNew {
                contact.state = ContactState.received.rawValue
            }
            if isNew { contact.version = 1 }
            try await contact.save(on: db)
            let contactID = try contact.requireID()
            try await ContactPersonModel.query(on: db).filter(\.$contactID == contactID).delete()
            var position = 0
            for (role, refs) in [("child", item.children), ("adult", item.adults)] {
                for ref in refs {
                    let personID = try await id(.person, item.la, ref)
                    try await ContactPersonModel(contactID: contactID, personID: personID, role: role, position: position).create(on: db)
                    position += 1
                }
            }
            if item.openCaseAtReceipt == nil { deriveOpenCase.append(contactID) }
            try await remember(.contact, item.la, item.ref, contactID, type: "contact")
        case .referral(let item):
            let laID = try await laID(item.la)
            let referral = try await ReferralModel.query(on: db).filter(\.$laID == laID).filter(\.$ref == item.ref).first() ?? ReferralModel()
            let isNew = referral.id == nil
            referral.laID = laID
            referral.ref = item.ref
            referral.childID = try await id(.person, item.la, item.child)
            referral.contactID = try await item.contact.asyncMap { try await id(.contact, item.la, $0) }
            referral.referredAt = item.referredAt
            referral.source = item.source.rawValue
            if isNew {
                referral.kind = ReferralKind.childInNeed.rawValue
                referral.version = 1
            }
            let outcome = item.outcome.flatMap { ReferralOutcome(importing: $0) }
            if let outcome, let completed = item.completedAt {
                referral.state = ReferralState.decided.rawValue
                referral.outcome = outcome.rawValue
                referral.decidedAt = completed
                referral.decisionReason = referral.decisionReason ?? "Imported from history."
            } else {
                referral.state = ReferralState.unallocated.rawValue
                referral.outcome = outcome?.rawValue
                referral.decidedAt = item.completedAt
            }
            referral.nfa = item.nfa
            referral.strategyDiscussionAt = item.strategyDiscussionAt
            referral.s47StartedAt = item.s47StartedAt?.iso
            referral.assessmentStartedAt = item.assessmentStartedAt?.iso
            referral.assessmentAuthorisedAt = item.assessmentAuthorisedAt?.iso
            if isNew { referral.assessmentFactors = [] }
            referral.icpcAt = item.icpcAt?.iso
            referral.cpPlanStartedAt = item.cpPlanStartedAt?.iso
            referral.closedAt = item.closedAt?.iso
            referral.reasonForClosure = item.reasonForClosure?.rawValue
            referral.primaryNeed = item.primaryNeed?.rawValue
            try await referral.save(on: db)
            let referralID = try referral.requireID()
            // A referral that went on to an assessment is an open case until it closes.
            try await CaseEpisodeModel.query(on: db).filter(\.$personID == referral.childID).filter(\.$kind == "referral:\(referralID.uuidString)").delete()
            if outcome == .assessment || outcome == .strategyDiscussion {
                let calendar = WorkingCalendar()
                let closed = item.closedAt.map { calendar.startOfDay($0) }
                try await CaseEpisodeModel(laID: laID, personID: referral.childID, kind: "referral:\(referralID.uuidString)",
                                           openedAt: item.referredAt, closedAt: closed).create(on: db)
            }
            try await remember(.referral, item.la, item.ref, referralID, type: "referral")
        }
        if audit.count >= 500 { try await flushAudit() }
    }

    mutating func flushAudit() async throws {
        try await AuditLog.append(audit, on: db)
        audit.removeAll(keepingCapacity: true)
    }

    /// Contacts whose file did not say whether they were on an open case: derived from the
    /// children's open cases at receipt, once every line is written.
    func deriveOpenCases() async throws {
        for contactID in deriveOpenCase {
            guard let contact = try await ContactModel.find(contactID, on: db) else { continue }
            let children = try await ContactPersonModel.query(on: db).filter(\.$contactID == contactID).filter(\.$role == "child").all().map(\.personID)
            let open = try await !PeopleQueries.openEpisodes(of: children, at: contact.receivedAt, on: db).isEmpty
            if open != contact.openCaseAtReceipt {
                contact.openCaseAtReceipt = open
                try await contact.save(on: db)
            }
        }
    }

    private mutating func remember(_ kind: InterchangeKind, _ la: String, _ ref: String, _ id: UUID, type: String) async throws {
        ids[InterchangeKey(kind: kind, la: la, ref: ref)] = id
        audit.append(AuditEntry(at: now, actorID: actorID, action: "import", recordType: type, recordID: id, route: route, remoteAddress: nil, changes: nil))
    }

    private mutating func laID(_ code: String) async throws -> UUID {
        if let la = las[code] { return try la.requireID() }
        guard let la = try await LocalAuthorityModel.query(on: db).filter(\.$code == code).first() else {
            throw APIError.badRequest("local authority \(code) is not defined")
        }
        las[code] = la
        return try la.requireID()
    }

    private mutating func id(_ kind: InterchangeKind, _ la: String, _ ref: String) async throws -> UUID {
        let key = InterchangeKey(kind: kind, la: la, ref: ref)
        if let id = ids[key] { return id }
        let laID = try await laID(la)
        let found: UUID? = switch kind {
        case .person: try await PersonModel.query(on: db).filter(\.$laID == laID).filter(\.$ref == ref).first()?.id
        case .contact: try await ContactModel.query(on: db).filter(\.$laID == laID).filter(\.$ref == ref).first()?.id
        case .referral: try await ReferralModel.query(on: db).filter(\.$laID == laID).filter(\.$ref == ref).first()?.id
        case .localAuthority: nil
        }
        guard let found else { throw APIError.badRequest("\(key) is not defined") }
        ids[key] = found
        return found
    }
}

extension ReferralOutcome {
    /// The decision recorded in history, from the interchange outcome.
    init?(importing outcome: ReferralReportOutcome) {
        switch outcome.rawValue {
        case "closed": self = .closed
        case "early-help": self = .earlyHelp
        case "assessment": self = .assessment
        default: self = .other
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
