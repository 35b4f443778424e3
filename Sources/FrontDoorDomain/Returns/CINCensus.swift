import Foundation

/// A children in need census return for one local authority and one year, and its XML.
///
/// The XML follows the structure in docs/standards/cin_codes.md element by element and in the same
/// order: `Message` / `Header` (`CollectionDetails`, `Source`) / `Children` / `Child`
/// (`ChildIdentifiers`, `ChildCharacteristics`, one `CINdetails` per episode). No namespace; dates
/// YYYY-MM-DD; booleans 0/1; an absent item is an absent element.
public struct CINCensus: Sendable {
    public var year: CINCensusYear
    /// LEA: the DfE three-digit local authority number ("850").
    public var la: String
    public var softwareCode: String
    /// Release: the version of FrontDoor that wrote the return.
    public var release: String
    /// SerialNo: the local authority's count of its submissions this year, written with at least three digits.
    public var serialNumber: Int
    /// DateTime: when the return was made, written in UK local time.
    public var createdAt: Date
    /// The children exactly as they will be written (see `init(year:la:release:serialNumber:createdAt:selectingFrom:)`).
    public var children: [CINChild]

    public static let defaultSoftwareCode = "FrontDoor"

    /// A return of exactly these children, as given.
    public init(
        year: CINCensusYear, la: String, softwareCode: String = CINCensus.defaultSoftwareCode, release: String,
        serialNumber: Int = 1, createdAt: Date, children: [CINChild]
    ) {
        self.year = year
        self.la = la
        self.softwareCode = softwareCode
        self.release = release
        self.serialNumber = serialNumber
        self.createdAt = createdAt
        self.children = children
    }

    /// The return for `year` made from everything held about these children: only the children,
    /// episodes and parts of episodes that belong in it, as they stood on the reference date
    /// (`CINCensusYear.select`).
    public init(
        year: CINCensusYear, la: String, softwareCode: String = CINCensus.defaultSoftwareCode, release: String,
        serialNumber: Int = 1, createdAt: Date, selectingFrom allChildren: [CINChild]
    ) {
        self.init(
            year: year, la: la, softwareCode: softwareCode, release: release, serialNumber: serialNumber,
            createdAt: createdAt, children: year.select(allChildren))
    }

    public func xmlData() -> Data { Data(xml().utf8) }

    public func xml() -> String {
        var x = ReturnsXML.Builder()
        x.group("Message") { x in
            x.group("Header") { x in
                x.group("CollectionDetails") { x in
                    x.element("Collection", "CIN")
                    x.element("Year", String(year.endingYear))
                    x.element("ReferenceDate", year.referenceDate)
                }
                x.group("Source") { x in
                    x.element("SourceLevel", "L")
                    x.element("LEA", la)
                    x.element("SoftwareCode", softwareCode)
                    x.element("Release", release)
                    x.element("SerialNo", Self.serialText(serialNumber))
                    x.element("DateTime", Self.localDateTime(createdAt))
                }
            }
            x.group("Children") { x in
                for child in children { Self.write(child, into: &x) }
            }
        }
        return x.text
    }

    static func serialText(_ number: Int) -> String {
        let digits = String(max(0, number))
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// xs:dateTime without an offset, in UK local time, to the second.
    static func localDateTime(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }

    static func write(_ child: CINChild, into x: inout ReturnsXML.Builder) {
        x.group("Child") { x in
            x.group("ChildIdentifiers") { x in
                x.element("LAchildID", child.laChildID)
                x.element("UPN", child.upn?.value)
                x.element("FormerUPN", child.formerUPN?.value)
                x.element("UPNunknown", child.upnUnknown?.rawValue)
                x.element("PersonBirthDate", child.birthDate)
                x.element("ExpectedPersonBirthDate", child.expectedBirthDate)
                x.element("Sex", child.sex.rawValue)
                x.element("PersonDeathDate", child.deathDate)
            }
            x.group("ChildCharacteristics") { x in
                x.element("Ethnicity", child.ethnicity.rawValue)
                if !child.disabilities.isEmpty {
                    x.group("Disabilities") { x in
                        for disability in child.disabilities { x.element("Disability", disability.rawValue) }
                    }
                }
            }
            for episode in child.episodes { write(episode, into: &x) }
        }
    }

    static func write(_ episode: CINEpisode, into x: inout ReturnsXML.Builder) {
        x.group("CINdetails") { x in
            x.element("CINreferralDate", episode.referralDate)
            x.element("ReferralSource", episode.referralSource.code)
            x.element("PrimaryNeedCode", episode.primaryNeed?.rawValue)
            x.element("CINclosureDate", episode.closure?.date)
            x.element("ReasonForClosure", episode.closure?.reason.rawValue)
            x.element("DateOfInitialCPC", episode.initialConferenceDate)
            for assessment in episode.assessments {
                x.group("Assessments") { x in
                    x.element("AssessmentActualStartDate", assessment.startDate)
                    x.element("AssessmentInternalReviewDate", assessment.internalReviewDate)
                    x.element("AssessmentAuthorisationDate", assessment.authorisationDate)
                    if !assessment.factors.isEmpty {
                        x.group("FactorsIdentifiedAtAssessment") { x in
                            for factor in assessment.factors { x.element("AssessmentFactors", factor.code) }
                        }
                    }
                }
            }
            for plan in episode.cinPlans {
                x.group("CINPlanDates") { x in
                    x.element("CINPlanStartDate", plan.startDate)
                    x.element("CINPlanEndDate", plan.endDate)
                }
            }
            for enquiry in episode.section47Enquiries {
                x.group("Section47") { x in
                    x.element("S47ActualStartDate", enquiry.startDate)
                    x.element("InitialCPCtarget", enquiry.initialConferenceTarget)
                    x.element("DateOfInitialCPC", enquiry.initialConferenceDate)
                    x.element("ICPCnotRequired", enquiry.conferenceNotRequired)
                }
            }
            x.element("ReferralNFA", episode.referralNFA)
            for plan in episode.childProtectionPlans {
                x.group("ChildProtectionPlans") { x in
                    x.element("CPPstartDate", plan.startDate)
                    x.element("CPPendDate", plan.endDate)
                    x.element("InitialCategoryOfAbuse", plan.initialCategory.rawValue)
                    x.element("LatestCategoryOfAbuse", plan.latestCategory.rawValue)
                    x.element("NumberOfPreviousCPP", String(plan.numberOfPreviousPlans))
                    if !plan.reviewDates.isEmpty {
                        x.group("Reviews") { x in
                            for review in plan.reviewDates { x.element("CPPreviewDate", review) }
                        }
                    }
                }
            }
        }
    }
}
