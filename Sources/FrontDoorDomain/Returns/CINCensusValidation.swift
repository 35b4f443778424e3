import Foundation

/// One thing the DfE's validation would say about a census return, found before it is sent.
///
/// `rule` is the DfE validation rule number (a `Q` suffix marks a query, which a local authority
/// may answer with an explanation instead of a correction); checks with no DfE number use
/// "schema". `field` is the path of the item within the child, as written in the XML
/// (`CINdetails[1].Section47[0].DateOfInitialCPC`, counting from 0).
public struct CINCensusProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, query
    }

    public let rule: String
    public let laChildID: String?
    public let field: String
    public let message: String

    public init(rule: String, laChildID: String?, field: String, message: String) {
        self.rule = rule
        self.laChildID = laChildID
        self.field = field
        self.message = message
    }

    public var severity: Severity { rule.hasSuffix("Q") ? .query : .error }

    public var description: String {
        let place = [laChildID.map { "child \($0)" }, field.isEmpty ? nil : field].compactMap { $0 }.joined(separator: ", ")
        return "\(severity) \(rule): \(place.isEmpty ? "" : place + ": ")\(message)"
    }
}

extension CINCensus {
    /// The checks the writer can make itself: code lists and formats the types do not already
    /// guarantee, dates in order and inside the year, required items, and the cross-checks
    /// between episodes, plans and conferences of the DfE rule set (the open-source validator's
    /// cin2025_26 rules, read rule by rule). Not every DfE rule is here, and the DfE's own checks
    /// are final; `scripts/validate-cin.sh` runs the open-source validator on the written XML.
    ///
    /// `calendar` supplies working days for the rules that count them (8569Q, 8670Q, 8675Q).
    public func validate(calendar: WorkingCalendar = WorkingCalendar()) -> [CINCensusProblem] {
        var checker = CINCensusChecker(year: year, calendar: calendar)
        checker.checkHeader(la: la, serialNumber: serialNumber, childCount: children.count)
        checker.checkReturnWide(children)
        for child in children { checker.check(child) }
        return checker.problems
    }
}

struct CINCensusChecker {
    let year: CINCensusYear
    let calendar: WorkingCalendar
    private(set) var problems: [CINCensusProblem] = []

    init(year: CINCensusYear, calendar: WorkingCalendar) {
        self.year = year
        self.calendar = calendar
    }

    mutating func add(_ rule: String, _ child: CINChild?, _ field: String, _ message: String) {
        problems.append(CINCensusProblem(rule: rule, laChildID: child?.laChildID, field: field, message: message))
    }

    var start: LocalDate { year.start }
    var end: LocalDate { year.referenceDate }

    // MARK: Header and return-wide

    mutating func checkHeader(la: String, serialNumber: Int, childCount: Int) {
        if la.count != 3 || !la.allSatisfy(\.isASCIIDigit) {
            add("schema", nil, "Header.Source.LEA", "'\(la)' is not a three-digit DfE local authority number")
        }
        if serialNumber < 0 { add("schema", nil, "Header.Source.SerialNo", "must not be negative") }
        if childCount == 0 { add("schema", nil, "Children", "a return holds at least one child") }
    }

    mutating func checkReturnWide(_ children: [CINChild]) {
        var seenIDs: [String: Int] = [:]
        var seenUPNs: [String: Int] = [:]
        for child in children {
            seenIDs[child.laChildID, default: 0] += 1
            if let upn = child.upn { seenUPNs[upn.value, default: 0] += 1 }
        }
        for child in children {
            if seenIDs[child.laChildID, default: 0] > 1 {
                add("8510", child, "ChildIdentifiers.LAchildID", "more than one child has this LA child ID")
            }
            if let upn = child.upn, seenUPNs[upn.value, default: 0] > 1 {
                add("1520", child, "ChildIdentifiers.UPN", "more than one child has the UPN \(upn.value)")
            }
        }

        // 2883: every plan started in the year came from a conference held in the year.
        var plansStarted = 0
        var conferences = 0
        for episode in children.flatMap(\.episodes) {
            plansStarted += episode.childProtectionPlans.filter { year.contains($0.startDate) }.count
            if let held = episode.initialConferenceDate, year.contains(held) { conferences += 1 }
            conferences += episode.section47Enquiries.compactMap(\.initialConferenceDate).filter(year.contains).count
        }
        if plansStarted > conferences {
            add("2883", nil, "", "\(plansStarted) child protection plans start in the year but only \(conferences) initial conferences were held")
        }

        // 2886Q: at most 2% of born children with sex unknown.
        let born = children.filter { $0.expectedBirthDate == nil }
        let unknownSex = born.filter { $0.sex == .unknown }.count
        if !children.isEmpty, Double(unknownSex) / Double(children.count) > 0.02 {
            add("2886Q", nil, "", "\(unknownSex) of \(children.count) children (not counting unborn children) have sex U; more than 2%")
        }

        // 2887Q and 2888Q: disability recording looks thin.
        let disabled = children.map { $0.disabilities.filter { $0 != .NONE } }.filter { !$0.isEmpty }
        let codesUsed = Set(disabled.flatMap { $0 })
        if !disabled.isEmpty, codesUsed.count <= 7 {
            add("2887Q", nil, "", "only \(codesUsed.count) different disability codes are used in the return (expected more than 7)")
        }
        if !disabled.isEmpty, disabled.allSatisfy({ $0.count == 1 }) {
            add("2888Q", nil, "", "every child with a disability has exactly one disability code; record every disability")
        }
    }

    // MARK: One child

    mutating func check(_ child: CINChild) {
        checkIdentifiers(child)
        checkCharacteristics(child)
        if child.episodes.isEmpty {
            add("8590", child, "CINdetails", "a child in the return needs at least one episode (CINdetails)")
        }
        for (index, episode) in child.episodes.enumerated() {
            check(episode, at: "CINdetails[\(index)]", of: child)
        }
        checkEpisodesTogether(child)
        checkPlansTogether(child)
    }

    mutating func checkIdentifiers(_ child: CINChild) {
        let id = child.laChildID
        if id.trimmingCharacters(in: .whitespaces).isEmpty {
            add("8500", child, "ChildIdentifiers.LAchildID", "LA child ID is missing")
        }
        if id.count > 20 { add("1570", child, "ChildIdentifiers.LAchildID", "LA child ID is longer than 20 characters") }
        if !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            add("1580", child, "ChildIdentifiers.LAchildID", "LA child ID may contain only letters and digits")
        }
        if let upn = child.upn, !Self.upnLACodes.contains(upn.laCode) {
            add("1530", child, "ChildIdentifiers.UPN", "characters 2-4 (\(upn.laCode)) are not a DfE local authority code")
        }
        if let former = child.formerUPN, !(former.value.last?.isASCIIDigit ?? false) {
            add("1560Q", child, "ChildIdentifiers.FormerUPN", "a former UPN is a permanent UPN: its last character must be a digit")
        }
        switch (child.birthDate, child.expectedBirthDate) {
        case (nil, nil):
            add("8525Q", child, "ChildIdentifiers.PersonBirthDate", "give the date of birth, or the expected date of birth for an unborn child")
        case (.some, .some):
            add("8525Q", child, "ChildIdentifiers.ExpectedPersonBirthDate", "give the date of birth or the expected date of birth, not both")
        default:
            break
        }
        if child.isUnborn, child.sex != .unknown {
            add("8750", child, "ChildIdentifiers.Sex", "must be U for an unborn child")
        }
        if let born = child.birthDate, born > end {
            add("8520", child, "ChildIdentifiers.PersonBirthDate", "is after the reference date \(end.iso)")
        }
        if let expected = child.expectedBirthDate, child.birthDate == nil {
            let earliest = ReturnDates.adding(days: -30, to: end)
            let latest = ReturnDates.adding(months: 9, to: end)
            if !(expected > earliest && expected < latest) {
                add("8530Q", child, "ChildIdentifiers.ExpectedPersonBirthDate", "should be after \(earliest.iso) and before \(latest.iso)")
            }
        }
        if let died = child.deathDate {
            if let born = child.birthDate {
                if born > died { add("8535Q", child, "ChildIdentifiers.PersonDeathDate", "is before the date of birth") }
            } else {
                add("8535Q", child, "ChildIdentifiers.PersonDeathDate", "a date of death needs a date of birth")
            }
            if !year.contains(died) {
                add("8545Q", child, "ChildIdentifiers.PersonDeathDate", "should be within the census year \(year)")
            }
        }
        if let born = child.birthDate, born < ReturnDates.adding(years: -25, to: end) {
            let turned25 = ReturnDates.adding(years: 25, to: born)
            if child.episodes.contains(where: { $0.closure.map { $0.date > turned25 } ?? true }) {
                add("8775Q", child, "ChildIdentifiers.PersonBirthDate", "the child is over 25 years old")
            }
        }

        let furtherAction = child.episodes.contains { !$0.referralNFA }
        // School age: born on or before 31 August six years before the census year's September.
        let schoolAgeLimit = LocalDate(year: year.endingYear - 6, month: 8, day: 31)!
        if let born = child.birthDate, born <= schoolAgeLimit, furtherAction, child.upn == nil {
            if child.upnUnknown == nil || child.upnUnknown == .UN1 {
                add("8770Q", child, "ChildIdentifiers.UPNunknown", "a child of school age needs a UPN, or a reason it is unknown other than UN1")
            }
        }
        if child.upnUnknown == .UN7, furtherAction {
            add("8772", child, "ChildIdentifiers.UPNunknown", "UN7 (referral with no further action) but an episode went to further action")
        }
    }

    mutating func checkCharacteristics(_ child: CINChild) {
        let codes = child.disabilities
        if child.birthDate != nil, codes.isEmpty, child.episodes.contains(where: { !$0.referralNFA }) {
            add("8540", child, "ChildCharacteristics.Disabilities", "give at least one disability code (NONE if the child has none)")
        }
        if codes.contains(.NONE), codes.contains(where: { $0 != .NONE }) {
            add("8790", child, "ChildCharacteristics.Disabilities", "NONE cannot be given with other disability codes")
        }
        if Set(codes).count != codes.count {
            add("8794", child, "ChildCharacteristics.Disabilities", "the same disability code is given more than once")
        }
    }

    /// The UPN LA codes rule 1530 accepts: post-April 1998 local authority numbers and the DfE's
    /// pseudo-LA codes (the 2023-24 list, unchanged since).
    static let upnLACodes: Set<String> = {
        var codes: [Int] = []
        let ranges: [ClosedRange<Int>] = [
            1...5, 201...213, 301...320, 330...336, 340...344, 350...359, 370...373, 380...384, 390...394,
            660...681, 701...708, 800...803, 805...808, 810...813, 820...823, 835...839, 850...852, 855...857,
            865...896, 935...938, 940...941,
        ]
        for range in ranges { codes.append(contentsOf: range) }
        codes += [420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925,
                  926, 928, 929, 931, 933, 942, 943]
        return Set(codes.map { code in
            let text = String(code)
            return String(repeating: "0", count: 3 - text.count) + text
        })
    }()
}
