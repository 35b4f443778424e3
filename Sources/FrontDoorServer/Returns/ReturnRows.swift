import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// A referral as the statutory returns read it: the columns of `referrals` they use.
struct ReturnReferral: Equatable, Sendable {
    var id: UUID
    var childID: UUID
    var referredAt: Date
    var source: String
    var outcome: String?
    var outcomeTeam: String?
    var workerID: UUID?
    var primaryNeed: String?
    var closedAt: String?
    var reasonForClosure: String?
    var nfa: Bool?
    var assessmentStartedAt: String?
    var assessmentAuthorisedAt: String?
    var assessmentFactors: [String]
    var s47StartedAt: String?
    var icpcTarget: String?
    var icpcAt: String?
    var cpPlanStartedAt: String?
    var downstream: String?

    /// The columns, in the order `init(cells:)` reads them.
    static let columns = """
        r.id, r.child_id, r.referred_at, r.source, r.outcome, r.outcome_team, r.worker_id, r.primary_need, r.closed_at, \
        r.reason_for_closure, r.nfa, r.assessment_started_at, r.assessment_authorised_at, r.assessment_factors, r.s47_started_at, \
        r.icpc_target, r.icpc_at, r.cp_plan_started_at, r.downstream
        """

    init(cells: inout some RowCells) throws {
        id = try cells.required(cells.uuid(), "id")
        childID = try cells.required(cells.uuid(), "child_id")
        referredAt = try cells.required(cells.date(), "referred_at")
        source = try cells.required(cells.text(), "source")
        outcome = try cells.text()
        outcomeTeam = try cells.text()
        workerID = try cells.uuid()
        primaryNeed = try cells.text()
        closedAt = try cells.text()
        reasonForClosure = try cells.text()
        nfa = try cells.bool()
        assessmentStartedAt = try cells.text()
        assessmentAuthorisedAt = try cells.text()
        assessmentFactors = try cells.required(cells.strings(), "assessment_factors")
        s47StartedAt = try cells.text()
        icpcTarget = try cells.text()
        icpcAt = try cells.text()
        cpPlanStartedAt = try cells.text()
        downstream = try cells.text()
    }

    init(_ r: ReferralModel) throws {
        id = try r.requireID()
        childID = r.childID
        referredAt = r.referredAt
        source = r.source
        outcome = r.outcome
        outcomeTeam = r.outcomeTeam
        workerID = r.workerID
        primaryNeed = r.primaryNeed
        closedAt = r.closedAt
        reasonForClosure = r.reasonForClosure
        nfa = r.nfa
        assessmentStartedAt = r.assessmentStartedAt
        assessmentAuthorisedAt = r.assessmentAuthorisedAt
        assessmentFactors = r.assessmentFactors
        s47StartedAt = r.s47StartedAt
        icpcTarget = r.icpcTarget
        icpcAt = r.icpcAt
        cpPlanStartedAt = r.cpPlanStartedAt
        downstream = r.downstream
    }
}

/// A person as the statutory returns read them: the columns of `people` they use.
struct ReturnPerson: Equatable, Sendable {
    var id: UUID
    var ref: String?
    var dateOfBirth: String?
    var expectedDateOfBirth: String?
    var sex: String?
    var ethnicity: String?
    var upn: String?
    var formerUPN: String?
    var upnUnknown: String?
    var deathDate: String?
    var disabilities: [String]

    /// The columns, in the order `init(cells:)` reads them.
    static let columns = """
        p.id, p.ref, p.date_of_birth, p.expected_date_of_birth, p.sex, p.ethnicity, p.upn, p.former_upn, p.upn_unknown, \
        p.death_date, p.disabilities
        """

    init(cells: inout some RowCells) throws {
        id = try cells.required(cells.uuid(), "id")
        ref = try cells.text()
        dateOfBirth = try cells.text()
        expectedDateOfBirth = try cells.text()
        sex = try cells.text()
        ethnicity = try cells.text()
        upn = try cells.text()
        formerUPN = try cells.text()
        upnUnknown = try cells.text()
        deathDate = try cells.text()
        disabilities = try cells.required(cells.strings(), "disabilities")
    }

    init(_ p: PersonModel) throws {
        id = try p.requireID()
        ref = p.ref
        dateOfBirth = p.dateOfBirth
        expectedDateOfBirth = p.expectedDateOfBirth
        sex = p.sex
        ethnicity = p.ethnicity
        upn = p.upn
        formerUPN = p.formerUPN
        upnUnknown = p.upnUnknown
        deathDate = p.deathDate
        disabilities = p.disabilities
    }
}

/// Reads the census's referrals and children from SQLite or PostgreSQL directly, each column by
/// position (`RowCells`), rather than as Fluent models: building a model reflects over its
/// properties for every row, which was most of a county's census time. Any other database is read
/// through the models. A test compares the two readings on both databases.
enum ReturnRows {
    /// The referrals that may be open in a census year: referred before its last instant and not
    /// closed before its first day. `p(n)`: 1 the authority, 2 the instant, 3 the first day.
    static func censusReferralsWhere(_ p: (Int) -> String) -> String {
        "r.la_id = \(p(1)) AND r.referred_at < \(p(2)) AND (r.closed_at IS NULL OR r.closed_at >= \(p(3)))"
    }

    static func censusSQL(_ p: (Int) -> String) -> (referrals: String, people: String) {
        let referrals = "SELECT \(ReturnReferral.columns) FROM \(ReferralModel.schema) r WHERE \(censusReferralsWhere(p))"
        let people = """
            SELECT \(ReturnPerson.columns) FROM \(PersonModel.schema) p \
            WHERE p.id IN (SELECT r.child_id FROM \(ReferralModel.schema) r WHERE \(censusReferralsWhere(p)))
            """
        return (referrals, people)
    }

    /// The census's referrals and the children they are about.
    static func census(
        laID: UUID, yearEnd: Date, firstDay: String, on db: any Database
    ) async throws -> (referrals: [ReturnReferral], people: [ReturnPerson]) {
        if db is any PostgresDatabase || db is any SQLiteDatabase {
            let binds: [RawQuery.Bind] = [.uuid(laID), .date(yearEnd), .text(firstDay)]
            let referrals = try await RawQuery.rows({ censusSQL($0).referrals }, binds, large: true, on: db) { try ReturnReferral(cells: &$0) }
            let people = try await RawQuery.rows({ censusSQL($0).people }, binds, large: true, on: db) { try ReturnPerson(cells: &$0) }
            return (referrals, people)
        }
        return try await censusThroughModels(laID: laID, yearEnd: yearEnd, firstDay: firstDay, on: db)
    }

    /// The same rows through Fluent's models: for any other database, and for the test.
    static func censusThroughModels(
        laID: UUID, yearEnd: Date, firstDay: String, on db: any Database
    ) async throws -> (referrals: [ReturnReferral], people: [ReturnPerson]) {
        let referrals = try await ReferralModel.query(on: db)
            .filter(\.$laID == laID)
            .filter(\.$referredAt < yearEnd)
            .group(.or) { $0.filter(\.$closedAt == nil).filter(\.$closedAt >= firstDay) }
            .all()
        var people: [ReturnPerson] = []
        for chunk in Array(Set(referrals.map(\.childID))).chunked(500) {
            people += try await PersonModel.query(on: db).filter(\.$id ~~ Array(chunk)).all().map(ReturnPerson.init)
        }
        return (try referrals.map(ReturnReferral.init), people)
    }
}
