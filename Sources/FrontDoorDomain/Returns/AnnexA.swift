import Foundation

/// The Ofsted ILACS Annex A lists a front door can answer: 1 (contacts), 3 (referrals),
/// 4 (assessments) and 5 (section 47 enquiries and initial child protection conferences).
/// Headings and dropdown values are the template's, word for word (docs/standards/annex_a.md).
public enum AnnexAList: Int, CaseIterable, Sendable {
    case contacts = 1
    case referrals = 3
    case assessments = 4
    case section47Enquiries = 5

    /// The sheet name in the workbook: "List 1", "List 3", …
    public var sheetName: String { "List \(rawValue)" }

    /// The file name for the list as CSV.
    public var csvFileName: String { "annex-a-list-\(rawValue).csv" }

    static let childHeadings = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
    static let allocation = ["Allocated Team", "Allocated Worker"]

    public var headings: [String] {
        switch self {
        case .contacts:
            Self.childHeadings + ["Date of Contact", "Contact Source"]
        case .referrals:
            Self.childHeadings + ["Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"]
                + Self.allocation
        case .assessments:
            Self.childHeadings + [
                "Does the Child have a Disability", "Continuous Assessment Start Date",
                "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
                "Was the child assessed as requiring LA children's social care support?",
            ] + Self.allocation
        case .section47Enquiries:
            Self.childHeadings + [
                "Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "Date of Initial Child Protection Conference",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months",
            ] + Self.allocation
        }
    }
}

/// "The six months before the date of inspection": from the same day six months before the
/// as-of date, to the as-of date, both included (31 August looks back to the end of February).
public struct AnnexAPeriod: Hashable, Sendable {
    public let start: LocalDate
    public let asOf: LocalDate

    public init(asOf: LocalDate) {
        self.asOf = asOf
        start = ReturnDates.adding(months: -6, to: asOf)
    }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= asOf }
}

/// The lists for one local authority as of one date.
///
/// Selection (a pure function of the children and the date): list 1 holds the contacts received in
/// the period, list 3 the referrals received in it, list 4 every assessment open at some point in
/// it (started by the as-of date and not authorised before the period), list 5 every section 47
/// enquiry open at some point in it (started by the as-of date and not concluded before the
/// period). Everything is as it stood on the as-of date: an authorisation, conference or outcome
/// dated later is blank. Rows are in date order, then by child.
public struct AnnexAReturn: Sendable {
    public let period: AnnexAPeriod
    public let contacts: [ContactRow]
    public let referrals: [ReferralRow]
    public let assessments: [AssessmentRow]
    public let section47Enquiries: [Section47Row]

    /// The five columns every list starts with.
    public struct ChildColumns: Equatable, Sendable {
        public let childID: String
        public let gender: AnnexAGender
        public let ethnicity: String
        public let dateOfBirth: LocalDate?
        /// Whole years on the as-of date; nil without a date of birth.
        public let age: Int?
        public let disability: AnnexAAnswer
    }

    public struct ContactRow: Equatable, Sendable {
        public let child: ChildColumns
        public let date: LocalDate
        public let source: ReferralSource
    }

    public struct ReferralRow: Equatable, Sendable {
        public let child: ChildColumns
        public let date: LocalDate
        public let source: ReferralSource
        public let noFurtherAction: Bool
        /// The child's other referrals in the twelve months before this one (not counting it).
        public let referralsInLast12Months: Int
        public let allocatedTeam: String?
        public let allocatedWorker: String?
    }

    public struct AssessmentRow: Equatable, Sendable {
        public let child: ChildColumns
        public let startDate: LocalDate
        public let childSeen: AnnexAAnswer
        public let authorisationDate: LocalDate?
        /// Blank until the assessment is authorised.
        public let requiresSupport: AnnexAAnswer?
        public let allocatedTeam: String?
        public let allocatedWorker: String?
    }

    public struct Section47Row: Equatable, Sendable {
        public let child: ChildColumns
        public let startDate: LocalDate
        /// Blank while the enquiry is open.
        public let conferenceUnnecessary: AnnexAAnswer?
        public let conferenceDate: LocalDate?
        /// Blank unless a conference was held.
        public let conferenceResultedInPlan: AnnexAAnswer?
        /// The child's other enquiries started in the twelve months before this one started.
        public let enquiriesInLast12Months: Int
        /// The child's initial conferences in the twelve months before this enquiry started.
        public let conferencesInLast12Months: Int
        public let allocatedTeam: String?
        public let allocatedWorker: String?
    }

    public init(children: [AnnexAChild], asOf: LocalDate) {
        let period = AnnexAPeriod(asOf: asOf)
        self.period = period
        var contacts: [ContactRow] = []
        var referrals: [ReferralRow] = []
        var assessments: [AssessmentRow] = []
        var enquiries: [Section47Row] = []

        for child in children {
            let columns = ChildColumns(
                childID: child.childID, gender: child.gender, ethnicity: AnnexAValues.ethnicity(child.ethnicity),
                dateOfBirth: child.dateOfBirth.flatMap { $0 <= asOf ? $0 : nil },
                age: child.dateOfBirth.flatMap { ReturnDates.age(born: $0, on: asOf) }, disability: child.disability)

            for contact in child.contacts where period.contains(contact.date) {
                contacts.append(ContactRow(child: columns, date: contact.date, source: contact.source))
            }

            for (index, referral) in child.referrals.enumerated() where period.contains(referral.date) {
                let yearBefore = ReturnDates.adding(months: -12, to: referral.date)
                let earlier = child.referrals.indices.filter { other in
                    other != index && child.referrals[other].date >= yearBefore && child.referrals[other].date < referral.date
                }.count
                referrals.append(ReferralRow(
                    child: columns, date: referral.date, source: referral.source, noFurtherAction: referral.noFurtherAction,
                    referralsInLast12Months: earlier, allocatedTeam: referral.allocatedTeam,
                    allocatedWorker: referral.allocatedWorker))
            }

            for assessment in child.assessments where assessment.startDate <= asOf {
                let authorised = assessment.authorisationDate.flatMap { $0 <= asOf ? $0 : nil }
                if let authorised, authorised < period.start { continue }
                assessments.append(AssessmentRow(
                    child: columns, startDate: assessment.startDate, childSeen: AnnexAAnswer(assessment.childSeen),
                    authorisationDate: authorised,
                    requiresSupport: authorised == nil ? nil : AnnexAAnswer(assessment.requiresSocialCareSupport).definite,
                    allocatedTeam: assessment.allocatedTeam, allocatedWorker: assessment.allocatedWorker))
            }

            let known = child.section47Enquiries.map { $0.asAt(asOf) }
            for (index, enquiry) in known.enumerated() where enquiry.startDate <= asOf {
                if let ended = enquiry.endDate, ended < period.start { continue }
                let yearBefore = ReturnDates.adding(months: -12, to: enquiry.startDate)
                let inYearBefore = { (date: LocalDate) in date >= yearBefore && date < enquiry.startDate }
                let earlierEnquiries = known.indices.filter { $0 != index && inYearBefore(known[$0].startDate) }.count
                let earlierConferences = known.compactMap(\.conferenceDate).filter(inYearBefore).count
                enquiries.append(Section47Row(
                    child: columns, startDate: enquiry.startDate,
                    conferenceUnnecessary: enquiry.conferenceNotRequired.map { AnnexAAnswer($0) },
                    conferenceDate: enquiry.conferenceDate,
                    conferenceResultedInPlan: enquiry.conferenceDate == nil ? nil : AnnexAAnswer(enquiry.conferenceResultedInPlan),
                    enquiriesInLast12Months: earlierEnquiries, conferencesInLast12Months: earlierConferences,
                    allocatedTeam: enquiry.allocatedTeam, allocatedWorker: enquiry.allocatedWorker))
            }
        }
        self.contacts = contacts.sorted { ($0.date, $0.child.childID) < ($1.date, $1.child.childID) }
        self.referrals = referrals.sorted { ($0.date, $0.child.childID) < ($1.date, $1.child.childID) }
        self.assessments = assessments.sorted { ($0.startDate, $0.child.childID) < ($1.startDate, $1.child.childID) }
        self.section47Enquiries = enquiries.sorted { ($0.startDate, $0.child.childID) < ($1.startDate, $1.child.childID) }
    }

    public var asOf: LocalDate { period.asOf }

    // MARK: Output

    /// One list as a sheet: its headings and one row of cells per record.
    public func sheet(_ list: AnnexAList) -> XLSXWorkbook.Sheet {
        XLSXWorkbook.Sheet(name: list.sheetName, headings: list.headings, rows: rows(list))
    }

    /// The workbook of lists 1, 3, 4 and 5, one sheet each.
    public func xlsx() throws(XLSXWorkbook.Failure) -> Data {
        try XLSXWorkbook(sheets: AnnexAList.allCases.map(sheet)).data()
    }

    /// One list as CSV (RFC 4180), dates dd/mm/yyyy.
    public func csv(_ list: AnnexAList) -> String {
        let cells = rows(list).map { row in row.map(Self.csvText) }
        return ReturnsCSV.document(header: list.headings, rows: cells)
    }

    static func csvText(_ cell: XLSXWorkbook.Cell) -> String {
        switch cell {
        case .text(let text): text
        case .number(let number): String(number)
        case .date(let date): ReturnDates.ukFormat(date)
        case .empty: ""
        }
    }

    func rows(_ list: AnnexAList) -> [[XLSXWorkbook.Cell]] {
        switch list {
        case .contacts:
            contacts.map { row in
                Self.cells(row.child) + [.date(row.date), .text(AnnexAValues.source(row.source))]
            }
        case .referrals:
            referrals.map { row in
                Self.cells(row.child) + [
                    .date(row.date), .text(AnnexAValues.source(row.source)),
                    .text(AnnexAAnswer(row.noFurtherAction).rawValue), .number(row.referralsInLast12Months),
                    Self.text(row.allocatedTeam), Self.text(row.allocatedWorker),
                ]
            }
        case .assessments:
            assessments.map { row in
                Self.cells(row.child) + [
                    .text(row.child.disability.rawValue), .date(row.startDate), .text(row.childSeen.rawValue),
                    row.authorisationDate.map(XLSXWorkbook.Cell.date) ?? .empty, Self.text(row.requiresSupport?.rawValue),
                    Self.text(row.allocatedTeam), Self.text(row.allocatedWorker),
                ]
            }
        case .section47Enquiries:
            section47Enquiries.map { row in
                Self.cells(row.child) + [
                    .text(row.child.disability.rawValue), .date(row.startDate), Self.text(row.conferenceUnnecessary?.rawValue),
                    row.conferenceDate.map(XLSXWorkbook.Cell.date) ?? .empty, Self.text(row.conferenceResultedInPlan?.rawValue),
                    .number(row.enquiriesInLast12Months), .number(row.conferencesInLast12Months),
                    Self.text(row.allocatedTeam), Self.text(row.allocatedWorker),
                ]
            }
        }
    }

    static func cells(_ child: ChildColumns) -> [XLSXWorkbook.Cell] {
        [
            .text(child.childID), .text(child.gender.rawValue), .text(child.ethnicity),
            child.dateOfBirth.map(XLSXWorkbook.Cell.date) ?? .empty, child.age.map(XLSXWorkbook.Cell.number) ?? .empty,
        ]
    }

    static func text(_ value: String?) -> XLSXWorkbook.Cell {
        guard let value, !value.isEmpty else { return .empty }
        return .text(value)
    }
}

extension AnnexAAnswer {
    /// Yes or No only: "requiring support" has no Unknown in the template, so an unrecorded
    /// outcome stays blank.
    fileprivate var definite: AnnexAAnswer? { self == .unknown ? nil : self }
}

extension AnnexASection47 {
    /// The enquiry as it stood at the end of `date`, with the day it ended if it had.
    fileprivate struct Known {
        let startDate: LocalDate
        let conferenceNotRequired: Bool?
        let conferenceDate: LocalDate?
        let conferenceResultedInPlan: Bool?
        let endDate: LocalDate?
        let allocatedTeam: String?
        let allocatedWorker: String?
    }

    fileprivate func asAt(_ date: LocalDate) -> Known {
        let held = conferenceDate.flatMap { $0 <= date ? $0 : nil }
        // The outcome is known from its date, or (undated) from the enquiry's start.
        let decidedOn = concludedOn ?? held ?? startDate
        let outcomeKnown = decidedOn <= date
        let notRequired = outcomeKnown ? (conferenceNotRequired ?? (held != nil ? false : nil)) : nil
        let ended: LocalDate? = held ?? (notRequired == true ? decidedOn : nil)
        return Known(
            startDate: startDate, conferenceNotRequired: notRequired, conferenceDate: held,
            conferenceResultedInPlan: held == nil ? nil : conferenceResultedInPlan, endDate: ended,
            allocatedTeam: allocatedTeam, allocatedWorker: allocatedWorker)
    }
}
