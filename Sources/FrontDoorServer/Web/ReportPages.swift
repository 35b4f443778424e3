import Fluent
import FrontDoorDomain
import Vapor

/// The performance reports as pages: the monthly report laid out like the seeds' Appendix 1
/// (measures as rows, months as columns) with a chart of contacts and referrals, each figure a link
/// to the records behind it; and the other tables of reports.md. Managers and analysts, for one
/// authority or, when they are granted every authority of the hub, for the whole hub.
struct ReportPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // On the report threads (`ReportWork`), not the threads the staff's requests run on.
        let reports = routes.grouped("reports")
        reports.get(use: ReportWork.run(index))
        reports.get("monthly", use: ReportWork.run(monthly))
        reports.get("monthly", "records", use: ReportWork.run(records))
        reports.get("tables", ":table", use: ReportWork.run(table))
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// A record behind a figure, as the records page lists it.
    struct RecordLine: Encodable {
        var id: String
        var la: String
        var link: String?
        var restricted: String?
    }

    struct Cell: Encodable {
        var text: String
        var link: String?
    }

    struct Bar: Encodable {
        var month: String
        var x: Int
        var referralsX: Int
        var contactsY: Int
        var contactsHeight: Int
        var referralsY: Int
        var referralsHeight: Int
        var contacts: String
        var referrals: String
    }

    struct ReportPage: Encodable {
        var title: String
        var csrf: String
        var signedIn = true
        var userName: String
        var authorities: [Option]
        /// The authority's code or `hub`, as chosen.
        var la: String
        var tables: [Option]
        var from: String
        var to: String
        var errors: [WebController.FormError] = []
        var header: [String] = []
        var rows: [[Cell]] = []
        var bars: [Bar] = []
        var chartWidth = 0
        var maximum = ""
        var csvLink: String?
        var description: String?
        var records: [RecordLine] = []
    }

    /// The signed-in actor allowed to see reports, logged in for the request (audit, authorities).
    private func actor(_ req: Request) async throws -> Actor? {
        guard let actor = try await req.webActor(), actor.scope != .passwordChange else { return nil }
        guard actor.can(.viewReports) else { throw APIError.forbidden("reports are for managers and analysts") }
        req.auth.login(actor)
        return actor
    }

    private func page(_ req: Request, _ actor: Actor, title: String, la: String?, from: String, to: String) async throws -> ReportPage {
        let all = try await LocalAuthorityModel.query(on: req.db).sort(\.$code).all()
        let authorities = all.filter { $0.id.map(actor.mayAccess(la:)) ?? false }
        let chosen = la ?? authorities.first?.code
        var options = authorities.map { Option(value: $0.code, label: "\($0.code) \($0.name)", selected: $0.code == chosen) }
        // The whole hub is offered to those granted every authority it serves.
        if all.count > 1, authorities.count == all.count {
            options.append(Option(value: ReportScope.hubName, label: "Whole hub (" + all.map(\.code).joined(separator: ", ") + ")", selected: chosen == ReportScope.hubName))
        }
        return ReportPage(
            title: title, csrf: req.csrfToken, userName: actor.name,
            authorities: options, la: chosen ?? "",
            tables: ReportTable.allCases.map { Option(value: $0.rawValue, label: $0.title, selected: false) },
            from: from, to: to
        )
    }

    private func render(_ req: Request, _ view: String, _ page: ReportPage, status: HTTPStatus = .ok) async throws -> Response {
        let response = try await req.view.render(view, page).encodeResponse(for: req)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func defaultMonths(_ req: Request) -> (String, String) {
        let today = req.frontDoor.today
        let thisMonth = ReportMonth(today)
        let last = ReportMonth(year: today.month == 1 ? today.year - 1 : today.year, month: today.month == 1 ? 12 : today.month - 1) ?? thisMonth
        let first = ReportMonth(year: last.year - 1, month: last.month).flatMap { ReportMonth.range(from: $0, through: last).dropFirst().first } ?? last
        return (first.iso, last.iso)
    }

    /// What a user not granted every authority of the hub sees when asking for the whole hub.
    static let hubRefusal = WebController.FormError(
        field: "la",
        message: "The whole hub's reports are for staff granted every local authority the hub serves. Choose one of your authorities, or ask an administrator."
    )

    func index(req: Request) async throws -> Response {
        guard let actor = try await actor(req) else { return req.redirect(to: "/sign-in") }
        let (from, to) = defaultMonths(req)
        return try await render(req, "reports/index", try await page(req, actor, title: "Reports", la: nil, from: from, to: to))
    }

    /// `/reports/monthly?la=&from=YYYY-MM&to=YYYY-MM`.
    func monthly(req: Request) async throws -> Response {
        guard let actor = try await actor(req) else { return req.redirect(to: "/sign-in") }
        let (defaultFrom, defaultTo) = defaultMonths(req)
        let code = req.query[String.self, at: "la"]
        let fromText = req.query[String.self, at: "from"] ?? defaultFrom
        let toText = req.query[String.self, at: "to"] ?? defaultTo
        var page = try await page(req, actor, title: "Monthly report", la: code, from: fromText, to: toText)
        guard let laCode = code ?? page.authorities.first?.value else { return try await render(req, "reports/monthly", page) }
        let la: ReportTarget
        do { la = try await req.reportTarget(code: laCode) } catch let failure as ValidationFailure {
            page.errors = failure.problems.map { .init(field: $0.field, message: $0.message) }
            return try await render(req, "reports/monthly", page)
        } catch let refusal as APIError where refusal.status == .forbidden {
            page.errors = [Self.hubRefusal]
            return try await render(req, "reports/monthly", page, status: .forbidden)
        }
        guard let from = ReportMonth(iso: fromText), let through = ReportMonth(iso: toText), from <= through,
              ReportMonth.range(from: from, through: through).count <= 36
        else {
            page.errors = [.init(field: "from", message: "Enter the first and last months as YYYY-MM, the first no later than the last, at most 36 months")]
            return try await render(req, "reports/monthly", page)
        }
        let report = try await ReportData.monthly(la, from: from, through: through, holidays: req.frontDoor.holidays, on: req.reportsDB)
        try await req.auditReport("report", "monthly", la)
        let months = ReportMonth.range(from: from, through: through)
        page.title = "Monthly report: \(la.title)"
        page.header = ["Measure"] + months.map(\.iso)
        page.rows = MonthlyMeasure.allCases.map { measure in
            [Cell(text: measure.label, link: nil)] + months.map { month in
                let value = report.value(measure, month: month)
                let query = "la=\(la.name)&month=\(month.iso)&measure=\(measure.rawValue)"
                return Cell(text: value.human, link: report.counted(measure, month: month) == 0 ? nil : "/reports/monthly/records?\(query)")
            }
        }
        // The chart: contacts and referrals by month, as bars scaled to the largest.
        let counts = months.map { month -> (Int, Int) in
            func count(_ m: MonthlyMeasure) -> Int { if case .count(let n) = report.value(m, month: month) { return n }; return 0 }
            return (count(.contactsTotal), count(.referralsTotal))
        }
        let top = max(1, counts.map { max($0.0, $0.1) }.max() ?? 1)
        let height = 200
        page.bars = zip(months, counts).enumerated().map { index, pair in
            let (month, (contacts, referrals)) = pair
            let ch = contacts * height / top, rh = referrals * height / top
            return Bar(month: month.iso, x: 40 + index * 48, referralsX: 60 + index * 48, contactsY: 10 + height - ch, contactsHeight: ch, referralsY: 10 + height - rh, referralsHeight: rh,
                       contacts: String(contacts), referrals: String(referrals))
        }
        page.chartWidth = 60 + months.count * 48
        page.maximum = String(top)
        page.csvLink = "/api/v1/reports/monthly.csv?la=\(la.name)&from=\(from.iso)&to=\(through.iso)"
        return try await render(req, "reports/monthly", page)
    }

    /// The records behind one figure of the monthly report.
    func records(req: Request) async throws -> Response {
        guard let actor = try await actor(req) else { return req.redirect(to: "/sign-in") }
        let la: ReportTarget
        do { la = try await req.reportTarget(code: req.query[String.self, at: "la"]) } catch let refusal as APIError where refusal.status == .forbidden {
            var page = try await page(req, actor, title: "Records behind a figure", la: nil, from: "", to: "")
            page.errors = [Self.hubRefusal]
            return try await render(req, "reports/records", page, status: .forbidden)
        }
        guard let month = req.query[String.self, at: "month"].flatMap(ReportMonth.init(iso:)),
              let measure = req.query[String.self, at: "measure"].flatMap(MonthlyMeasure.init(rawValue:))
        else { throw ValidationFailure([FieldProblem("measure", "choose a figure from the monthly report")]) }
        let (report, rows) = try await ReportData.monthlyWithRows(la, from: month, through: month, holidays: req.frontDoor.holidays, on: req.reportsDB)
        let records = try await FigureRecords.list(measure, month: month, report: report, rows: rows, actor: actor, on: req.db)
        try await req.auditReport("report-records", "monthly", la)
        var page = try await page(req, actor, title: "\(measure.label), \(month.iso)", la: la.name, from: month.iso, to: month.iso)
        page.description = "The records counted in this figure for \(la.title) (\(measure.countsContacts ? "contact" : "referral") ids), each with its local authority."
        let mayOpen = actor.can(measure.countsContacts ? .viewContacts : .viewReferrals)
        page.records = records.map { record in
            RecordLine(
                id: record.id, la: record.la,
                link: record.restricted == nil && mayOpen ? "/\(record.type == "contact" ? "contacts" : "referrals")/\(record.id.lowercased())" : nil,
                restricted: record.restricted.map { "Restricted record: ask \($0.ask) for access" }
            )
        }
        return try await render(req, "reports/records", page)
    }

    /// `/reports/tables/{table}?la=&from=YYYY-MM-DD&to=YYYY-MM-DD`.
    func table(req: Request) async throws -> Response {
        guard let actor = try await actor(req) else { return req.redirect(to: "/sign-in") }
        guard let name = req.parameters.get("table"), let table = ReportTable(rawValue: name) else { throw APIError.notFound("the table") }
        let today = req.frontDoor.today
        let code = req.query[String.self, at: "la"]
        let fromText = req.query[String.self, at: "from"] ?? LocalDate(year: today.year - 1, month: today.month, day: 1)?.iso ?? today.iso
        let toText = req.query[String.self, at: "to"] ?? today.iso
        var page = try await page(req, actor, title: table.title, la: code, from: fromText, to: toText)
        page.tables = page.tables.map { Option(value: $0.value, label: $0.label, selected: $0.value == table.rawValue) }
        guard let laCode = code ?? page.authorities.first?.value else { return try await render(req, "reports/table", page) }
        do {
            let la = try await req.reportTarget(code: laCode)
            guard let from = LocalDate(iso: fromText), let to = LocalDate(iso: toText), let period = ReportPeriod(from: from, through: to), to.year - from.year <= 10 else {
                throw ValidationFailure([FieldProblem("from", "Enter the first and last days as YYYY-MM-DD, the first no later than the last")])
            }
            let rendered = try await table.render(la, period: period, holidays: req.frontDoor.holidays, on: req.reportsDB)
            try await req.auditReport("report", table.rawValue, la)
            page.header = rendered.table.first ?? []
            page.rows = rendered.table.dropFirst().map { $0.map { Cell(text: $0, link: nil) } }
            page.csvLink = "/api/v1/reports/tables/\(table.rawValue)?la=\(la.name)&from=\(from.iso)&to=\(to.iso)"
            page.title = "\(table.title): \(la.title)"
        } catch let failure as ValidationFailure {
            page.errors = failure.problems.map { .init(field: $0.field, message: $0.message) }
        } catch let error as APIError where error.status == .conflict {
            page.errors = [.init(field: "la", message: error.message)]
        } catch let error as APIError where error.status == .forbidden {
            page.errors = [Self.hubRefusal]
            return try await render(req, "reports/table", page, status: .forbidden)
        }
        return try await render(req, "reports/table", page)
    }
}
