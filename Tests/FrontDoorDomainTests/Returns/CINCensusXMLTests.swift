import Foundation
import FrontDoorDomain
import Testing

/// Shared fixtures: dates and a child with every item of the census filled in.
enum CINFixture {
    static let year = CINCensusYear(ending: 2026)!

    static func d(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// A valid UPN issued in `la`.
    static func upn(_ body: String) -> UPN {
        let rest = Array(body)
        return UPN(String(UPN.checkLetter(for: rest[...])!) + body)!
    }

    /// Every optional element present, in one child: the element-order test needs them all.
    static func fullChild(id: String = "C1234") -> CINChild {
        CINChild(
            laChildID: id, upn: upn("850123425001"), formerUPN: upn("850123422007"), upnUnknown: nil,
            birthDate: d("2015-06-01"), sex: .female, deathDate: d("2026-03-20"), ethnicity: .MWBA,
            disabilities: [.AUT, .COMM],
            episodes: [
                CINEpisode(
                    referralDate: d("2025-05-06"), referralSource: .schools, primaryNeed: .N1,
                    closure: CINClosure(date: d("2026-03-20"), reason: .RC2), initialConferenceDate: nil,
                    assessments: [
                        CINAssessment(
                            startDate: d("2025-05-07"), internalReviewDate: d("2025-05-20"),
                            authorisationDate: d("2025-06-10"), factors: [.domesticAbuseParent, .neglect]),
                    ],
                    cinPlans: [CINPlanPeriod(startDate: d("2025-12-01"), endDate: d("2026-03-20"))],
                    section47Enquiries: [
                        CINSection47(
                            startDate: d("2025-05-08"), initialConferenceTarget: d("2025-05-30"),
                            initialConferenceDate: d("2025-05-28"), conferenceNotRequired: false),
                    ],
                    referralNFA: false,
                    childProtectionPlans: [
                        CINChildProtectionPlan(
                            startDate: d("2025-05-28"), endDate: d("2025-12-01"), initialCategory: .NEG,
                            latestCategory: .EMO, numberOfPreviousPlans: 1,
                            reviewDates: [d("2025-08-01"), d("2025-12-01")]),
                    ]),
            ])
    }

    static func census(_ children: [CINChild], la: String = "850") -> CINCensus {
        CINCensus(
            year: year, la: la, release: "1.2.3", serialNumber: 7,
            createdAt: Date(timeIntervalSince1970: 1_777_968_000), children: children)
    }
}

@Suite("CIN census XML")
struct CINCensusXMLTests {
    typealias F = CINFixture

    func parsed(_ census: CINCensus) throws -> ReturnsXMLNode {
        try ReturnsXMLNode.parse(census.xmlData())
    }

    func names(_ node: ReturnsXMLNode?) -> [String] { node?.children.map(\.name) ?? [] }

    @Test("every group's elements come in the order of the census structure")
    func elementOrder() throws {
        let root = try parsed(F.census([F.fullChild()]))
        #expect(root.name == "Message")
        #expect(names(root) == ["Header", "Children"])
        #expect(names(root.first("Header")) == ["CollectionDetails", "Source"])
        #expect(names(root.first("Header")?.first("CollectionDetails")) == ["Collection", "Year", "ReferenceDate"])
        #expect(names(root.first("Header")?.first("Source")) == ["SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"])
        let child = try #require(root.first("Children")?.first("Child"))
        #expect(names(child) == ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"])
        #expect(names(child.first("ChildIdentifiers")) == ["LAchildID", "UPN", "FormerUPN", "PersonBirthDate", "Sex", "PersonDeathDate"])
        #expect(names(child.first("ChildCharacteristics")) == ["Ethnicity", "Disabilities"])
        #expect(names(child.first("ChildCharacteristics")?.first("Disabilities")) == ["Disability", "Disability"])
        let details = try #require(child.first("CINdetails"))
        #expect(names(details) == [
            "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
            "Assessments", "CINPlanDates", "Section47", "ReferralNFA", "ChildProtectionPlans",
        ])
        #expect(names(details.first("Assessments")) == [
            "AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "FactorsIdentifiedAtAssessment",
        ])
        #expect(names(details.first("Assessments")?.first("FactorsIdentifiedAtAssessment")) == ["AssessmentFactors", "AssessmentFactors"])
        #expect(names(details.first("CINPlanDates")) == ["CINPlanStartDate", "CINPlanEndDate"])
        #expect(names(details.first("Section47")) == ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"])
        #expect(names(details.first("ChildProtectionPlans")) == [
            "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP", "Reviews",
        ])
        #expect(names(details.first("ChildProtectionPlans")?.first("Reviews")) == ["CPPreviewDate", "CPPreviewDate"])
    }

    @Test("an episode-level conference, UPN unknown reason and expected birth date sit in their places")
    func otherOptionalElements() throws {
        var child = F.fullChild()
        child.upn = nil
        child.formerUPN = nil
        child.upnUnknown = .UN4
        child.birthDate = nil
        child.expectedBirthDate = F.d("2026-06-01")
        child.deathDate = nil
        child.episodes[0].initialConferenceDate = F.d("2025-05-28")
        let root = try parsed(F.census([child]))
        let c = try #require(root.first("Children")?.first("Child"))
        #expect(names(c.first("ChildIdentifiers")) == ["LAchildID", "UPNunknown", "ExpectedPersonBirthDate", "Sex"])
        #expect(names(c.first("CINdetails")).prefix(7) == [
            "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "Assessments",
        ])
    }

    @Test("header: collection CIN, the year, its reference date, the source; SerialNo has three digits; DateTime is UK local time")
    func header() throws {
        let root = try parsed(F.census([F.fullChild()]))
        let header = try #require(root.first("Header"))
        #expect(header.first("CollectionDetails")?.first("Collection")?.text == "CIN")
        #expect(header.first("CollectionDetails")?.first("Year")?.text == "2026")
        #expect(header.first("CollectionDetails")?.first("ReferenceDate")?.text == "2026-03-31")
        let source = try #require(header.first("Source"))
        #expect(source.first("SourceLevel")?.text == "L")
        #expect(source.first("LEA")?.text == "850")
        #expect(source.first("SoftwareCode")?.text == "FrontDoor")
        #expect(source.first("Release")?.text == "1.2.3")
        #expect(source.first("SerialNo")?.text == "007")
        // 1_777_968_000 is 2026-05-05T08:00:00Z: 09:00 in British Summer Time.
        #expect(source.first("DateTime")?.text == "2026-05-05T09:00:00")
    }

    @Test("booleans are 0 or 1, dates YYYY-MM-DD, codes as the census writes them")
    func values() throws {
        var child = F.fullChild()
        child.episodes.append(CINEpisode(referralDate: F.d("2026-03-25"), referralSource: .police, referralNFA: true))
        let root = try parsed(F.census([child]))
        let episodes = try #require(root.first("Children")?.first("Child")?.all("CINdetails"))
        #expect(episodes.map { $0.first("ReferralNFA")?.text } == ["0", "1"])
        #expect(episodes[0].first("Section47")?.first("ICPCnotRequired")?.text == "0")
        #expect(episodes[0].first("CINreferralDate")?.text == "2025-05-06")
        #expect(episodes[0].first("ReferralSource")?.text == "2A")
        #expect(episodes[1].first("ReferralSource")?.text == "6")
        #expect(episodes[0].first("ChildProtectionPlans")?.first("NumberOfPreviousCPP")?.text == "1")
        #expect(episodes[0].first("Assessments")?.descendants("AssessmentFactors").map(\.text) == ["3B", "16A"])
        // An episode without the optional items has no empty elements for them.
        #expect(names(episodes[1]) == ["CINreferralDate", "ReferralSource", "ReferralNFA"])
    }

    @Test("18A and 19A cannot be written: the factor list has 18B/18C and 19B/19C instead")
    func noSupersededFactors() {
        let codes = Set(CINAssessmentFactor.allCases.map(\.code))
        #expect(!codes.contains("18A") && !codes.contains("19A"))
        #expect(codes.isSuperset(of: ["18B", "18C", "19B", "19C", "21", "24A"]))
        #expect(codes.count == 42)
        // The same list the referral API accepts.
        #expect(codes == CINEpisodeCodes.assessmentFactors)
    }

    @Test("text is escaped: markup characters in any written value cannot break the document")
    func escaping() throws {
        var census = F.census([F.fullChild(id: "O'Brien & <Sons>")])
        census.release = "1.0 \"beta\" <rc> & more\u{0007}"
        let xml = census.xml()
        #expect(xml.contains("<LAchildID>O&apos;Brien &amp; &lt;Sons&gt;</LAchildID>"))
        #expect(xml.contains("<Release>1.0 &quot;beta&quot; &lt;rc&gt; &amp; more</Release>"))
        let root = try parsed(census)
        #expect(root.first("Children")?.first("Child")?.first("ChildIdentifiers")?.first("LAchildID")?.text == "O'Brien & <Sons>")
    }

    @Test("the document is UTF-8 XML with no namespace")
    func declaration() {
        let xml = F.census([F.fullChild()]).xml()
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n"))
        #expect(!xml.contains("xmlns"))
    }
}
