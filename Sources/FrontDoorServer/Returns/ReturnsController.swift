import Fluent
import FrontDoorDomain
import Vapor

/// The statutory returns from live data: the CIN census XML for a year and Ofsted's Annex A lists
/// (docs/returns.md). Both hold personal data: managers and administrators only, and audited.
struct ReturnsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let returns = routes.grouped("returns")
        returns.get("cin-census", use: ReportWork.run(census)).requires(.exportReturns)
        returns.get("annex-a", use: ReportWork.run(annexA)).requires(.exportReturns)
    }

    static func year(_ text: String?) throws -> CINCensusYear {
        guard let text, let value = Int(text), let year = CINCensusYear(ending: value) else {
            throw ValidationFailure([FieldProblem("year", "give the year the census ends, e.g. 2026 for April 2025 to March 2026")])
        }
        return year
    }

    static func asOf(_ text: String?) throws -> LocalDate {
        guard let text, let date = LocalDate(iso: text) else {
            throw ValidationFailure([FieldProblem("asOf", "give the date the lists are drawn up for, YYYY-MM-DD")])
        }
        return date
    }

    /// `GET /returns/cin-census?la=&year=`: the XML return.
    func census(req: Request) async throws -> Response {
        _ = try req.actor(.exportReturns)
        let la = try await req.grantedAuthority(code: req.query[String.self, at: "la"])
        let year = try Self.year(req.query[String.self, at: "year"])
        let census = try await ReturnsExport.census(la: la, year: year, serial: 1, now: req.now, holidays: req.frontDoor.holidays, on: req.reportsDB)
        try await req.audit("export-cin-census", "local-authority", la.id)
        let response = Response(status: .ok, body: .init(data: census.xmlData()))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "xml", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "cin-census-\(la.code)-\(year.endingYear).xml")
        return response
    }

    /// `GET /returns/annex-a?la=&asOf=[&list=1|3|4|5]`: the workbook, or one list as CSV.
    func annexA(req: Request) async throws -> Response {
        _ = try req.actor(.exportReturns)
        let la = try await req.grantedAuthority(code: req.query[String.self, at: "la"])
        let asOf = try Self.asOf(req.query[String.self, at: "asOf"])
        var list: AnnexAList?
        if let text = req.query[String.self, at: "list"] {
            guard let number = Int(text), let chosen = AnnexAList(rawValue: number) else {
                throw ValidationFailure([FieldProblem("list", "is one of 1, 3, 4 and 5")])
            }
            list = chosen
        }
        let lists = try await ReturnsExport.annexA(la: la, asOf: asOf, holidays: req.frontDoor.holidays, on: req.reportsDB)
        try await req.audit("export-annex-a", "local-authority", la.id)
        let response: Response
        if let list {
            response = Response(status: .ok, body: .init(string: lists.csv(list)))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.headers.contentDisposition = .init(.attachment, filename: list.csvFileName)
        } else {
            response = Response(status: .ok, body: .init(data: try lists.xlsx()))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response.headers.contentDisposition = .init(.attachment, filename: "annex-a-\(la.code)-\(asOf.iso).xlsx")
        }
        return response
    }
}

enum ReturnsExport {
    static func census(la: LocalAuthorityModel, year: CINCensusYear, serial: Int, now: Date, holidays: BankHolidays, on db: any Database) async throws -> CINCensus {
        let children = try await ReturnsData.censusChildren(la: la, year: year, holidays: holidays, on: db)
        return CINCensus(year: year, la: la.code, release: FrontDoorVersion.current, serialNumber: serial, createdAt: now, selectingFrom: children)
    }

    static func annexA(la: LocalAuthorityModel, asOf: LocalDate, holidays: BankHolidays, on db: any Database) async throws -> AnnexAReturn {
        AnnexAReturn(children: try await ReturnsData.annexAChildren(la: la, asOf: asOf, holidays: holidays, on: db), asOf: asOf)
    }
}

/// `frontdoor export cin-census --la CODE --year YYYY [--out FILE]` and
/// `frontdoor export annex-a --la CODE --as-of DATE --out FILE.xlsx` (a CSV per list beside it).
enum ReturnsCommands {
    static func run(_ format: String, la code: String?, year: String?, asOf: String?, out: String?, serial: String?, app: Application, console: any Console) async throws {
        guard let code, let la = try await LocalAuthorityModel.query(on: app.db).filter(\.$code == code).first() else {
            throw CommandFailure("--la must name a local authority (frontdoor la list)")
        }
        let holidays = app.frontDoor.holidays
        switch format {
        case "cin-census":
            guard let text = year, let value = Int(text), let censusYear = CINCensusYear(ending: value) else {
                throw CommandFailure("--year must be the year the census ends, e.g. 2026 for April 2025 to March 2026")
            }
            let number = Int(serial ?? "1") ?? 1
            let census = try await ReturnsExport.census(la: la, year: censusYear, serial: number, now: app.frontDoor.now(), holidays: holidays, on: app.db)
            try await AuditLog.append([AuditEntry(at: app.frontDoor.now(), actorID: nil, action: "export-cin-census", recordType: "local-authority",
                                                  recordID: la.id, route: "command line", remoteAddress: nil, changes: nil)], on: app.db)
            if let out {
                try census.xmlData().write(to: URL(fileURLWithPath: out))
                console.print("wrote \(out): \(census.children.count) children, \(census.children.reduce(0) { $0 + $1.episodes.count }) episodes")
            } else {
                FileHandle.standardOutput.write(census.xmlData())
            }
        case "annex-a":
            guard let text = asOf, let date = LocalDate(iso: text) else { throw CommandFailure("--as-of must be a date, YYYY-MM-DD") }
            guard let out, out.hasSuffix(".xlsx") else { throw CommandFailure("--out must name the workbook to write, FILE.xlsx") }
            let lists = try await ReturnsExport.annexA(la: la, asOf: date, holidays: holidays, on: app.db)
            try await AuditLog.append([AuditEntry(at: app.frontDoor.now(), actorID: nil, action: "export-annex-a", recordType: "local-authority",
                                                  recordID: la.id, route: "command line", remoteAddress: nil, changes: nil)], on: app.db)
            try lists.xlsx().write(to: URL(fileURLWithPath: out))
            let folder = (out as NSString).deletingLastPathComponent
            var written = [out]
            for list in AnnexAList.allCases {
                let path = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(list.csvFileName)
                try Data(lists.csv(list).utf8).write(to: URL(fileURLWithPath: path))
                written.append(path)
            }
            console.print("wrote " + written.joined(separator: ", "))
        default:
            throw CommandFailure("unknown export '\(format)': use interchange, cin-census or annex-a")
        }
    }
}
