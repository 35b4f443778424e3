import Fluent
import FrontDoorDomain
import Vapor

/// One record behind a figure of the monthly report: its id, the authority it belongs to (a hub's
/// figures list every authority's records), and, when it names a person restricted from the user,
/// whom to ask — and nothing else about it, as search shows a restricted record.
struct FigureRecord: Content, Equatable {
    struct Restricted: Content, Equatable {
        var ask: String
    }

    var id: String
    var la: String
    /// `contact` or `referral`.
    var type: String
    var restricted: Restricted?
}

enum FigureRecords {
    /// The records behind `measure` in `month`, in the report's order.
    static func list(
        _ measure: MonthlyMeasure, month: ReportMonth, report: MonthlyReport, rows: ReportData.Rows, actor: Actor, on db: any Database
    ) async throws -> [FigureRecord] {
        let ids = report.records(for: measure, month: month)
        let authorityOf = measure.countsContacts
            ? Dictionary(rows.contacts.map { ($0.id, $0.la) }, uniquingKeysWith: { a, _ in a })
            : Dictionary(rows.referrals.map { ($0.id, $0.la) }, uniquingKeysWith: { a, _ in a })
        // The people closed to this user (few), then the listed records that name one of them.
        let hidden = try await Restrictions.allHidden(from: actor, on: db)
        var ask: [String: String] = [:]
        if !hidden.isEmpty {
            let people = Array(hidden.keys)
            if measure.countsContacts {
                for link in try await ContactPersonModel.query(on: db).filter(\.$personID ~~ people).all() {
                    ask[link.contactID.uuidString] = hidden[link.personID]
                }
            } else {
                for referral in try await ReferralModel.query(on: db).filter(\.$childID ~~ people).all() {
                    if let id = referral.id { ask[id.uuidString] = hidden[referral.childID] }
                }
            }
        }
        return ids.map { id in
            FigureRecord(
                id: id, la: authorityOf[id] ?? report.la, type: measure.countsContacts ? "contact" : "referral",
                restricted: ask[id].map(FigureRecord.Restricted.init(ask:))
            )
        }
    }
}
