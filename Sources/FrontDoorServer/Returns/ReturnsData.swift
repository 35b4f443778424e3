import Fluent
import FrontDoorDomain
import SQLKit
import Vapor

/// The history that followed a referral in the district teams, as the case system gives it:
/// every assessment, CIN plan, section 47 enquiry and child protection plan of the episode.
/// Dates are `YYYY-MM-DD`. Stored as JSON in `referrals.downstream`.
struct DownstreamRecord: Codable, Equatable {
    struct Assessment: Codable, Equatable {
        var start: String
        var internalReview: String?
        var authorised: String?
        var factors: [String]
    }

    struct Plan: Codable, Equatable {
        var start: String
        var end: String?
    }

    struct Enquiry: Codable, Equatable {
        var start: String
        var conferenceTarget: String?
        var conference: String?
        var conferenceNotRequired: Bool
    }

    struct ProtectionPlan: Codable, Equatable {
        var start: String
        var end: String?
        var initialCategory: String
        var latestCategory: String
        var previousPlans: Int
        var reviews: [String]
    }

    var assessments: [Assessment] = []
    var cinPlans: [Plan] = []
    var enquiries: [Enquiry] = []
    var protectionPlans: [ProtectionPlan] = []
    /// A conference with no enquiry in this episode (a child moving in on a plan).
    var initialConference: String?

    init(_ episode: CINEpisode) {
        assessments = episode.assessments.map {
            Assessment(start: $0.startDate.iso, internalReview: $0.internalReviewDate?.iso, authorised: $0.authorisationDate?.iso, factors: $0.factors.map(\.rawValue))
        }
        cinPlans = episode.cinPlans.map { Plan(start: $0.startDate.iso, end: $0.endDate?.iso) }
        enquiries = episode.section47Enquiries.map {
            Enquiry(start: $0.startDate.iso, conferenceTarget: $0.initialConferenceTarget?.iso, conference: $0.initialConferenceDate?.iso, conferenceNotRequired: $0.conferenceNotRequired)
        }
        protectionPlans = episode.childProtectionPlans.map {
            ProtectionPlan(start: $0.startDate.iso, end: $0.endDate?.iso, initialCategory: $0.initialCategory.rawValue,
                           latestCategory: $0.latestCategory.rawValue, previousPlans: $0.numberOfPreviousPlans, reviews: $0.reviewDates.map(\.iso))
        }
        initialConference = episode.initialConferenceDate?.iso
    }

    var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self) }

    static func decode(_ text: String?) -> DownstreamRecord? {
        text.flatMap { try? JSONDecoder().decode(DownstreamRecord.self, from: Data($0.utf8)) }
    }
}

/// The statutory returns filled from the stored records (docs/returns.md, "What the server must supply").
enum ReturnsData {
    private static func date(_ text: String?) -> LocalDate? { text.flatMap(LocalDate.init(iso:)) }

    /// The census id of a person: their local reference when it is up to 20 letters and digits,
    /// otherwise the first 20 hex digits of their id (stable, and never a real identifier).
    static func laChildID(_ person: ReturnPerson) -> String {
        if let ref = person.ref, !ref.isEmpty, ref.count <= 20, ref.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return ref }
        return String(person.id.uuidString.replacingOccurrences(of: "-", with: "").prefix(20))
    }

    static func episode(_ r: ReturnReferral, calendar: WorkingCalendar) -> CINEpisode {
        let referralDate = calendar.localDate(of: r.referredAt)
        var episode = CINEpisode(
            referralDate: referralDate, referralSource: ReferralSource(rawValue: r.source) ?? .unknown,
            primaryNeed: r.primaryNeed.flatMap(PrimaryNeed.init(rawValue:)),
            closure: date(r.closedAt).flatMap { closed in r.reasonForClosure.flatMap(ReasonForClosure.init(rawValue:)).map { CINClosure(date: closed, reason: $0) } },
            referralNFA: r.nfa ?? (r.outcome == ReferralOutcome.closed.rawValue)
        )
        if let downstream = DownstreamRecord.decode(r.downstream) {
            episode.assessments = downstream.assessments.compactMap { a in
                date(a.start).map { CINAssessment(startDate: $0, internalReviewDate: date(a.internalReview), authorisationDate: date(a.authorised),
                                                  factors: a.factors.compactMap(CINAssessmentFactor.init(rawValue:))) }
            }
            episode.cinPlans = downstream.cinPlans.compactMap { p in date(p.start).map { CINPlanPeriod(startDate: $0, endDate: date(p.end)) } }
            episode.section47Enquiries = downstream.enquiries.compactMap { e in
                date(e.start).map { CINSection47(startDate: $0, initialConferenceTarget: date(e.conferenceTarget), initialConferenceDate: date(e.conference),
                                                 conferenceNotRequired: e.conferenceNotRequired) }
            }
            episode.childProtectionPlans = downstream.protectionPlans.compactMap { p in
                guard let start = date(p.start), let initial = CINCategoryOfAbuse(rawValue: p.initialCategory),
                      let latest = CINCategoryOfAbuse(rawValue: p.latestCategory) else { return nil }
                return CINChildProtectionPlan(startDate: start, endDate: date(p.end), initialCategory: initial, latestCategory: latest,
                                              numberOfPreviousPlans: p.previousPlans, reviewDates: p.reviews.compactMap(LocalDate.init(iso:)))
            }
            episode.initialConferenceDate = date(downstream.initialConference)
            return episode
        }
        // The front door's own record: one assessment and one enquiry at most. A child protection
        // plan needs its categories, which only the case system holds, so none is written from here.
        if let start = date(r.assessmentStartedAt) {
            episode.assessments = [CINAssessment(startDate: start, authorisationDate: date(r.assessmentAuthorisedAt),
                                                 factors: r.assessmentFactors.compactMap(CINAssessmentFactor.init(rawValue:)))]
        }
        if let start = date(r.s47StartedAt) {
            let conference = date(r.icpcAt)
            episode.section47Enquiries = [CINSection47(startDate: start, initialConferenceTarget: date(r.icpcTarget), initialConferenceDate: conference,
                                                       conferenceNotRequired: conference == nil && episode.closure != nil)]
        } else if let conference = date(r.icpcAt) {
            episode.initialConferenceDate = conference
        }
        return episode
    }

    /// A child with their episodes in the order of their referral dates; episodes referred on the
    /// same day keep the order they are given in.
    static func child(_ p: ReturnPerson, episodes: [CINEpisode]) -> CINChild {
        CINChild(
            laChildID: laChildID(p), upn: p.upn.flatMap(UPN.init), formerUPN: p.formerUPN.flatMap(UPN.init),
            upnUnknown: p.upnUnknown.flatMap(UPNUnknownReason.init(rawValue:)), birthDate: date(p.dateOfBirth),
            expectedBirthDate: date(p.expectedDateOfBirth), sex: p.sex.flatMap(Sex.init(rawValue:)) ?? .unknown,
            deathDate: date(p.deathDate), ethnicity: p.ethnicity.flatMap(Ethnicity.init(rawValue:)) ?? .NOBT,
            disabilities: p.disabilities.compactMap(Disability.init(rawValue:)), episodes: episodes.enumerated().sorted { ($0.element.referralDate, $0.offset) < ($1.element.referralDate, $1.offset) }.map(\.element)
        )
    }

    /// Every child with a referral that may be open in the census year, with those referrals.
    static func censusChildren(la: LocalAuthorityModel, year: CINCensusYear, holidays: BankHolidays, on db: any Database) async throws -> [CINChild] {
        let calendar = la.calendar(holidays: holidays)
        let read = try await ReturnRows.census(laID: la.requireID(), yearEnd: calendar.endOfDay(year.referenceDate), firstDay: year.start.iso, on: db)
        return children(read.people, referrals: read.referrals, calendar: calendar)
    }

    /// Each child with the episodes of their referrals, in the order of their census ids. Episodes
    /// are in the order of the referrals' instants (then ids), whatever order the database gave
    /// them in, so that both databases write the same file.
    static func children(_ people: [ReturnPerson], referrals: [ReturnReferral], calendar: WorkingCalendar) -> [CINChild] {
        let ordered = referrals.sorted { ($0.referredAt, $0.id.uuidString) < ($1.referredAt, $1.id.uuidString) }
        let byChild = Dictionary(grouping: ordered, by: \.childID)
        return people.map { person in
            child(person, episodes: (byChild[person.id] ?? []).map { episode($0, calendar: calendar) })
        }.sorted { $0.laChildID < $1.laChildID }
    }

    /// Annex A: every child with a contact, referral, assessment or enquiry in the six months, each
    /// with their whole history (the lists count the twelve months before each row).
    static func annexAChildren(la: LocalAuthorityModel, asOf: LocalDate, holidays: BankHolidays, on db: any Database) async throws -> [AnnexAChild] {
        let calendar = la.calendar(holidays: holidays)
        let laID = try la.requireID()
        let period = AnnexAPeriod(asOf: asOf)
        let from = calendar.startOfDay(period.start), to = calendar.endOfDay(asOf)
        // Who is in: contacts and referrals in the period, and referrals before it whose work may
        // still have been open (not closed before the period began).
        let contactIDs = try await ContactModel.query(on: db).filter(\.$laID == laID)
            .filter(\.$receivedAt >= from).filter(\.$receivedAt < to).field(\.$id).all().compactMap(\.id)
        var childIDs = Set<UUID>()
        for chunk in contactIDs.chunked(500) {
            childIDs.formUnion(try await ContactPersonModel.query(on: db).filter(\.$contactID ~~ Array(chunk)).filter(\.$role == "child").all().map(\.personID))
        }
        let open = try await ReferralModel.query(on: db).filter(\.$laID == laID).filter(\.$referredAt < to)
            .group(.or) { $0.filter(\.$closedAt == nil).filter(\.$closedAt >= period.start.iso) }
            .field(\.$id).field(\.$childID).all()
        childIDs.formUnion(open.map(\.childID))
        let ids = Array(childIDs)

        var people: [ReturnPerson] = [], referrals: [ReturnReferral] = [], namings: [ContactPersonModel] = []
        for chunk in ids.chunked(500) {
            let part = Array(chunk)
            people += try await PersonModel.query(on: db).filter(\.$id ~~ part).all().map(ReturnPerson.init)
            referrals += try await ReferralModel.query(on: db).filter(\.$childID ~~ part).filter(\.$referredAt < to).all().map(ReturnReferral.init)
            namings += try await ContactPersonModel.query(on: db).filter(\.$personID ~~ part).filter(\.$role == "child").all()
        }
        var contacts: [UUID: ContactModel] = [:]
        for chunk in Array(Set(namings.map(\.contactID))).chunked(500) {
            for c in try await ContactModel.query(on: db).filter(\.$id ~~ Array(chunk)).filter(\.$receivedAt < to).all() { contacts[c.id!] = c }
        }
        var workers: [UUID: String] = [:]
        let workerIDs = Array(Set(referrals.compactMap(\.workerID)))
        for chunk in workerIDs.chunked(500) {
            for u in try await UserModel.query(on: db).filter(\.$id ~~ Array(chunk)).all() { workers[u.id!] = u.name }
        }
        let referralsByChild = Dictionary(grouping: referrals, by: \.childID)
        let namingsByChild = Dictionary(grouping: namings, by: \.personID)
        return people.map { person in
            let census = child(person, episodes: [])
            var row = AnnexAChild(childID: census.laChildID, gender: AnnexAGender(sex: census.isUnborn ? nil : person.sex.flatMap(Sex.init(rawValue:))),
                                  ethnicity: person.ethnicity.flatMap(Ethnicity.init(rawValue:)), dateOfBirth: census.birthDate,
                                  disability: AnnexAAnswer(disabilities: census.disabilities))
            for naming in namingsByChild[person.id] ?? [] {
                guard let contact = contacts[naming.contactID] else { continue }
                row.contacts.append(AnnexAContact(date: calendar.localDate(of: contact.receivedAt), source: ReferralSource(rawValue: contact.source) ?? .unknown))
            }
            for referral in (referralsByChild[person.id] ?? []).sorted(by: { ($0.referredAt, $0.id.uuidString) < ($1.referredAt, $1.id.uuidString) }) {
                let ep = episode(referral, calendar: calendar)
                row.referrals.append(AnnexAReferral(date: ep.referralDate, source: ep.referralSource, noFurtherAction: ep.referralNFA,
                                                    allocatedTeam: nil, allocatedWorker: referral.workerID.flatMap { workers[$0] }))
                let needsSupport: Bool? = ep.closure.map { !$0.reason.closesAfterAssessment }
                for assessment in ep.assessments {
                    row.assessments.append(AnnexAAssessment(startDate: assessment.startDate, childSeen: nil, authorisationDate: assessment.authorisationDate,
                                                            requiresSocialCareSupport: assessment.authorisationDate == nil ? nil : needsSupport,
                                                            allocatedTeam: referral.outcomeTeam, allocatedWorker: nil))
                }
                for enquiry in ep.section47Enquiries {
                    let concluded = enquiry.initialConferenceDate ?? (enquiry.conferenceNotRequired ? ep.closure?.date : nil)
                    row.section47Enquiries.append(AnnexASection47(
                        startDate: enquiry.startDate, conferenceNotRequired: concluded == nil ? nil : enquiry.conferenceNotRequired,
                        concludedOn: concluded, conferenceDate: enquiry.initialConferenceDate,
                        conferenceResultedInPlan: enquiry.initialConferenceDate.map { held in
                            ep.childProtectionPlans.contains { $0.startDate == held } || referral.cpPlanStartedAt == held.iso
                        },
                        allocatedTeam: referral.outcomeTeam, allocatedWorker: nil))
                }
            }
            return row
        }
    }
}
