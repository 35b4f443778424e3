import Fluent
import SQLKit
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
    /// From this many lines on, the planner's statistics are refreshed after the import.
    var refreshStatisticsFrom = 10_000
    /// The SQLite page cache a large import's connection gets for its length, in KiB (256 MiB;
    /// `frontdoor import --cache-mib` sets it: a ten-year county file needs gigabytes).
    var largeImportCacheKiB = 262_144

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
        let (now, actorID, route, progress, largeImportCacheKiB) = (self.now, self.actorID, self.route, self.progress, self.largeImportCacheKiB)
        let large = lines >= refreshStatisticsFrom
        let summary = try await db.transaction { db in
            // SQLite keeps 2 MB of pages per connection by default; a large import updates
            // indexes keyed by random ids all over the file, so its connection gets a large cache
            // for the length of the import (given back below). When the indexes outgrow it, every
            // insert spills pages to the WAL again and the import slows to the disk's pace.
            if large { try await Self.sqliteCache(kibibytes: largeImportCacheKiB, on: db) }
            var writer = Writer(db: db, now: now, actorID: actorID, route: route)
            var count = 0
            do {
                var reader = try open()
                var validator = InterchangeValidator(isKnown: { existing.contains($0) }, keepRecords: false)
                while let line = try reader.next() {
                    guard let record = validator.check(line) else { continue }
                    try await writer.write(record)
                    count += 1
                    if count.isMultiple(of: 5000) { progress(count) }
                }
                try await writer.flush()
                try await writer.deriveOpenCases()
            } catch {
                if large { try? await Self.sqliteCache(kibibytes: 2_000, on: db) }
                throw error
            }
            if large { try await Self.sqliteCache(kibibytes: 2_000, on: db) }
            progress(count)
            return Summary(
                lines: lines, localAuthorities: writer.counts[.localAuthority, default: 0], people: writer.counts[.person, default: 0],
                contacts: writer.counts[.contact, default: 0], referrals: writer.counts[.referral, default: 0]
            )
        }
        // After a large load the planner's statistics describe the old tables (on PostgreSQL a
        // search was five times slower until they were refreshed): refresh them now.
        if large { try await Self.refreshStatistics(on: db) }
        return summary
    }

    /// The page cache of this SQLite connection (nothing on PostgreSQL).
    static func sqliteCache(kibibytes: Int, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(kibibytes))").run()
    }

    /// The query planner's statistics, gathered again (SQLite samples each index, PostgreSQL
    /// samples each table).
    static func refreshStatistics(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("PRAGMA analysis_limit=1000").run()
        }
        try await sql.raw("ANALYZE").run()
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

/// Writes checked records in batches: one query finds which of a batch's refs already exist
/// (those are updated one by one, as a re-import does), and the new ones are inserted together.
/// Ids are given here, so later lines can point at records not yet flushed.
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
    private var people: [InterchangePerson] = []
    private var contacts: [InterchangeContact] = []
    private var referrals: [InterchangeReferral] = []
    static let batchSize = 1000

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
            try await flush()
            let la = try await LocalAuthorityModel.query(on: db).filter(\.$code == item.code).first()
                ?? LocalAuthorityModel(code: item.code, name: item.name)
            la.name = item.name
            la.childPopulation = item.childPopulation ?? la.childPopulation
            try await la.save(on: db)
            las[item.code] = la
        case .person(let item): people.append(item)
        case .contact(let item): contacts.append(item)
        case .referral(let item): referrals.append(item)
        }
        if people.count + contacts.count + referrals.count >= Self.batchSize { try await flush() }
    }

    /// Writes everything buffered: people, then contacts and their links, then referrals, so every
    /// foreign key points at a row already written.
    mutating func flush() async throws {
        try await flushPeople()
        try await flushContacts()
        try await flushReferrals()
        try await AuditLog.append(audit, on: db)
        audit.removeAll(keepingCapacity: true)
    }

    private mutating func flushPeople() async throws {
        guard !people.isEmpty else { return }
        let batch = people
        people.removeAll(keepingCapacity: true)
        var fresh: [PersonModel] = []
        for (la, items) in Dictionary(grouping: batch, by: \.la) {
            let laID = try await laID(la)
            let found = try await PersonModel.query(on: db).filter(\.$laID == laID).filter(\.$ref ~~ items.map(\.ref)).all()
            let byRef = Dictionary(found.compactMap { p in p.ref.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
            for item in items {
                if let person = byRef[item.ref] {
                    person.update(from: item.details)
                    try await person.save(on: db)
                    try await PersonKeys.index([person], on: db)
                    remember(.person, la, item.ref, try person.requireID(), type: "person")
                } else {
                    let person = PersonModel(laID: laID, ref: item.ref, details: item.details)
                    person.id = UUID()
                    fresh.append(person)
                    remember(.person, la, item.ref, try person.requireID(), type: "person")
                }
            }
        }
        for chunk in fresh.chunked(500) { try await chunk.create(on: db) }
        try await PersonKeys.index(fresh, on: db, fresh: true)
    }

    private mutating func flushContacts() async throws {
        guard !contacts.isEmpty else { return }
        let batch = contacts
        contacts.removeAll(keepingCapacity: true)
        var fresh: [ContactModel] = []
        var links: [ContactPersonModel] = []
        var relinked: [UUID] = []
        for (la, items) in Dictionary(grouping: batch, by: \.la) {
            let laID = try await laID(la)
            let found = try await ContactModel.query(on: db).filter(\.$laID == laID).filter(\.$ref ~~ items.map(\.ref)).all()
            let byRef = Dictionary(found.compactMap { c in c.ref.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
            for item in items {
                let existing = byRef[item.ref]
                let contact = existing ?? ContactModel()
                if existing == nil {
                    contact.id = UUID()
                    contact.state = ContactState.received.rawValue
                    contact.version = 1
                }
                contact.laID = laID
                contact.ref = item.ref
                contact.receivedAt = item.receivedAt
                contact.source = item.source.rawValue
                contact.channel = item.channel?.rawValue
                contact.type = item.type.rawValue
                contact.rag = item.rag?.rawValue
                contact.narrative = item.summary
                contact.openCaseAtReceipt = item.openCaseAtReceipt ?? false
                contact.childrenNamed = item.children.count
                if let decision = item.decision {
                    contact.state = ContactState.decided.rawValue
                    contact.outcome = decision.outcome.rawValue
                    contact.decidedAt = decision.decidedAt
                    contact.closure = decision.outcome == .closed ? ClosureKind.noFurtherAction.rawValue : nil
                    contact.decisionReason = contact.decisionReason ?? "Imported from history."
                }
                let contactID = try contact.requireID()
                if existing != nil {
                    try await contact.save(on: db)
                    relinked.append(contactID)
                } else {
                    fresh.append(contact)
                }
                var position = 0
                for (role, refs) in [("child", item.children), ("adult", item.adults)] {
                    for ref in refs {
                        links.append(ContactPersonModel(contactID: contactID, personID: try await id(.person, la, ref), role: role, position: position))
                        position += 1
                    }
                }
                if item.openCaseAtReceipt == nil { deriveOpenCase.append(contactID) }
                remember(.contact, la, item.ref, contactID, type: "contact")
            }
        }
        for chunk in relinked.chunked(500) { try await ContactPersonModel.query(on: db).filter(\.$contactID ~~ Array(chunk)).delete() }
        for chunk in fresh.chunked(300) { try await chunk.create(on: db) }
        for chunk in links.chunked(500) { try await chunk.create(on: db) }
    }

    private mutating func flushReferrals() async throws {
        guard !referrals.isEmpty else { return }
        let batch = referrals
        referrals.removeAll(keepingCapacity: true)
        var fresh: [ReferralModel] = []
        var episodes: [CaseEpisodeModel] = []
        var replaced: [String] = []
        let calendar = WorkingCalendar()
        for (la, items) in Dictionary(grouping: batch, by: \.la) {
            let laID = try await laID(la)
            let found = try await ReferralModel.query(on: db).filter(\.$laID == laID).filter(\.$ref ~~ items.map(\.ref)).all()
            let byRef = Dictionary(found.compactMap { r in r.ref.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
            for item in items {
                let existing = byRef[item.ref]
                let referral = existing ?? ReferralModel()
                if existing == nil {
                    referral.id = UUID()
                    referral.kind = ReferralKind.childInNeed.rawValue
                    referral.assessmentFactors = []
                    referral.version = 1
                }
                referral.laID = laID
                referral.ref = item.ref
                referral.childID = try await id(.person, la, item.child)
                referral.contactID = try await item.contact.asyncMap { try await id(.contact, la, $0) }
                referral.referredAt = item.referredAt
                referral.source = item.source.rawValue
                let outcome = item.outcome.flatMap { ReferralOutcome(importing: $0) }
                referral.outcome = outcome?.rawValue
                referral.decidedAt = item.completedAt
                referral.state = (outcome != nil && item.completedAt != nil ? ReferralState.decided : .unallocated).rawValue
                if referral.state == ReferralState.decided.rawValue { referral.decisionReason = referral.decisionReason ?? "Imported from history." }
                referral.nfa = item.nfa
                referral.strategyDiscussionAt = item.strategyDiscussionAt
                referral.s47StartedAt = item.s47StartedAt?.iso
                referral.assessmentStartedAt = item.assessmentStartedAt?.iso
                referral.assessmentAuthorisedAt = item.assessmentAuthorisedAt?.iso
                referral.icpcAt = item.icpcAt?.iso
                referral.cpPlanStartedAt = item.cpPlanStartedAt?.iso
                referral.closedAt = item.closedAt?.iso
                referral.reasonForClosure = item.reasonForClosure?.rawValue
                referral.primaryNeed = item.primaryNeed?.rawValue
                let referralID = try referral.requireID()
                if existing != nil {
                    try await referral.save(on: db)
                    replaced.append("referral:\(referralID.uuidString)")
                } else {
                    fresh.append(referral)
                }
                // A referral that went on to an assessment is an open case until it closes.
                if outcome == .assessment {
                    episodes.append(CaseEpisodeModel(laID: laID, personID: referral.childID, kind: "referral:\(referralID.uuidString)",
                                                     openedAt: item.referredAt, closedAt: item.closedAt.map { calendar.startOfDay($0) }))
                }
                remember(.referral, la, item.ref, referralID, type: "referral")
            }
        }
        for chunk in replaced.chunked(500) { try await CaseEpisodeModel.query(on: db).filter(\.$kind ~~ Array(chunk)).delete() }
        for chunk in fresh.chunked(200) { try await chunk.create(on: db) }
        for chunk in episodes.chunked(500) { try await chunk.create(on: db) }
    }

    /// Contacts whose file did not say whether they were on an open case: derived from the
    /// children's open cases at receipt, once every line is written.
    func deriveOpenCases() async throws {
        for contactID in deriveOpenCase {
            guard let contact = try await ContactModel.find(contactID, on: db) else { continue }
            let children = try await ContactPersonModel.query(on: db).filter(\.$contactID == contactID).filter(\.$role == "child").all().map(\.personID)
            let open = try await OpenCases.anyOpen(children, at: contact.receivedAt, on: db)
            if open != contact.openCaseAtReceipt {
                contact.openCaseAtReceipt = open
                try await contact.save(on: db)
            }
        }
    }

    private mutating func remember(_ kind: InterchangeKind, _ la: String, _ ref: String, _ id: UUID, type: String) {
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
