import Fluent
import FrontDoorDomain
import NIOCore
import SQLKit
import Vapor

/// `frontdoor bench`: the benchmark harness (docs/benchmarks.md). Run it from a release build
/// against the database of your choice (SQLite under FRONTDOOR_DATA_DIR, or DATABASE_URL):
///
///     swift build -c release
///     .build/release/frontdoor bench --people 1000000 --history history.jsonl --out bench-sqlite.md
///
/// It loads what is missing (a synthetic population of `--people` in authority 850; the history
/// file, once), starts the server on 127.0.0.1, and times real HTTP requests one after another:
/// each measurement beside its floor — a plain route of the same server, and the bare SQL query
/// behind each report. Results go to standard output and, as a Markdown table, to `--out`.
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "people", help: "people in authority 850 to measure search against (loaded if fewer)")
        var people: Int?
        @Option(name: "history", help: "an interchange file to import first (once), e.g. from frontdoor generate")
        var history: String?
        @Option(name: "requests", help: "requests per measurement (default 200)")
        var requests: Int?
        @Option(name: "out", help: "write the results as Markdown here")
        var out: String?
        @Option(name: "port", help: "port for the server under test (default 18090)")
        var port: Int?
        @Option(name: "intake", help: "contacts to post through the API to measure intake (default 2000; 0 skips)")
        var intake: Int?
        @Option(name: "clients", help: "clients posting contacts at the same time (default 8)")
        var clients: Int?
        @Option(name: "only", help: "'intake' measures only the floor and the intake (for measuring intake again and again)")
        var only: String?
    }

    var help: String { "Measures search, pages, reports and returns through HTTP against the configured database (use a release build)" }

    struct Result {
        var name: String
        var samples: [Double]
        var note: String

        func percentile(_ p: Double) -> Double {
            let sorted = samples.sorted()
            guard !sorted.isEmpty else { return .nan }
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(rank, 0), sorted.count - 1)]
        }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let console = context.console
        let requests = signature.requests ?? 200
        if let only = signature.only, only != "intake" { throw CommandFailure("--only knows one value: intake") }
        let intakeOnly = signature.only == "intake"
        let la = try await ensureAuthority(app)
        let laID = try la.requireID()
        if let path = signature.history {
            let contacts = try await ContactModel.query(on: app.db).filter(\.$laID == laID).count()
            if contacts == 0 {
                console.print("importing \(path) …")
                let started = Date()
                let summary = try await InterchangeImport(db: app.db, now: app.frontDoor.now()).run {
                    InterchangeReader(fileHandle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
                }
                console.print("imported \(summary.contacts) contacts, \(summary.referrals) referrals, \(summary.people) people in \(Int(Date().timeIntervalSince(started))) s")
            }
        }
        var population: [SyntheticPerson] = []
        if let wanted = signature.people {
            population = SyntheticPopulation.generate(count: wanted, seed: 42)
            try await ensurePeople(population, la: laID, app: app, console: console)
        }
        let token = try await benchToken(app)
        let port = signature.port ?? 18090
        // The sign-in answers 303 with the session cookie: read it rather than follow the redirect.
        app.http.client.configuration.redirectConfiguration = .disallow
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        defer { Task { await app.server.shutdown() } }
        let base = "http://127.0.0.1:\(port)"
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)

        func time(_ name: String, _ note: String, count: Int, headers: HTTPHeaders = headers, inspect: (Int, ClientResponse) throws -> Void = { _, _ in },
                  _ path: @escaping (Int) -> String) async throws -> Result {
            var samples: [Double] = []
            // One warm-up request, not counted.
            _ = try await app.client.get(URI(string: base + path(0)), headers: headers)
            for i in 0..<count {
                let started = DispatchTime.now().uptimeNanoseconds
                let response = try await app.client.get(URI(string: base + path(i)), headers: headers)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                guard response.status == .ok else {
                    throw CommandFailure("\(name): \(path(i)) answered \(response.status.code)")
                }
                samples.append(elapsed)
                try inspect(i, response)
            }
            let result = Result(name: name, samples: samples, note: note)
            console.print(String(describing: "\(name): p50 \(format(result.percentile(50))) ms, p95 \(format(result.percentile(95))) ms, p99 \(format(result.percentile(99))) ms (\(count) requests)"))
            return result
        }

        var results: [Result] = []
        results.append(try await time("GET /health (floor: the server and the database answering)", "", count: requests) { _ in "/health" })
        let peopleCount = try await PersonModel.query(on: app.db).filter(\.$laID == laID).count()
        if !population.isEmpty, !intakeOnly {
            let synthetic = SyntheticPopulation.corrupt(population, count: requests + 1, seed: 7)
                .filter { $0.query.personQuery.givenName != nil || $0.query.personQuery.familyName != nil || $0.query.personQuery.dateOfBirth != nil }
            let queries = synthetic.map(\.query.personQuery)
            // Quality on the same path: a "likely" or "certain" result is a claimed match; it is
            // right when it is the person the query was made from (ref BENCH<id>).
            struct Found: Decodable { struct Item: Decodable { struct Person: Decodable { var ref: String? }; var person: Person; var band: String }; var results: [Item] }
            var claimed = 0, right = 0, findable = 0, found = 0
            var search = try await time("GET /api/v1/people/search (typical queries with mistakes)", "\(peopleCount) people", count: min(requests, queries.count - 1), inspect: { i, response in
                let truth = synthetic[i % synthetic.count].identity.map { "BENCH\($0)" }
                let claims = try response.content.decode(Found.self).results.filter { $0.band == "likely" || $0.band == "certain" }
                claimed += claims.count
                right += claims.filter { $0.person.ref == truth }.count
                if truth != nil { findable += 1 }
                if let truth, claims.contains(where: { $0.person.ref == truth }) { found += 1 }
            }) { i in
                "/api/v1/people/search?la=850" + Self.query(queries[i % queries.count])
            }
            let precision = claimed == 0 ? 1 : Double(right) / Double(claimed)
            let recall = findable == 0 ? 1 : Double(found) / Double(findable)
            search.note += String(format: "; likely or certain: precision %.3f, recall %.3f", precision, recall)
            console.print(search.note)
            results.append(search)
        }
        let intakeCount = signature.intake ?? 2000
        if intakeCount > 0 {
            var intakeHeaders = HTTPHeaders()
            intakeHeaders.bearerAuthorization = BearerAuthorization(token: try await intakeToken(app))
            results.append(try await intake(count: intakeCount, clients: signature.clients ?? 8, base: base, headers: intakeHeaders, app: app, console: console))
        }
        let contactCount = try await ContactModel.query(on: app.db).filter(\.$laID == laID).count()
        if contactCount > 0, !intakeOnly {
            results.append(try await time("GET /api/v1/contacts (the queue)", "\(contactCount) contacts", count: requests) { _ in "/api/v1/contacts?la=850" })
            let ids = try await ContactModel.query(on: app.db).filter(\.$laID == laID).sort(\.$receivedAt, .descending).limit(requests + 1).all().compactMap(\.id)
            results.append(try await time("GET /api/v1/contacts/{id} (a record)", "", count: min(requests, ids.count)) { i in "/api/v1/contacts/\(ids[i % ids.count])" })
            // The staff pages, signed in through the web sign-in like a browser.
            let cookie = try await signIn(app: app, base: base)
            var pageHeaders = HTTPHeaders()
            pageHeaders.add(name: .cookie, value: cookie)
            let referralIDs = try await ReferralModel.query(on: app.db).filter(\.$laID == laID).sort(\.$referredAt, .descending).limit(requests).all().compactMap(\.id)
            let children = try await ContactPersonModel.query(on: app.db).filter(\.$contactID ~~ ids).filter(\.$role == "child").all().map(\.personID)
            let pages: [(String, (Int) -> String)] = [
                ("GET /work (the queue page)", { _ in "/work" }),
                ("GET /contacts/{id} (a contact's page)", { i in "/contacts/\(ids[i % ids.count])" }),
                ("GET /people/{id} (the research view page)", { i in children.isEmpty ? "/work" : "/people/\(children[i % children.count])" }),
                ("GET /dashboard", { _ in "/dashboard" }),
                ("GET /referrals", { _ in "/referrals" }),
                ("GET /referrals/{id} (a referral's workspace)", { i in referralIDs.isEmpty ? "/referrals" : "/referrals/\(referralIDs[i % referralIDs.count])" }),
                ("GET /strategy-discussions (the day's discussions)", { _ in "/strategy-discussions" }),
                ("GET /contacts/new (search before create)", { _ in "/contacts/new" }),
                ("GET /reports/monthly (the last 12 months, as the page opens)", { _ in "/reports/monthly?la=850" }),
            ]
            for (name, path) in pages {
                results.append(try await time(name, "", count: requests, headers: pageHeaders, path))
            }
            // The history's last contact (the intake's contacts are dated now).
            let historic = try await ContactModel.query(on: app.db).filter(\.$laID == laID).filter(\.$receivedAt < app.frontDoor.now().addingTimeInterval(-86_400 * 7)).sort(\.$receivedAt, .descending).first()
            let latest = try await ContactModel.query(on: app.db).filter(\.$laID == laID).sort(\.$receivedAt, .descending).first()
            guard let last = historic ?? latest else { return }
            let calendar = la.calendar(holidays: app.frontDoor.holidays)
            let lastMonth = ReportMonth(calendar.localDate(of: last.receivedAt))
            let months = ReportMonth.range(from: ReportMonth(year: lastMonth.year - 2, month: lastMonth.month) ?? lastMonth, through: lastMonth).dropFirst()
            let from = months.first ?? lastMonth
            let reportRuns = max(5, requests / 20)
            results.append(try await time("GET /api/v1/reports/monthly.csv, 24 months", "\(from.iso) to \(lastMonth.iso)", count: reportRuns) { _ in
                "/api/v1/reports/monthly.csv?la=850&from=\(from.iso)&to=\(lastMonth.iso)"
            })
            results.append(try await sqlFloor("bare SQL: the contacts counted and the referrals read for the 24-month report", app: app, la: la, count: reportRuns,
                                              from: from, through: lastMonth))
            let today = calendar.localDate(of: last.receivedAt)
            let year = DemoStatutoryHistory.lastCompletedYear(today: today)
            results.append(try await time("GET /api/v1/returns/cin-census, one year", "year ending 31 March \(year.endingYear)", count: 3) { _ in
                "/api/v1/returns/cin-census?la=850&year=\(year.endingYear)"
            })
        }
        results.append(Result(name: "peak memory of the process (server and the measuring client), MiB", samples: [Self.peakMemoryMiB()], note: "VmHWM"))
        let machine = Self.machine()
        var markdown = "| measurement | p50 ms | p95 ms | p99 ms | n | data |\n|---|---:|---:|---:|---:|---|\n"
        for r in results {
            markdown += "| \(r.name) | \(format(r.percentile(50))) | \(format(r.percentile(95))) | \(format(r.percentile(99))) | \(r.samples.count) | \(r.note) |\n"
        }
        let database = (app.db as? any SQLDatabase)?.dialect.name ?? "?"
        let header = "Database: \(database). \(machine). Date: \(RFC3339.format(Date())). Commit: \(ProcessInfo.processInfo.environment["FRONTDOOR_COMMIT"] ?? "see git log"). Build: \(Self.buildKind).\n\n"
        console.print(header + markdown)
        if let out = signature.out {
            try Data((header + markdown).utf8).write(to: URL(fileURLWithPath: out))
        }
        await app.server.shutdown()
    }

    /// Contact intake through the API: `clients` clients each posting contacts one after another
    /// (one to three children each, named like the synthetic population, so each is matched
    /// against the people already known). The result's samples are the latencies; its note the rate.
    private func intake(count: Int, clients: Int, base: String, headers: HTTPHeaders, app: Application, console: any Console) async throws -> Result {
        struct Child: Content { var givenName: String; var familyName: String; var dateOfBirth: String?; var postcode: String? }
        struct Body: Content { var la: String; var receivedAt: String; var source: String; var children: [Child]; var summary: String }
        let people = SyntheticPopulation.generate(count: count * 2, seed: 4242)
        let now = app.frontDoor.now()
        let sources = ["1A", "2A", "3A", "5A", "6", "7"]
        let bodies = (0..<count).map { i -> Body in
            let first = people[2 * i].details
            var children = [Child(givenName: first.givenName, familyName: first.familyName, dateOfBirth: first.dateOfBirth?.iso, postcode: first.postcode?.value)]
            if i % 3 == 0 {
                let sibling = people[2 * i + 1].details
                children.append(Child(givenName: sibling.givenName, familyName: first.familyName, dateOfBirth: sibling.dateOfBirth?.iso, postcode: first.postcode?.value))
            }
            return Body(la: Self.intakeAuthority, receivedAt: RFC3339.format(now.addingTimeInterval(-Double(count - i))), source: sources[i % sources.count],
                        children: children, summary: "Benchmark contact \(i): a synthetic worry about a synthetic child.")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let samples = try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var samples: [Double] = []
                    for i in stride(from: client, to: count, by: clients) {
                        let sent = DispatchTime.now().uptimeNanoseconds
                        let response = try await app.client.post(URI(string: base + "/api/v1/contacts"), headers: headers) { req in
                            try req.content.encode(bodies[i], as: .json)
                        }
                        guard response.status == .created else {
                            throw CommandFailure("POST /api/v1/contacts answered \(response.status.code): \(response.body.map { String(buffer: $0) } ?? "")")
                        }
                        samples.append(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1_000_000)
                    }
                    return samples
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000_000
        let rate = Double(count) / seconds
        let result = Result(name: "POST /api/v1/contacts (intake, \(clients) clients at once, to authority \(Self.intakeAuthority))",
                            samples: samples, note: "**\(Int(rate.rounded())) contacts/s** (\(count) in \(String(format: "%.1f", seconds)) s)")
        console.print("intake: \(Int(rate.rounded())) contacts/s, p50 \(format(result.percentile(50))) ms, p95 \(format(result.percentile(95))) ms")
        return result
    }

    /// Signs in to the web application like a browser: the sign-in page's form token, then the
    /// post; answers the session cookie.
    private func signIn(app: Application, base: String) async throws -> String {
        let email = "bench.manager@bench.frontdoor.example"
        let password = "bench copper kettle morning rain"
        guard let user = try await UserModel.query(on: app.db).filter(\.$email == email).first() else { throw CommandFailure("no bench user") }
        user.passwordHash = try Bcrypt.hash(password, cost: 6)
        user.mustChangePassword = false
        try await user.save(on: app.db)
        func cookie(_ response: ClientResponse) -> String? {
            response.headers[.setCookie].compactMap { $0.split(separator: ";").first.map(String.init) }.first { $0.hasPrefix("frontdoor-session=") }
        }
        let page = try await app.client.get(URI(string: base + "/sign-in"))
        let html = page.body.map { String(buffer: $0) } ?? ""
        guard let first = cookie(page), let range = html.range(of: #"name="csrf" value=""#),
              let end = html[range.upperBound...].firstIndex(of: "\"") else { throw CommandFailure("the sign-in page gave no form token") }
        let csrf = String(html[range.upperBound..<end])
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: first)
        let response = try await app.client.post(URI(string: base + "/sign-in"), headers: headers) { req in
            try req.content.encode(["email": email, "password": password, "csrf": csrf], as: .urlEncodedForm)
        }
        guard response.status == .seeOther, let session = cookie(response) else {
            throw CommandFailure("signing in answered \(response.status.code)")
        }
        return session
    }

    /// The process's peak resident memory (Linux), in MiB.
    static func peakMemoryMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }

    private func format(_ ms: Double) -> String {
        ms.isNaN ? "–" : String((ms * 10).rounded() / 10)
    }

    static var buildKind: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    static func machine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
        return "Machine: \(cores) cores, \(memory) GiB"
    }

    static func query(_ q: PersonQuery) -> String {
        var parts: [String] = []
        func add(_ name: String, _ value: String?) {
            guard let value, let encoded = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+="))) else { return }
            parts.append("\(name)=\(encoded)")
        }
        add("givenName", q.givenName)
        add("familyName", q.familyName)
        add("dateOfBirth", q.dateOfBirth?.iso)
        add("postcode", q.postcode?.value)
        add("nhsNumber", q.nhsNumber?.digits)
        add("upn", q.upn?.value)
        return parts.isEmpty ? "" : "&" + parts.joined(separator: "&")
    }

    /// The floor under the monthly report: its queries (`ReportCounts`), run and read as the report
    /// runs them, without the report's logic or HTTP.
    private func sqlFloor(_ name: String, app: Application, la: LocalAuthorityModel, count: Int, from: ReportMonth, through: ReportMonth) async throws -> Result {
        let span = try ReportCounts.Months(la, from: from, through: through, holidays: app.frontDoor.holidays)
        var samples: [Double] = []
        for _ in 0..<count {
            let started = DispatchTime.now().uptimeNanoseconds
            guard try await ReportCounts.readInTurn(span, on: app.reportsDB) != nil else { return Result(name: name, samples: [], note: "not SQLite or PostgreSQL") }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        }
        return Result(name: name, samples: samples, note: "the report's two queries, no report logic, no HTTP")
    }

    private func ensureAuthority(_ app: Application) async throws -> LocalAuthorityModel {
        if let la = try await LocalAuthorityModel.query(on: app.db).filter(\.$code == "850").first() { return la }
        let la = LocalAuthorityModel(code: "850", name: "Hampshire", childPopulation: 283_000)
        try await la.save(on: app.db)
        return la
    }

    /// The authority the intake posts to: not 850, so that a run leaves 850's queues as the history
    /// left them (every contact posted stays undecided, and the queue pages work out the clock of
    /// every undecided contact), and the next run measures the same queues.
    static let intakeAuthority = "999"

    /// A token like a partner system's (it may only send contacts) for a user granted only the
    /// intake's authority.
    private func intakeToken(_ app: Application) async throws -> String {
        if try await LocalAuthorityModel.query(on: app.db).filter(\.$code == Self.intakeAuthority).first() == nil {
            try await LocalAuthorityModel(code: Self.intakeAuthority, name: "Bench intake", childPopulation: 283_000).save(on: app.db)
        }
        let email = "bench.intake@bench.frontdoor.example"
        let user: UserModel
        if let existing = try await UserModel.query(on: app.db).filter(\.$email == email).first() {
            user = existing
        } else {
            user = try await UserAccounts.create(email: email, name: "Bench Intake", role: .teamManager, laCodes: [Self.intakeAuthority],
                                                 password: Passwords.generate(), on: app)
        }
        return try await APITokens.issue(for: try user.requireID(), label: "bench intake", scope: .contactsCreate, validFor: 1, now: app.frontDoor.now(), on: app.db)
    }

    private func benchToken(_ app: Application) async throws -> String {
        let email = "bench.manager@bench.frontdoor.example"
        let user: UserModel
        if let existing = try await UserModel.query(on: app.db).filter(\.$email == email).first() {
            user = existing
        } else {
            user = try await UserAccounts.create(email: email, name: "Bench Manager", role: .teamManager, laCodes: ["850"],
                                                 password: Passwords.generate(), on: app)
        }
        return try await APITokens.issue(for: try user.requireID(), label: "bench", validFor: 1, now: app.frontDoor.now(), on: app.db)
    }

    /// Loads the synthetic population (people, keys) in large batches, once.
    private func ensurePeople(_ population: [SyntheticPerson], la: UUID, app: Application, console: any Console) async throws {
        let refPrefix = "BENCH"
        let present = try await PersonModel.query(on: app.db).filter(\.$laID == la).filter(\.$ref >= refPrefix).filter(\.$ref < "BENCI").count()
        guard present < population.count else { return }
        console.print("loading \(population.count - present) synthetic people …")
        let started = Date()
        var random = SeededRandom(seed: 99)
        for chunk in Array(population[present...]).chunked(5000) {
            let models = Array(chunk).map { person -> PersonModel in
                let model = PersonModel(laID: la, ref: refPrefix + String(person.id), details: person.details)
                model.id = UUID(random: &random)
                return model
            }
            try await app.db.transaction { db in
                for part in models.chunked(500) { try await part.create(on: db) }
                try await PersonKeys.index(models, on: db, fresh: true)
            }
        }
        try await InterchangeImport.refreshStatistics(on: app.db)
        console.print("loaded in \(Int(Date().timeIntervalSince(started))) s")
    }
}
