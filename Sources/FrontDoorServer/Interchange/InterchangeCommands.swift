import Fluent
import FrontDoorDomain
import Vapor

/// `frontdoor import FILE.jsonl`: every bad line reported as `line N: field: problem`, nothing
/// written if any is bad; progress on the terminal.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "an interchange v1 JSON Lines file")
        var file: String
        @Flag(name: "progress", help: "print progress on standard error as lines, even when it is not a terminal")
        var progress: Bool
        @Option(name: "cache-mib", help: "SQLite page cache for a large import, in MiB (default 256; ten years of a county wants 4096 or more)")
        var cacheMiB: Int?
    }

    var help: String { "Imports history in interchange format v1" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let path = signature.file
        guard FileManager.default.isReadableFile(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        let terminal = isatty(FileHandle.standardError.fileDescriptor) == 1
        let lines = signature.progress && !terminal
        var importer = InterchangeImport(db: app.db, now: app.frontDoor.now(), progress: { count in
            if terminal { FileHandle.standardError.write(Data("\rwriting: \(count) records".utf8)) }
            if lines { FileHandle.standardError.write(Data("writing: \(count) records\n".utf8)) }
        })
        if let mib = signature.cacheMiB {
            guard (2...65_536).contains(mib) else { throw CommandFailure("--cache-mib must be from 2 to 65536") }
            importer.largeImportCacheKiB = mib * 1024
        }
        do {
            let summary = try await importer.run {
                InterchangeReader(fileHandle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
            }
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            context.console.print("imported \(summary.lines) lines: \(summary.localAuthorities) local authorities, \(summary.people) people, \(summary.contacts) contacts, \(summary.referrals) referrals")
        } catch let refused as InterchangeImport.Refused {
            FileHandle.standardError.write(Data((refused.validation.report + "\n").utf8))
            throw CommandFailure(refused.description)
        }
    }
}

/// `frontdoor export interchange --la CODE`: the same format, to standard output.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "format", help: "interchange, cin-census or annex-a")
        var format: String
        @Option(name: "la", help: "local authority code")
        var la: String?
        @Option(name: "year", help: "cin-census: the year the census ends (2026 = April 2025 to March 2026)")
        var year: String?
        @Option(name: "as-of", help: "annex-a: the date the lists are drawn up for, YYYY-MM-DD")
        var asOf: String?
        @Option(name: "out", help: "the file to write (annex-a: FILE.xlsx, with a CSV per list beside it; cin-census: standard output without it)")
        var out: String?
        @Option(name: "serial", help: "cin-census: the submission's serial number this year (default 1)")
        var serial: String?
    }

    var help: String { "Exports a local authority's records in interchange format v1, or a statutory return (cin-census, annex-a)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.format != "interchange" {
            try await ReturnsCommands.run(signature.format, la: signature.la, year: signature.year, asOf: signature.asOf, out: signature.out,
                                          serial: signature.serial, app: context.application, console: context.console)
            return
        }
        let app = context.application
        guard let code = signature.la, let la = try await LocalAuthorityModel.query(on: app.db).filter(\.$code == code).first() else {
            throw CommandFailure("--la must name a local authority (frontdoor la list)")
        }
        var buffer = ""
        _ = try await InterchangeExport(db: app.db).run(la: la) { line in
            buffer += line
            if buffer.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        FileHandle.standardOutput.write(Data(buffer.utf8))
    }
}

/// `POST /api/v1/import` (the file as the body) and `GET /api/v1/export/interchange?la=CODE`.
struct InterchangeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "import", body: .collect(maxSize: "256mb"), use: importFile).requires(.importData)
        routes.get("export", "interchange", use: export).requires(.exportData)
    }

    func importFile(req: Request) async throws -> Response {
        let actor = try req.actor(.importData)
        guard let body = req.body.data else { throw ValidationFailure([FieldProblem("body", "send the interchange file as the request body")]) }
        let data = Data(buffer: body)
        let importer = InterchangeImport(db: req.db, now: req.now, actorID: actor.userID, route: "POST /api/v1/import")
        do {
            let summary = try await importer.run { InterchangeReader(data: data) }
            return try jsonResponse(summary, status: .ok)
        } catch let refused as InterchangeImport.Refused {
            let problems = refused.validation.problems.map { ErrorBody.Problem(field: "line \($0.line): \($0.field)", message: $0.message) }
            return try jsonResponse(ErrorBody(error: .init(code: "invalid", message: refused.description, problems: problems)), status: .unprocessableEntity)
        }
    }

    func export(req: Request) async throws -> Response {
        let actor = try req.actor(.exportData)
        let la = try await req.grantedAuthority(code: req.query[String.self, at: "la"])
        var text = ""
        _ = try await InterchangeExport(db: req.db).run(la: la) { text += $0 }
        try await req.audit("export", "local-authority", la.id)
        _ = actor
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "jsonl", parameters: ["charset": "utf-8"])
        return response
    }
}
