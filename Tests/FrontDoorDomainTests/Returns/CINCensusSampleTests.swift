import Foundation
import FrontDoorDomain
import Testing

@Suite("CIN census: a synthetic return")
struct CINCensusSampleTests {
    static let year = CINCensusYear(ending: 2026)!
    static let madeAt = Date(timeIntervalSince1970: 1_777_968_000)  // 2026-05-05, during the submission window

    static func sampleReturn(seed: UInt64 = 2026, count: Int = 300) -> CINCensus {
        let children = CINCensusSample.children(la: "850", year: year, count: count, seed: seed)
        return CINCensus(year: year, la: "850", release: "1.0.0", serialNumber: 1, createdAt: madeAt, selectingFrom: children)
    }

    @Test("a return made from 300 synthetic histories passes every check the writer makes")
    func sampleIsClean() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["FRONTDOOR_CIN_SAMPLE_SEED"].flatMap { UInt64($0) } ?? 2026
        let count = environment["FRONTDOOR_CIN_SAMPLE_COUNT"].flatMap { Int($0) } ?? 300
        let census = Self.sampleReturn(seed: seed, count: count)
        #expect(census.children.count == count)
        let problems = census.validate()
        #expect(problems.isEmpty, "\(problems.prefix(20).map(\.description).joined(separator: "\n"))")

        // `FRONTDOOR_CIN_SAMPLE_PATH=/tmp/cin.xml swift test --filter CINCensusSampleTests` keeps
        // the XML, for scripts/validate-cin.sh to run the DfE rules on.
        // (FRONTDOOR_CIN_SAMPLE_SEED and FRONTDOOR_CIN_SAMPLE_COUNT pick another sample.)
        if let path = environment["FRONTDOOR_CIN_SAMPLE_PATH"], !path.isEmpty {
            try census.xmlData().write(to: URL(fileURLWithPath: path))
        }
    }

    @Test("the sample covers every kind of episode the census distinguishes")
    func sampleIsVaried() {
        let census = Self.sampleReturn()
        let children = census.children
        let episodes = children.flatMap(\.episodes)
        #expect(children.contains { $0.expectedBirthDate != nil && $0.sex == .unknown })
        #expect(children.contains { $0.upn != nil })
        #expect(children.contains { $0.upn == nil && $0.upnUnknown != nil })
        #expect(children.contains { $0.episodes.count > 1 })
        #expect(episodes.contains { $0.referralNFA })
        #expect(episodes.contains { $0.closure == nil })
        #expect(episodes.contains { $0.closure?.reason == .RC8 })
        #expect(episodes.contains { !$0.assessments.isEmpty })
        #expect(episodes.contains { $0.section47Enquiries.contains { $0.conferenceNotRequired } })
        #expect(episodes.contains { $0.section47Enquiries.contains { $0.initialConferenceDate != nil } })
        #expect(episodes.contains { !$0.childProtectionPlans.isEmpty })
        #expect(episodes.contains { $0.childProtectionPlans.contains { !$0.reviewDates.isEmpty } })
        #expect(episodes.contains { !$0.cinPlans.isEmpty })
        #expect(episodes.contains { $0.initialConferenceDate != nil })
    }

    @Test("the same seed gives the same return")
    func deterministic() {
        #expect(Self.sampleReturn(seed: 7, count: 40).xml() == Self.sampleReturn(seed: 7, count: 40).xml())
        #expect(Self.sampleReturn(seed: 7, count: 40).xml() != Self.sampleReturn(seed: 8, count: 40).xml())
    }
}
