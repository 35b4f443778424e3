import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// Applies the retention policy: anonymises old no-further-action contacts, then the people who
/// appear nowhere else. A dry run reports what would change and changes nothing.
struct RetentionJob {
    let policy: RetentionPolicy

    struct Report: Equatable, CustomStringConvertible {
        var dryRun: Bool
        var cutoff: Date
        var contacts: Int
        var people: Int

        var description: String {
            "\(dryRun ? "dry run: would anonymise" : "anonymised") \(contacts) contacts closed with no further action before \(RFC3339.format(cutoff)), and \(people) people named only in them"
        }
    }

    func run(dryRun: Bool, now: Date, on db: any Database) async throws -> Report {
        let cutoff = policy.cutoff(now: now)
        let candidates = try await ContactModel.query(on: db)
            .filter(\.$state == ContactState.decided.rawValue).filter(\.$outcome == ContactOutcome.closed.rawValue)
            .filter(\.$anonymisedAt == nil).filter(\.$decidedAt < cutoff)
            .all()
        let due = candidates.filter {
            policy.isDue(outcome: .closed, closure: $0.closure.flatMap(ClosureKind.init(rawValue:)), decidedAt: $0.decidedAt, now: now)
        }
        let dueIDs = Set(due.compactMap(\.id))
        // People named in a due contact who appear in no contact that stays, and have no case.
        let links = try await ContactPersonModel.query(on: db).filter(\.$contactID ~~ dueIDs).all()
        let named = Set(links.map(\.personID))
        let elsewhere = try await ContactPersonModel.query(on: db).filter(\.$personID ~~ named).all()
        let keptContacts = Set(elsewhere.map(\.contactID)).subtracting(dueIDs)
        let stillAnonymisedElsewhere = try await ContactModel.query(on: db).filter(\.$id ~~ keptContacts).filter(\.$anonymisedAt != nil).all()
        let liveContacts = keptContacts.subtracting(stillAnonymisedElsewhere.compactMap(\.id))
        var keep = Set(elsewhere.filter { liveContacts.contains($0.contactID) }.map(\.personID))
        keep.formUnion(try await CaseEpisodeModel.query(on: db).filter(\.$personID ~~ named).all().map(\.personID))
        let people = try await PersonModel.query(on: db).filter(\.$id ~~ named.subtracting(keep)).filter(\.$anonymisedAt == nil).all()
        let report = Report(dryRun: dryRun, cutoff: cutoff, contacts: due.count, people: people.count)
        guard !dryRun, !due.isEmpty || !people.isEmpty else { return report }
        try await db.transaction { db in
            var entries: [AuditEntry] = []
            for contact in due {
                entries.append(AuditEntry(at: now, actorID: nil, action: "anonymise", recordType: "contact", recordID: contact.id,
                                          route: "retention", remoteAddress: nil, changes: ["narrative": ["(text)", nil], "referrer": ["(text)", nil]]))
            }
            for person in people {
                entries.append(AuditEntry(at: now, actorID: nil, action: "anonymise", recordType: "person", recordID: person.id,
                                          route: "retention", remoteAddress: nil, changes: ["identity": ["(text)", nil]]))
            }
            try await AuditLog.append(entries, on: db)
            for contact in due {
                contact.narrative = nil
                contact.referrerName = nil
                contact.referrerOrganisation = nil
                contact.referrerRole = nil
                contact.referrerEmail = nil
                contact.referrerPhone = nil
                contact.consentReason = nil
                contact.strengths = nil
                contact.risks = nil
                contact.decisionReason = "(anonymised)"
                contact.anonymisedAt = now
                try await contact.save(on: db)
            }
            try await Self.anonymiseMeetingsAndAudits(of: due.compactMap(\.id), on: db)
            for person in people {
                person.givenName = "Anonymised"
                person.familyName = "person"
                person.otherNames = []
                person.dateOfBirth = nil
                person.expectedDateOfBirth = nil
                person.nhsNumber = nil
                person.upn = nil
                person.address = nil
                person.postcode = nil
                person.anonymisedAt = now
                try await person.save(on: db)
                try await PersonKeys.remove([try person.requireID()], on: db)
                let id = try person.requireID()
                try await HouseholdLinkModel.query(on: db).group(.or) { $0.filter(\.$personID == id).filter(\.$otherID == id) }.delete()
            }
        }
        return report
    }
}

/// `frontdoor retention run [--dry-run] [--years N]`.
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run")
        var action: String
        @Flag(name: "dry-run", help: "report what would be anonymised, change nothing")
        var dryRun: Bool
        @Option(name: "years", help: "anonymise no-further-action contacts decided more than N years ago (default FRONTDOOR_RETENTION_NFA_YEARS)")
        var years: Int?
    }

    var help: String { "Applies the retention policy (anonymises old no-further-action contacts)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else { throw CommandFailure("unknown action '\(signature.action)': use run") }
        guard let years = signature.years ?? RetentionSchedule.configuredYears(), (1...100).contains(years) else {
            throw CommandFailure("give --years N (1-100) or set FRONTDOOR_RETENTION_NFA_YEARS")
        }
        let app = context.application
        let report = try await RetentionJob(policy: RetentionPolicy(nfaContactYears: years))
            .run(dryRun: signature.dryRun, now: app.frontDoor.now(), on: app.db)
        context.console.print(report.description)
    }
}

/// When FRONTDOOR_RETENTION_NFA_YEARS is set, the server applies the policy once a day.
struct RetentionSchedule: LifecycleHandler {
    static func configuredYears() -> Int? {
        ProcessInfo.processInfo.environment["FRONTDOOR_RETENTION_NFA_YEARS"].flatMap(Int.init)
    }

    let years: Int

    func didBoot(_ app: Application) throws {
        let job = RetentionJob(policy: RetentionPolicy(nfaContactYears: years))
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(5), delay: .hours(24)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let report = try await job.run(dryRun: false, now: app.frontDoor.now(), on: app.db)
                app.logger.notice("retention: \(report.description)")
            }
        }
    }
}

extension RetentionJob {
    /// What the HRDA meeting and quality audits wrote about an anonymised contact is free text
    /// about the family: it goes with the contact (the outcome, dates and grades stay for the record).
    static func anonymiseMeetingsAndAudits(of contactIDs: [UUID], on db: any Database) async throws {
        guard !contactIDs.isEmpty else { return }
        let cases = try await HRDACaseModel.query(on: db).filter(\.$contactID ~~ contactIDs).all()
        for item in cases {
            item.researchNotes = item.researchNotes.map { _ in "(anonymised)" }
            item.riskIdentified = item.riskIdentified.map { _ in "(anonymised)" }
            item.victimVoice = item.victimVoice.map { _ in "(anonymised)" }
            try await item.save(on: db)
        }
        for action in try await HRDAActionModel.query(on: db).filter(\.$caseID ~~ cases.compactMap(\.id)).all() {
            action.description = "(anonymised)"
            try await action.save(on: db)
        }
        let sampled = try await QualityAuditCaseModel.query(on: db).filter(\.$recordType == "contact").filter(\.$recordID ~~ contactIDs).all()
        for grading in try await QualityGradingModel.query(on: db).filter(\.$caseID ~~ sampled.compactMap(\.id)).all() {
            grading.findings = "(anonymised)"
            grading.learningActions = grading.learningActions.map { _ in "(anonymised)" }
            try await grading.save(on: db)
        }
    }
}
