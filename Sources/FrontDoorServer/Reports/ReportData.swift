import Fluent
import FrontDoorDomain
import Vapor

/// Reads the records a report needs from the database into the domain's report rows. Every
/// figure is computed from these rows by the definitions in `FrontDoorDomain/Reports`, never from
/// a stored counter.
enum ReportData {
    struct Rows {
        var contacts: [ReportContact]
        var referrals: [ReportReferral]
    }

    /// Contacts received, and referrals received or with a section 47 or assessment starting,
    /// between two instants.
    static func load(la: LocalAuthorityModel, from start: Date, to end: Date, on db: any Database) async throws -> Rows {
        let laID = try la.requireID()
        let contacts = try await ContactModel.query(on: db).filter(\.$laID == laID)
            .filter(\.$receivedAt >= start).filter(\.$receivedAt < end).all()
        var childCounts: [UUID: Int] = [:]
        for chunk in contacts.compactMap(\.id).chunked(900) {
            for link in try await ContactPersonModel.query(on: db).filter(\.$contactID ~~ Array(chunk)).filter(\.$role == "child").all() {
                childCounts[link.contactID, default: 0] += 1
            }
        }
        let calendar = la.calendar(holidays: .englandAndWales)
        let startDate = calendar.localDate(of: start).iso
        let endDate = calendar.localDate(of: end).iso
        let referrals = try await ReferralModel.query(on: db).filter(\.$laID == laID)
            .group(.or) { or in
                or.group(.and) { $0.filter(\.$referredAt >= start).filter(\.$referredAt < end) }
                or.group(.and) { $0.filter(\.$s47StartedAt >= startDate).filter(\.$s47StartedAt < endDate) }
                or.group(.and) { $0.filter(\.$assessmentStartedAt >= startDate).filter(\.$assessmentStartedAt < endDate) }
            }
            .all()
        let discussions = try await StrategyDiscussionModel.query(on: db).filter(\.$referralID ~~ referrals.compactMap(\.id))
            .filter(\.$heldAt != nil).all()
        let heldAt = Dictionary(discussions.compactMap { d in d.heldAt.map { (d.referralID, $0) } }, uniquingKeysWith: { a, b in max(a, b) })
        return Rows(
            contacts: contacts.compactMap { contact in
                guard let id = contact.id, let source = ReferralSource(rawValue: contact.source) else { return nil }
                var decision: ReportContact.Decision?
                if let outcome = contact.outcome.flatMap(ContactOutcome.init(rawValue:)), let at = contact.decidedAt {
                    decision = .init(outcome: outcome, decidedAt: at)
                }
                return ReportContact(
                    id: id.uuidString, la: la.code, receivedAt: contact.receivedAt, source: source,
                    openCaseAtReceipt: contact.openCaseAtReceipt, children: childCounts[id] ?? 1, rag: contact.ragValue, decision: decision
                )
            },
            referrals: referrals.compactMap { referral in
                guard let id = referral.id, let source = ReferralSource(rawValue: referral.source) else { return nil }
                let outcome = referral.outcome.flatMap(ReferralOutcome.init(rawValue:))
                return ReportReferral(
                    id: id.uuidString, la: la.code, childId: referral.childID.uuidString, contactId: referral.contactID?.uuidString,
                    referredAt: referral.referredAt, source: source, completedAt: referral.decidedAt,
                    outcome: outcome.flatMap { ReferralReportOutcome(rawValue: $0.reportOutcome) },
                    strategyDiscussionAt: heldAt[id], s47StartedAt: referral.s47StartedAt.flatMap(LocalDate.init(iso:)),
                    assessmentStartedAt: referral.assessmentStartedAt.flatMap(LocalDate.init(iso:)),
                    assessmentAuthorisedAt: referral.assessmentAuthorisedAt.flatMap(LocalDate.init(iso:)),
                    icpcAt: referral.icpcAt.flatMap(LocalDate.init(iso:))
                )
            }
        )
    }

    /// The monthly front-door report for whole months, from live data.
    static func monthly(la: LocalAuthorityModel, from: ReportMonth, through: ReportMonth, holidays: BankHolidays, on db: any Database) async throws -> MonthlyReport {
        let calendar = la.calendar(holidays: holidays)
        guard let first = LocalDate(year: from.year, month: from.month, day: 1),
              let afterLast = ReportMonth.range(from: through, through: through).first.flatMap({ LocalDate(year: $0.year, month: $0.month, day: 1) }),
              let next = calendar.date(byAddingDays: 32, to: afterLast).flatMap({ LocalDate(year: $0.year, month: $0.month, day: 1) })
        else { throw APIError.badRequest("the months could not be read") }
        let rows = try await load(la: la, from: calendar.startOfDay(first), to: calendar.startOfDay(next), on: db)
        return Reports.monthly(
            la: la.code, from: from, through: through, contacts: rows.contacts, referrals: rows.referrals, calendar: calendar,
            referralTimescale: max(1, la.referralChildInNeedMinutes / max(1, la.workingHours.minutesPerDay))
        )
    }
}
