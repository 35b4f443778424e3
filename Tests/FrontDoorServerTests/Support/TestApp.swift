import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

/// The databases the integration suite runs on: SQLite always, PostgreSQL as well when
/// FRONTDOOR_TEST_POSTGRES_URL is set (CI sets it). FRONTDOOR_TEST_ONLY=postgres|sqlite narrows it.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["FRONTDOOR_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var all: [TestDatabase] {
        let only = ProcessInfo.processInfo.environment["FRONTDOOR_TEST_ONLY"]
        if only == "postgres" {
            precondition(postgresURL != nil, "FRONTDOOR_TEST_ONLY=postgres needs FRONTDOOR_TEST_POSTGRES_URL")
            return [.postgres]
        }
        if only == "sqlite" { return [.sqlite] }
        return postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { rawValue }

    func settings() -> (Settings, cleanup: String?) {
        switch self {
        case .sqlite:
            var settings = Settings(database: .sqliteMemory)
            // Hundreds of tests share two cores: a request may wait longer for a connection than in service.
            settings.connectionWaitSeconds = 60
            return (settings, nil)
        case .postgres:
            // Each test gets its own schema, so tests run in parallel without seeing each other.
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            // Many tests run at once, each with its own app: one connection per event loop keeps
            // the total well inside the server's connection limit.
            var settings = Settings(database: .postgres(url: TestDatabase.postgresURL ?? "", searchPath: [String(schema)]))
            settings.postgresConnectionsPerEventLoop = 1
            settings.connectionWaitSeconds = 60
            return (settings, String(schema))
        }
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    init(_ start: Date) { current = NIOLockedValueBox(start) }

    var now: Date { current.withLockedValue { $0 } }

    func set(_ date: Date) { current.withLockedValue { $0 = date } }
}

/// One local authority pair and a user of every role with an API token.
struct Fixture: Sendable {
    var tokens: [Role: String]
    var userIDs: [Role: UUID]
    /// A triage worker granted only local authority 921.
    var islandOnlyToken: String
    /// A partner agency officer of health (the fixture's partner-agency-officer is police).
    var healthPartnerToken: String
    var clock: TestClock

    func auth(_ role: Role) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: tokens[role] ?? "")
        return headers
    }

    func header(_ token: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return headers
    }
}

/// 10:00 on Wednesday 4 November 2026 (GMT): a plain working day.
let wednesdayMorning = ISO8601DateFormatter().date(from: "2026-11-04T10:00:00Z")!

func withTestApp(
    _ database: TestDatabase, now: Date = wednesdayMorning,
    _ test: (Application, Fixture) async throws -> Void
) async throws {
    let (settings, schema) = database.settings()
    try await withTestApp(settings: settings, schema: schema, now: now, test)
}

/// A test app on the given settings (a SQLite file, say); `schema` is dropped afterwards.
func withTestApp(
    settings: Settings, schema: String? = nil, now: Date = wednesdayMorning,
    _ test: (Application, Fixture) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    do {
        try await configure(app, settings: settings)
        let clock = TestClock(now)
        app.frontDoor.now = { clock.now }
        let fixture = try await makeFixture(app, clock: clock)
        try await test(app, fixture)
    } catch {
        await tearDown(app, schema: schema)
        throw error
    }
    await tearDown(app, schema: schema)
}

private func tearDown(_ app: Application, schema: String?) async {
    if let schema, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
}

private func makeFixture(_ app: Application, clock: TestClock) async throws -> Fixture {
    let db = app.db
    let hampshire = LocalAuthorityModel(code: "850", name: "Hampshire", childPopulation: 283_000)
    let wight = LocalAuthorityModel(code: "921", name: "Isle of Wight", childPopulation: 24_500)
    try await hampshire.save(on: db)
    try await wight.save(on: db)
    var tokens: [Role: String] = [:]
    var ids: [Role: UUID] = [:]
    for role in Role.allCases {
        let user = UserModel(email: "\(role.rawValue)@test.example", name: "Test \(role.label)", role: role, passwordHash: "x")
        if role == .partnerAgencyOfficer { user.agency = Agency.police.rawValue }
        try await user.save(on: db)
        for la in [hampshire, wight] {
            try await UserAuthorityModel(userID: user.requireID(), laID: la.requireID()).save(on: db)
        }
        ids[role] = try user.requireID()
        tokens[role] = try await APITokens.issue(for: user.requireID(), label: "test", validFor: 30, now: clock.now, on: db)
    }
    let islander = UserModel(email: "island@test.example", name: "Island Worker", role: .triageWorker, passwordHash: "x")
    try await islander.save(on: db)
    try await UserAuthorityModel(userID: islander.requireID(), laID: wight.requireID()).save(on: db)
    let islandToken = try await APITokens.issue(for: islander.requireID(), label: "test", validFor: 30, now: clock.now, on: db)
    let nurse = UserModel(email: "nurse@test.example", name: "Health Partner", role: .partnerAgencyOfficer, passwordHash: "x")
    nurse.agency = Agency.health.rawValue
    try await nurse.save(on: db)
    for la in [hampshire, wight] { try await UserAuthorityModel(userID: nurse.requireID(), laID: la.requireID()).save(on: db) }
    let nurseToken = try await APITokens.issue(for: nurse.requireID(), label: "test", validFor: 30, now: clock.now, on: db)
    return Fixture(tokens: tokens, userIDs: ids, islandOnlyToken: islandToken, healthPartnerToken: nurseToken, clock: clock)
}

// MARK: JSON helpers

extension TestingHTTPResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]]) ?? []
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

    var problemFields: [String] {
        ((json["error"] as? [String: Any])?["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}

extension TestingHTTPRequest {
    mutating func json(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        headers.contentType = .json
        body = ByteBuffer(data: data)
    }
}

/// The smallest contact the contract allows.
func minimalContact(la: String = "850", receivedAt: String = "2026-11-04T09:30:00Z", given: String = "Ava", family: String = "Testchild") -> [String: Any] {
    [
        "la": la, "receivedAt": receivedAt, "source": "6",
        "children": [["givenName": given, "familyName": family, "dateOfBirth": "2018-03-05"]],
        "summary": "Police attended a domestic incident; the child was present.",
    ]
}

/// Every contact's stored count of children named (`children_named`, which the reports read)
/// against its `contact_people` rows with the role `child`: the contacts whose count is wrong,
/// none when the count was kept.
func contactsWithChildrenMiscounted(_ app: Application) async throws -> [UUID] {
    let children = Dictionary(grouping: try await ContactPersonModel.query(on: app.db).filter(\.$role == "child").all(), by: \.contactID)
    return try await ContactModel.query(on: app.db).all().compactMap { contact in
        (children[contact.id!]?.count ?? 0) == contact.childrenNamed ? nil : contact.id
    }
}

/// Every contact whose stored month (`received_month`, which the monthly report groups by) is not
/// the Europe/London month of its `received_at`.
func contactsWithMonthMiscounted(_ app: Application) async throws -> [UUID] {
    try await ContactModel.query(on: app.db).all().compactMap { contact in
        contact.receivedMonth == ContactMonth.key(of: contact.receivedAt) && contact.receivedMonth > 0 ? nil : contact.id
    }
}
