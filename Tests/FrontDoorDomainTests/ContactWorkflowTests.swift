import Foundation
import FrontDoorDomain
import Testing

@Suite("The contact state machine")
struct ContactWorkflowTests {
    static let worker = UUID()
    static let other = UUID()
    static let manager = UUID()
    static let summary = CaseSummary(strengths: "Engaged mother", risks: "Repeated incidents", proposedOutcome: .referral)
    static let decision = ContactDecision(outcome: .closed, reason: "Advice given", decidedAt: Date(timeIntervalSince1970: 1_800_000_000), decidedBy: manager)

    static let stages: [ContactStage] = [
        .received, .inScreening(worker: worker), .awaitingDecision(worker: worker, summary: summary), .decided(decision),
    ]
    static let actions: [ContactAction] = [
        .assign(worker: other), .submitForDecision(summary), .returnToScreening, .decide(decision), .rate(.red), .rate(nil),
    ]

    /// The whole table: every action from every stage, and what it must give.
    static func expected(_ action: ContactAction, _ stage: ContactStage) -> ContactStage? {
        switch (action, stage) {
        case (_, .decided): nil
        case (.assign(let w), .received), (.assign(let w), .inScreening): .inScreening(worker: w)
        case (.assign, .awaitingDecision): nil
        case (.submitForDecision(let s), .inScreening(let w)): .awaitingDecision(worker: w, summary: s)
        case (.submitForDecision, _): nil
        case (.returnToScreening, .awaitingDecision(let w, _)): .inScreening(worker: w)
        case (.returnToScreening, _): nil
        case (.decide(let d), _): .decided(d)
        case (.rate, let s): s
        }
    }

    @Test("every action from every stage gives the expected stage or a refusal", arguments: stages)
    func table(stage: ContactStage) throws {
        for action in Self.actions {
            let want = Self.expected(action, stage)
            do {
                let got = try ContactWorkflow.apply(action, to: stage)
                #expect(got == want, "\(action.name) from \(stage.state)")
            } catch {
                #expect(want == nil, "\(action.name) from \(stage.state) was refused: \(error.message)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("a decided contact refuses everything, saying it was decided")
    func decidedIsFinal() {
        for action in Self.actions {
            #expect(throws: TransitionRefused.self) { try ContactWorkflow.apply(action, to: .decided(Self.decision)) }
            do {
                _ = try ContactWorkflow.apply(action, to: .decided(Self.decision))
            } catch {
                #expect(error.code == "contact-decided")
            }
        }
    }

    @Test("the normal path: received, screened, sent for decision, returned, resubmitted, decided")
    func normalPath() throws {
        var stage = ContactStage.received
        stage = try ContactWorkflow.apply(.assign(worker: Self.worker), to: stage)
        #expect(stage.worker == Self.worker)
        stage = try ContactWorkflow.apply(.submitForDecision(Self.summary), to: stage)
        #expect(stage.state == .awaitingDecision)
        stage = try ContactWorkflow.apply(.returnToScreening, to: stage)
        #expect(stage == .inScreening(worker: Self.worker))
        stage = try ContactWorkflow.apply(.submitForDecision(Self.summary), to: stage)
        stage = try ContactWorkflow.apply(.decide(Self.decision), to: stage)
        #expect(stage.decision == Self.decision)
    }

    @Test("a closure kind belongs only to a closed decision, and defaults to no further action")
    func closure() {
        let at = Date()
        #expect(ContactDecision(outcome: .closed, reason: "x", decidedAt: at, decidedBy: Self.manager).closure == .noFurtherAction)
        #expect(ContactDecision(outcome: .closed, closure: .signposted, reason: "x", decidedAt: at, decidedBy: Self.manager).closure == .signposted)
        #expect(ContactDecision(outcome: .referral, closure: .advice, reason: "x", decidedAt: at, decidedBy: Self.manager).closure == nil)
    }
}

@Suite("Permissions")
struct PermissionTests {
    @Test("only team managers and assistant team managers decide contacts or allocate work")
    func managersDecide() {
        for role in Role.allCases {
            #expect(PermissionMatrix.allows(role, .decideContacts) == role.isManager, "\(role)")
            #expect(PermissionMatrix.allows(role, .allocateWork) == role.isManager, "\(role)")
        }
    }

    @Test("the sealed hub: partner officers send contacts but see no records; analysts and administrators see no case records")
    func sealedHub() {
        let caseRecords: [Permission] = [.viewContacts, .viewPeople, .searchPeople, .screenContacts]
        for role in [Role.partnerAgencyOfficer, .domesticAbuseMeetingAttendee, .qualityAuditor, .analyst, .administrator] {
            for permission in caseRecords {
                #expect(!PermissionMatrix.allows(role, permission), "\(role) \(permission)")
            }
        }
        #expect(PermissionMatrix.allows(.partnerAgencyOfficer, .recordContact))
        #expect(PermissionMatrix.grants(for: .analyst) == [.viewReports])
    }

    @Test("every role has some permission, and every permission belongs to some role")
    func coverage() {
        for role in Role.allCases { #expect(!PermissionMatrix.grants(for: role).isEmpty) }
        let granted = Role.allCases.reduce(into: Set<Permission>()) { $0.formUnion(PermissionMatrix.grants(for: $1)) }
        #expect(granted == Set(Permission.allCases))
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("long passphrases pass; short, common, repetitive or email-based ones are refused", arguments: [
        ("copper kettle morning rain", "pat@test.example", 0), ("short", nil, 1), ("password1234", nil, 1),
        ("aaaaaaaaaaaaaaa", nil, 1), ("patricia-is-here-2026", "patricia@test.example", 1), (String(repeating: "ab-cd", count: 30), nil, 1),
    ] as [(String, String?, Int)])
    func policy(case: (String, String?, Int)) {
        #expect(PasswordPolicy.problems(`case`.0, email: `case`.1).count == `case`.2)
    }
}

@Suite("Retention policy")
struct RetentionPolicyTests {
    static let now = RFC3339.parse("2026-11-04T10:00:00Z")!

    @Test("only contacts closed with no further action, decided before the cutoff, are due")
    func due() {
        let policy = RetentionPolicy(nfaContactYears: 6)
        let old = RFC3339.parse("2020-11-03T10:00:00Z")!
        let young = RFC3339.parse("2020-11-05T10:00:00Z")!
        #expect(policy.isDue(outcome: .closed, closure: .noFurtherAction, decidedAt: old, now: Self.now))
        #expect(policy.isDue(outcome: .closed, closure: nil, decidedAt: old, now: Self.now))
        #expect(!policy.isDue(outcome: .closed, closure: .noFurtherAction, decidedAt: young, now: Self.now))
        #expect(!policy.isDue(outcome: .closed, closure: .advice, decidedAt: old, now: Self.now))
        #expect(!policy.isDue(outcome: .referral, closure: nil, decidedAt: old, now: Self.now))
        #expect(!policy.isDue(outcome: .earlyHelp, closure: nil, decidedAt: old, now: Self.now))
        #expect(!policy.isDue(outcome: .closed, closure: .noFurtherAction, decidedAt: nil, now: Self.now))
    }
}

@Suite("The documented permission matrix")
struct DocumentedMatrixTests {
    @Test("docs/permissions.md shows exactly the grants in the code")
    func documented() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/permissions.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("| ") }
        let header = try #require(lines.first).split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let roles = header.dropFirst(2).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
        #expect(Set(roles) == Set(Role.allCases.map(\.rawValue)))
        var seen: Set<Permission> = []
        for line in lines.dropFirst() {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
            guard let permission = Permission(rawValue: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))) else { continue }
            seen.insert(permission)
            for (index, roleName) in roles.enumerated() {
                let role = try #require(Role(rawValue: roleName))
                #expect((cells[index + 2] == "✓") == PermissionMatrix.allows(role, permission), "\(permission.rawValue) for \(roleName)")
            }
        }
        #expect(seen == Set(Permission.allCases))
    }
}
