import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("Quality assurance: reproducible stratified samples, grade summaries, the missing strategy discussion pattern")
struct QualityAssuranceTests {
    static let outcomes = ["closed", "referral", "early-help", "other"]

    /// A population of decided contacts, keyed like record ids, skewed across the outcomes.
    static func population(_ seed: UInt64) -> [SampleCandidate] {
        var random = SeededRandom(seed: seed)
        let count = Int.random(in: 0...300, using: &random)
        return (0..<count).map { index in
            SampleCandidate(key: "\(index)-\(seed)", stratum: random.weighted([("closed", 0.55), ("referral", 0.35), ("early-help", 0.06), ("other", 0.04)]))
        }
    }

    @Test("a sample is a subset of the candidates, without repeats, of the size asked for (or all of them)")
    func sampleShape() async {
        await propertyCheck(count: 200, input: Gen.uint64(), Gen.int(in: 0...60)) { seed, size in
            let candidates = Self.population(seed)
            let sample = AuditSampler.draw(candidates, size: size, seed: seed)
            #expect(sample.count == min(size, candidates.count))
            #expect(Set(sample).count == sample.count)
            #expect(Set(sample).isSubset(of: Set(candidates)))
        }
    }

    @Test("the same definition draws the same sample, whatever order the candidates arrive in")
    func reproducible() async {
        await propertyCheck(count: 200, input: Gen.uint64(), Gen.int(in: 1...40)) { seed, size in
            let candidates = Self.population(seed)
            var shuffler = SeededRandom(seed: seed &+ 1)
            let first = AuditSampler.draw(candidates, size: size, seed: seed)
            let again = AuditSampler.draw(candidates.shuffled(using: &shuffler), size: size, seed: seed)
            #expect(first == again)
            // Unstratified drawing is reproducible too.
            #expect(AuditSampler.draw(candidates, size: size, seed: seed, stratified: false)
                == AuditSampler.draw(Array(candidates.reversed()), size: size, seed: seed, stratified: false))
        }
    }

    @Test("each outcome gets its proportional share of the sample, rounded down or up")
    func stratified() async {
        await propertyCheck(count: 200, input: Gen.uint64(), Gen.int(in: 1...60)) { seed, size in
            let candidates = Self.population(seed)
            let sample = AuditSampler.draw(candidates, size: size, seed: seed)
            let n = min(size, candidates.count)
            guard !candidates.isEmpty else { return }
            for stratum in Self.outcomes {
                let have = candidates.filter { $0.stratum == stratum }.count
                let got = sample.filter { $0.stratum == stratum }.count
                let exact = Double(have * n) / Double(candidates.count)
                #expect(Double(got) >= exact.rounded(.down) && Double(got) <= exact.rounded(.up), "\(stratum): \(got) of \(have), exact share \(exact)")
            }
        }
    }

    @Test("different seeds give different samples of a large population")
    func seedMatters() {
        let candidates = (0..<200).map { SampleCandidate(key: "c\($0)", stratum: $0 % 2 == 0 ? "closed" : "referral") }
        let samples = Set((1...20).map { AuditSampler.draw(candidates, size: 10, seed: UInt64($0)).map(\.key) })
        #expect(samples.count > 15)
    }

    @Test("allocation: shares add up, never exceed a group, and stay within one of the exact share (every small case)")
    func allocation() {
        for a in 0...6 {
            for b in 0...6 {
                for c in 0...6 {
                    let sizes = [a, b, c]
                    let population = sizes.reduce(0, +)
                    for total in 0...(population + 2) {
                        let quotas = AuditSampler.allocation(sizes: sizes, total: total)
                        #expect(quotas.reduce(0, +) == min(total, population))
                        for (quota, size) in zip(quotas, sizes) {
                            #expect(quota <= size && quota >= 0)
                            if population > 0 {
                                let exact = Double(size * min(total, population)) / Double(population)
                                #expect(Double(quota) >= exact.rounded(.down) && Double(quota) <= exact.rounded(.up))
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("the seed from a definition is stable and depends on every part of it")
    func definitionSeed() {
        #expect(AuditSampler.seed(for: "850|2026-10-01|2026-10-31") == AuditSampler.seed(for: "850|2026-10-01|2026-10-31"))
        #expect(AuditSampler.seed(for: "850|2026-10-01|2026-10-31") != AuditSampler.seed(for: "850|2026-10-01|2026-10-30"))
        // FNV-1a of the empty text is its offset basis: fixed across platforms and runs.
        #expect(AuditSampler.seed(for: "") == 0xcbf2_9ce4_8422_2325)
    }

    @Test("the summary counts grades and flags cases whose grades are two or more apart")
    func summary() {
        let summary = AuditSummary.of([[.good, .inadequate], [.good, .requiresImprovement], [], [.outstanding]])
        #expect(summary.cases == 4)
        #expect(summary.gradedCases == 3)
        #expect(summary.gradings == 5)
        #expect(summary.byGrade[.good] == 2)
        #expect(summary.byGrade[.inadequate] == 1)
        #expect(summary.disagreements == 1)
    }

    // MARK: the pattern

    static let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let period = DateInterval(start: start, duration: 90 * 86_400)

    static func day(_ n: Double) -> Date { start.addingTimeInterval(n * 86_400) }

    @Test("two indicators and no strategy discussion: listed; a discussion after the first: not listed")
    func patternExamples() {
        let child = UUID()
        let first = ProtectionIndicator(child: child, at: Self.day(3), kind: .redContact, record: UUID())
        let second = ProtectionIndicator(child: child, at: Self.day(20), kind: .highRiskDomesticAbuse, record: UUID())
        let found = MissingStrategyDiscussionRule.find(indicators: [second, first], discussions: [:], period: Self.period)
        #expect(found.map(\.child) == [child])
        #expect(found.first?.indicators == [first, second])
        // A strategy discussion held after the first indicator clears it.
        #expect(MissingStrategyDiscussionRule.find(indicators: [first, second], discussions: [child: [Self.day(10)]], period: Self.period).isEmpty)
        // One held before the concerns began does not.
        #expect(MissingStrategyDiscussionRule.find(indicators: [first, second], discussions: [child: [Self.day(1)]], period: Self.period).count == 1)
        // One record with two indicators is one concern, not two.
        let sameRecord = ProtectionIndicator(child: child, at: Self.day(3), kind: .highRiskDomesticAbuse, record: first.record)
        #expect(MissingStrategyDiscussionRule.find(indicators: [first, sameRecord], discussions: [:], period: Self.period).isEmpty)
        // A referral made from the first contact is the same concern.
        let itsReferral = ProtectionIndicator(child: child, at: Self.day(4), kind: .childProtectionReferral, record: UUID(), concern: first.record)
        #expect(MissingStrategyDiscussionRule.find(indicators: [first, itsReferral], discussions: [:], period: Self.period).isEmpty)
        #expect(MissingStrategyDiscussionRule.find(indicators: [first, itsReferral, second], discussions: [:], period: Self.period).first?.indicators == [first, second])
        // Indicators outside the period do not count.
        let outside = ProtectionIndicator(child: child, at: Self.day(-5), kind: .redContact, record: UUID())
        #expect(MissingStrategyDiscussionRule.find(indicators: [outside, second], discussions: [:], period: Self.period).isEmpty)
        // A higher threshold needs more.
        #expect(MissingStrategyDiscussionRule.find(indicators: [first, second], discussions: [:], period: Self.period, threshold: 3).isEmpty)
    }

    @Test("the pattern lists exactly the children a brute-force reading of the rule would")
    func patternMatchesDefinition() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var random = SeededRandom(seed: seed)
            let children = (0..<8).map { _ in UUID() }
            var indicators: [ProtectionIndicator] = []
            var records: [UUID] = []
            for _ in 0..<Int.random(in: 0...30, using: &random) {
                let record = random.chance(0.2) && !records.isEmpty ? random.pick(records) : UUID()
                records.append(record)
                indicators.append(ProtectionIndicator(child: random.pick(children), at: Self.day(Double.random(in: -20...110, using: &random)),
                                                      kind: random.pick(ProtectionIndicator.Kind.allCases), record: record))
            }
            var discussions: [UUID: [Date]] = [:]
            for child in children where random.chance(0.4) { discussions[child] = [Self.day(Double.random(in: -20...110, using: &random))] }
            let threshold = Int.random(in: 1...3, using: &random)
            let found = Set(MissingStrategyDiscussionRule.find(indicators: indicators, discussions: discussions, period: Self.period, threshold: threshold).map(\.child))
            for child in children {
                let mine = indicators.filter { $0.child == child && Self.period.start <= $0.at && $0.at < Self.period.end }
                let distinct = Set(mine.map(\.record)).count
                let first = mine.map(\.at).min()
                let held = first.map { f in (discussions[child] ?? []).contains { f <= $0 && $0 < Self.period.end } } ?? false
                #expect(found.contains(child) == (distinct >= threshold && !held))
            }
        }
    }
}
