import Fluent
import FrontDoorDomain
import Vapor

/// The other tables of reports.md, from live data, each as CSV and as a table for a page.
enum ReportTable: String, CaseIterable, Sendable {
    case timelinessByRAG = "timeliness-by-rag"
    case enquiryFlow = "enquiry-flow"
    case attritionBySource = "attrition-by-source"
    case reReferrals = "re-referrals"
    case assessmentTimeliness = "assessment-timeliness"
    case decisionTimeliness = "decision-timeliness"
    case ratesPer10000 = "rates-per-10000"

    var title: String {
        switch self {
        case .timelinessByRAG: "Contacts decided on time, by RAG rating"
        case .enquiryFlow: "Enquiry flow, with the change on a year earlier"
        case .attritionBySource: "What became of contacts, by source"
        case .reReferrals: "Re-referrals within 12 months"
        case .assessmentTimeliness: "Assessments authorised within 45 working days"
        case .decisionTimeliness: "Contacts decided within one and three working days"
        case .ratesPer10000: "Referrals and assessments per 10,000 children"
        }
    }

    struct Rendered {
        var csv: String
        /// Header row first.
        var table: [[String]]
    }

    /// Computes the table for a period of an authority or of the whole hub. Rows are read from 13
    /// months before the period (year-on-year change, twelve-month look-backs) to its end.
    func render(_ target: ReportTarget, period: ReportPeriod, holidays: BankHolidays, on db: any Database) async throws -> Rendered {
        let calendar = WorkingCalendar(holidays: holidays)
        let lookBack = calendar.date(byAddingDays: -400, to: period.from) ?? period.from
        let scope = target.scope(holidays: holidays)
        if self == .ratesPer10000, scope.childPopulation.map({ $0 <= 0 }) ?? true {
            let missing = target.authorities.filter { ($0.childPopulation ?? 0) <= 0 }.map(\.code)
            throw APIError.conflict(
                "no-child-population",
                "the child population of \(missing.joined(separator: ", ")) is not recorded (frontdoor la set --child-population)"
            )
        }
        let rows = try await ReportData.load(target, from: calendar.startOfDay(lookBack), to: calendar.endOfDay(period.through), on: db)
        switch self {
        case .timelinessByRAG:
            let r = Reports.timelinessByRAG(scope: scope, period: period, contacts: rows.contacts)
            return Rendered(csv: r.csv, table: r.humanTable)
        case .enquiryFlow:
            let r = Reports.enquiryFlow(scope: scope, period: period, contacts: rows.contacts, referrals: rows.referrals)
            return Rendered(csv: r.csv, table: r.humanTable)
        case .attritionBySource:
            let r = Reports.attritionBySource(scope: scope, period: period, contacts: rows.contacts, referrals: rows.referrals)
            let groups: [SourceGroup?] = SourceGroup.allCases.map { $0 } + [nil]
            let table = [["Source", "What became of the contacts"]] + groups.map { group in
                [group.map { "\($0.rawValue.capitalized)" } ?? "All sources", r.humanLines(group: group).joined(separator: "; ")]
            }
            return Rendered(csv: r.csv, table: table)
        case .reReferrals:
            let r = Reports.reReferrals(scope: scope, period: period, referrals: rows.referrals)
            return Rendered(csv: r.csv, table: r.humanTable)
        case .assessmentTimeliness:
            let r = Reports.assessmentTimeliness(scope: scope, period: period, referrals: rows.referrals)
            return Rendered(csv: r.csv, table: r.humanTable)
        case .decisionTimeliness:
            let r = Reports.decisionTimeliness(scope: scope, period: period, contacts: rows.contacts)
            return Rendered(csv: r.csv, table: r.humanTable)
        case .ratesPer10000:
            let r = Reports.ratesPer10000(scope: scope, period: period, referrals: rows.referrals)
            return Rendered(csv: r.csv, table: r.humanTable)
        }
    }

    /// `la` (an authority's code or `hub`), `from` and `to` (dates, both included) from a request.
    static func parse(_ req: Request) async throws -> (ReportTarget, ReportPeriod) {
        let la = try await req.reportTarget(code: req.query[String.self, at: "la"])
        var check = InputChecker()
        func day(_ name: String) -> LocalDate? {
            guard let text = check.require(req.query[String.self, at: name], name, maxLength: 10) else { return nil }
            guard let date = LocalDate(iso: text) else { check.add(name, "is not a date in the form YYYY-MM-DD"); return nil }
            return date
        }
        let from = day("from"), to = day("to")
        var period: ReportPeriod?
        if let from, let to {
            period = ReportPeriod(from: from, through: to)
            if period == nil { check.add("to", "is before from") }
            if to.year - from.year > 10 { check.add("to", "at most ten years at once") }
        }
        try check.finish()
        guard let period else { throw APIError.badRequest("the dates could not be read") }
        return (la, period)
    }
}

extension ReportsController {
    /// `GET /reports/tables/{table}?la=&from=&to=`: one of the other tables of reports.md as CSV,
    /// for an authority or (`la=hub`) the whole hub.
    func tableCSV(req: Request) async throws -> Response {
        _ = try req.actor(.viewReports)
        guard let name = req.parameters.get("table"), let table = ReportTable(rawValue: name) else {
            throw APIError.notFound("the table (one of \(ReportTable.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let (target, period) = try await ReportTable.parse(req)
        let rendered = try await table.render(target, period: period, holidays: req.frontDoor.holidays, on: req.reportsDB)
        try await req.auditReport("report", table.rawValue, target)
        let response = Response(status: .ok, body: .init(string: rendered.csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        return response
    }
}
