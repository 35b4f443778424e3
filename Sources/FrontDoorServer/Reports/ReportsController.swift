import Fluent
import FrontDoorDomain
import Vapor

/// Performance reports from live data (reports.md). Aggregates only: no names.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // On the report threads (`ReportWork`), not the threads the staff's requests run on.
        let reports = routes.grouped("reports")
        reports.get("monthly.csv", use: ReportWork.run(monthlyCSV)).requires(.viewReports)
        reports.get("monthly", "records", use: ReportWork.run(monthlyRecords)).requires(.viewReports)
        reports.get("information-sharing.csv", use: ReportWork.run(informationSharingCSV)).requires(.viewReports)
        reports.get("tables", ":table", use: ReportWork.run(tableCSV)).requires(.viewReports)
    }

    struct MonthlyQuery {
        /// One authority, or (`la=hub`) the whole hub.
        var la: ReportTarget
        var from: ReportMonth
        var through: ReportMonth
    }

    static func parse(_ req: Request) async throws -> MonthlyQuery {
        _ = try req.actor(.viewReports)
        let la = try await req.reportTarget(code: req.query[String.self, at: "la"])
        var check = InputChecker()
        func month(_ name: String) -> ReportMonth? {
            guard let text = check.require(req.query[String.self, at: name], name, maxLength: 7) else { return nil }
            guard let month = ReportMonth(iso: text) else { check.add(name, "is not a month in the form YYYY-MM"); return nil }
            return month
        }
        let from = month("from")
        let through = month("to")
        if let from, let through {
            if through < from { check.add("to", "is before from") }
            if ReportMonth.range(from: from, through: through).count > 120 { check.add("to", "at most 120 months at once") }
        }
        try check.finish()
        guard let from, let through else { throw APIError.badRequest("the months could not be read") }
        return MonthlyQuery(la: la, from: from, through: through)
    }

    /// `month,measure,value`, one row per month and measure, for an authority or the whole hub.
    func monthlyCSV(req: Request) async throws -> Response {
        let query = try await Self.parse(req)
        let report = try await ReportData.monthly(query.la, from: query.from, through: query.through, holidays: req.frontDoor.holidays, on: req.reportsDB)
        try await req.auditReport("report", "monthly", query.la)
        let response = Response(status: .ok, body: .init(string: report.csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        return response
    }

    /// Consent to share and information requests, by month: counted, as the MASH issue asks. For
    /// the hub, every authority's referrals and requests together (each request carries its own
    /// due instant, so nothing depends on an authority's calendar but the months, London's for all).
    func informationSharingCSV(req: Request) async throws -> Response {
        let query = try await Self.parse(req)
        let laIDs = try query.la.authorities.map { try $0.requireID() }
        let calendar = WorkingCalendar(holidays: req.frontDoor.holidays)
        guard let first = LocalDate(year: query.from.year, month: query.from.month, day: 1),
              let lastStart = LocalDate(year: query.through.year, month: query.through.month, day: 1),
              let beyond = calendar.date(byAddingDays: 32, to: lastStart).flatMap({ LocalDate(year: $0.year, month: $0.month, day: 1) })
        else { throw APIError.badRequest("the months could not be read") }
        let start = calendar.startOfDay(first), end = calendar.startOfDay(beyond)
        let referrals = try await ReferralModel.query(on: req.reportsDB).filter(\.$laID ~~ laIDs).filter(\.$referredAt >= start).filter(\.$referredAt < end).all()
        let requests = try await InformationRequestModel.query(on: req.reportsDB).filter(\.$laID ~~ laIDs).filter(\.$requestedAt >= start).filter(\.$requestedAt < end).all()
        let csv = InformationSharingReport.csv(
            from: query.from, through: query.through,
            referrals: referrals.map { .init(referredAt: $0.referredAt, consent: $0.consent.flatMap(ConsentToShare.init(rawValue:))) },
            requests: requests.map { .init(requestedAt: $0.requestedAt, withoutConsent: $0.basis == "safeguarding", dueAt: $0.dueAt, answeredAt: $0.answeredAt) },
            now: req.now, calendar: calendar
        )
        try await req.auditReport("report", "information-sharing", query.la)
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        return response
    }

    struct RecordsResponse: Content {
        /// The authority's code, or `hub`.
        var la: String
        var measure: String
        var month: String
        /// The ids, as before.
        var records: [String]
        /// Each record with its authority, and whom to ask when it is restricted from the user.
        var details: [FigureRecord]
    }

    /// The records behind one figure: the ids of the contacts or referrals it counts, for an
    /// authority or the whole hub, each naming its authority.
    func monthlyRecords(req: Request) async throws -> RecordsResponse {
        let actor = try req.actor(.viewReports)
        let la = try await req.reportTarget(code: req.query[String.self, at: "la"])
        var check = InputChecker()
        let monthText = check.require(req.query[String.self, at: "month"], "month", maxLength: 7)
        let month = monthText.flatMap(ReportMonth.init(iso:))
        if monthText != nil, month == nil { check.add("month", "is not a month in the form YYYY-MM") }
        let measure: MonthlyMeasure? = check.choice(req.query[String.self, at: "measure"], "measure")
        try check.finish()
        guard let month, let measure else { throw APIError.badRequest("could not read the figure") }
        let (report, rows) = try await ReportData.monthlyWithRows(la, from: month, through: month, holidays: req.frontDoor.holidays, on: req.reportsDB)
        let details = try await FigureRecords.list(measure, month: month, report: report, rows: rows, actor: actor, on: req.db)
        try await req.auditReport("report-records", "monthly", la)
        return RecordsResponse(la: la.name, measure: measure.rawValue, month: month.iso, records: details.map(\.id), details: details)
    }
}

/// `frontdoor report monthly --la CODE|hub --from YYYY-MM --to YYYY-MM --format csv`.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "report", help: "monthly")
        var report: String
        @Option(name: "la", help: "local authority code, or hub for every authority the hub serves")
        var la: String?
        @Option(name: "from", help: "first month, YYYY-MM")
        var from: String?
        @Option(name: "to", help: "last month, YYYY-MM")
        var to: String?
        @Option(name: "format", help: "csv")
        var format: String?
    }

    var help: String { "Prints a performance report (reports.md) from live data" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.report == "monthly" else { throw CommandFailure("unknown report '\(signature.report)': use monthly") }
        guard (signature.format ?? "csv") == "csv" else { throw CommandFailure("--format must be csv") }
        let app = context.application
        guard let la = try await ReportTarget.named(signature.la, on: app.db) else {
            throw CommandFailure("--la must name a local authority (frontdoor la list), or be hub for the whole hub")
        }
        guard let from = signature.from.flatMap(ReportMonth.init(iso:)), let through = signature.to.flatMap(ReportMonth.init(iso:)), from <= through else {
            throw CommandFailure("--from and --to must be months in the form YYYY-MM, from no later than to")
        }
        let report = try await ReportData.monthly(la, from: from, through: through, holidays: app.frontDoor.holidays, on: app.db, handle: { app.db })
        FileHandle.standardOutput.write(Data(report.csv.utf8))
    }
}
