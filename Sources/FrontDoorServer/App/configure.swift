import Fluent
import Leaf
import LeafKit
import FluentPostgresDriver
import FluentSQLiteDriver
import FrontDoorDomain
import SQLKit
import Vapor

/// The composition root: databases, migrations, middleware, services and routes, from explicit
/// settings so that tests inject their own.
public func configure(_ app: Application, settings: Settings) async throws {
    // SQLite runs every statement on the thread pool, and a writer waiting for the lock waits on a
    // pool thread. The shared default pool has one thread per core, shared by every application in
    // the process: a waiting writer could take the thread the lock holder needs. Each application
    // gets its own pool, comfortably larger than its connection pool.
    app.threadPool = NIOThreadPool(numberOfThreads: max(16, System.coreCount * 8))
    app.frontDoor = FrontDoorServices(holidays: try settings.loadBankHolidays())
    app.contactIntake = ContactIntake(eventLoop: app.eventLoopGroup.next())
    try useDatabase(app, settings.database, connectionsPerEventLoop: settings.postgresConnectionsPerEventLoop, wait: .seconds(settings.connectionWaitSeconds))
    if case .postgres(_, let searchPath?) = settings.database, let schema = searchPath.first,
       let sql = app.db as? any SQLDatabase {
        // A named schema (one per test run, or per deployment sharing a database) is created on first use.
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
    addMigrations(app)
    try await app.autoMigrate()
    app.auditBatches = AuditBatches { [unowned app] in app.db }

    app.middleware = Middlewares()
    // First, so that it counts each request for as long as it is handled (`InFlightRequests`).
    let inFlight = InFlightRequests()
    app.middleware.use(inFlight)
    app.lifecycle.use(inFlight)
    app.inFlightRequests = inFlight
    app.middleware.use(APIErrorMiddleware(environment: app.environment))
    WebSession.configure(app, secureCookies: settings.secureCookies)
    try useViews(app)
    app.routes.defaultMaxBodySize = "2mb"

    app.asyncCommands.use(LocalAuthorityCommand(), as: "la")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(TeamsCommand(), as: "teams")
    app.asyncCommands.use(TokensCommand(), as: "tokens")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(RetentionCommand(), as: "retention")
    app.asyncCommands.use(ReportCommand(), as: "report")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(BenchCommand(), as: "bench")
    app.asyncCommands.use(GenerateCommand(), as: "generate")

    try routes(app)
}

private func useDatabase(_ app: Application, _ database: Settings.Database, connectionsPerEventLoop: Int, wait: TimeAmount) throws {
    switch database {
    case .sqliteFile(let path):
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        useSQLite(app, .file(path: path), wait: wait, pools: 4, writerCheckpoints: false, reportPools: 2)
        let checkpointer = WALCheckpointer()
        app.lifecycle.use(checkpointer)
        app.walCheckpointer = checkpointer
    case .sqliteMemory:
        // A shared in-memory database (the tests) locks by table, not by file, and SQLite's busy
        // handling does not apply: one pool, as before.
        useSQLite(app, .memory(identifier: UUID().uuidString), wait: wait, pools: 1, writerCheckpoints: true, reportPools: 0)
    case .postgres(let url, let searchPath):
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = searchPath
        // SQL is logged only at trace level (never enabled in production): its bound values are personal data.
        app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: connectionsPerEventLoop, connectionPoolTimeout: wait, sqlLogLevel: .trace), as: .psql)
    }
}

/// A SQLite file has `pools` connections per event loop, taken in turn (`SQLitePools`), each
/// sleeping while it waits for the write lock. The contact writer (`ContactIntake`) gets
/// connections of its own to the same database: while it writes a batch, requests still read.
///
/// `writerCheckpoints: false` turns off the writer's automatic WAL checkpoints: a `WALCheckpointer`
/// does them beside it.
///
/// With `reportPools` above 0 the reports, returns and exports read through connections of their
/// own (`DatabaseID.reports`, `reportsDB`): a report's queries hold their connection for a hundred
/// milliseconds or more at county scale, and a member of staff's query that came to that
/// connection in turn waited for it (the load test's tails, docs/benchmarks.md).
private func useSQLite(_ app: Application, _ storage: SQLiteConfiguration.Storage, wait: TimeAmount, pools: Int, writerCheckpoints: Bool, reportPools: Int) {
    // SQL is never logged: its bound values are personal data.
    func pool() -> any DatabaseConfiguration {
        DatabaseConfigurationFactory.sqlite(.init(storage: storage), connectionPoolTimeout: wait, dataEncoder: .init(), dataDecoder: .init(), sqlLogLevel: nil).make()
    }
    let timeout = Int(wait.nanoseconds / 1_000_000)
    app.databases.use(SQLitePools(pools: (0..<pools).map { _ in pool() }, busyTimeoutMilliseconds: timeout), as: .sqlite)
    app.databases.use(SQLitePools(pools: [pool()], busyTimeoutMilliseconds: timeout, pragmas: writerCheckpoints ? [] : ["PRAGMA wal_autocheckpoint = 0"]),
                      as: .intake, isDefault: false)
    if reportPools > 0 {
        app.databases.use(SQLitePools(pools: (0..<reportPools).map { _ in pool() }, busyTimeoutMilliseconds: timeout), as: .reports, isDefault: false)
    }
}

extension DatabaseID {
    /// The contact writer's own connections (SQLite only; on PostgreSQL it shares the pool).
    static let intake = DatabaseID(string: "intake")
    /// The reports' own connections (SQLite in a file only; elsewhere reports use the default).
    static let reports = DatabaseID(string: "reports")
}

extension Request {
    /// Where reports, returns and exports read: connections of their own when there are
    /// (`DatabaseID.reports`), so that their long queries never hold a connection a member of
    /// staff's request is waiting for; otherwise the request's database.
    var reportsDB: any Database {
        application.databases.ids().contains(.reports) ? db(.reports) : db
    }
}

extension Application {
    /// `Request.reportsDB` for commands and scheduled work.
    var reportsDB: any Database {
        databases.ids().contains(.reports) ? db(.reports) : db
    }
}

/// Leaf templates from the module's resources, wherever the binary runs from.
private func useViews(_ app: Application) throws {
    guard let views = Bundle.module.url(forResource: "Views", withExtension: nil) else {
        throw ConfigurationError("the page templates (Resources/Views) are missing from the build")
    }
    let path = views.path.hasSuffix("/") ? views.path : views.path + "/"
    // The templates sit inside the build folder (.build/…), so the default rule that refuses
    // paths through hidden folders is dropped; the sandbox and the .leaf extension still apply.
    app.leaf.sources = .singleSource(NIOLeafFiles(
        fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: path, viewDirectory: path
    ))
    useLeaf(app, cachingTemplates: app.environment.isRelease)
}

/// Leaf renders the pages, its templates read and parsed once when `cachingTemplates` (a release
/// build), otherwise again for every page so that edits show at once.
///
/// Leaf's own renderer turns its cache off whenever the environment is `development`, which is
/// what `frontdoor serve` runs in unless told `--env production`: a release build read, lexed and
/// parsed each page's templates for every request (measured in docs/benchmarks.md, session 7).
///
/// Pages are rendered through `req.view`, which renders with the application's cache
/// (`app.leaf.cache`); Leaf's `app.leaf.renderer` switched that very cache off in `development`.
/// Here the application's renderer is made without that switch.
func useLeaf(_ app: Application, cachingTemplates: Bool) {
    app.leaf.cache.isEnabled = cachingTemplates
    app.views.use { app in
        var userInfo = app.leaf.userInfo
        userInfo["application"] = app
        return LeafRenderer(
            configuration: app.leaf.configuration, tags: app.leaf.tags, cache: app.leaf.cache, sources: app.leaf.sources,
            eventLoop: app.eventLoopGroup.next(), userInfo: userInfo
        )
    }
}

private func addMigrations(_ app: Application) {
    app.migrations.add(SQLitePragmas())
    app.migrations.add(CreateLocalAuthorities())
    app.migrations.add(CreateUsers())
    app.migrations.add(CreatePeople())
    app.migrations.add(CreateContacts())
    app.migrations.add(CreateAuditEvents())
    app.migrations.add(CreateRestrictions())
    app.migrations.add(CreateReferrals())
    app.migrations.add(CreateInformationRequests())
    app.migrations.add(CreateOutbox())
    app.migrations.add(SessionRecord.migration)
    // 002: blocking keys for person search, reversible merges.
    app.migrations.add(CreatePersonKeysAndMerges())
    // 003: what the statutory returns need beyond the front door's own records.
    app.migrations.add(AddReturnFields())
    // 004: the HRDA meeting and quality assurance.
    app.migrations.add(AddPoliceRisk())
    app.migrations.add(CreateHRDAMeetings())
    app.migrations.add(CreateQualityAudits())
    // 005: drafts of half-finished web forms.
    app.migrations.add(CreateDrafts())
    // 006: teams and who is in them.
    app.migrations.add(CreateTeams())
    // 007: the person search reads the blocking keys from their index alone.
    app.migrations.add(CoverPersonKeys())
    app.migrations.add(IndexDecisionTimes())
    // 009: each contact's count of children named, and the monthly report's index.
    app.migrations.add(CountChildrenNamed())
    // 010: a contact's referrals by index; the reports' referrals by their dates.
    app.migrations.add(IndexReferralContacts())
    app.migrations.add(IndexReferralReports())
    // 011: each contact's month, and the monthly report's index in the order it groups by.
    app.migrations.add(CountByMonth())
}
