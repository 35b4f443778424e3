import Foundation

/// How an audit chooses its cases.
public enum SamplingRule: String, CaseIterable, Codable, Sendable {
    /// A random sample of the contacts decided in the period, stratified by their outcome.
    case decidedContactsByOutcome = "decided-contacts-by-outcome"
    /// Every re-referral in the period (a referral within 12 months of the child's previous one).
    case allReReferrals = "all-re-referrals"
    /// Every child the missing-strategy-discussion pattern finds in the period.
    case missingStrategyDiscussions = "missing-strategy-discussions"

    public var label: String {
        switch self {
        case .decidedContactsByOutcome: "Random decided contacts, stratified by outcome"
        case .allReReferrals: "All re-referrals"
        case .missingStrategyDiscussions: "All children with a missing strategy discussion"
        }
    }

    /// Whether the rule draws a random sample (and so needs a size and a seed) or takes every case.
    public var isRandom: Bool { self == .decidedContactsByOutcome }
}

/// Ofsted's four grades, used by auditors for each case.
public enum AuditGrade: String, CaseIterable, Codable, Sendable {
    case outstanding, good
    case requiresImprovement = "requires-improvement"
    case inadequate

    public var label: String {
        switch self {
        case .outstanding: "Outstanding"
        case .good: "Good"
        case .requiresImprovement: "Requires improvement"
        case .inadequate: "Inadequate"
        }
    }
}

/// A case an audit may sample: a stable key (the record's id) and its stratum (e.g. the outcome).
public struct SampleCandidate: Hashable, Codable, Sendable {
    public let key: String
    public let stratum: String

    public init(key: String, stratum: String) {
        self.key = key
        self.stratum = stratum
    }
}

/// Drawing an audit's sample: reproducible (the same candidates and seed always give the same
/// sample, whatever order the candidates come in) and stratified (each stratum gets its
/// proportional share, rounded by largest remainder, ties broken by stratum name).
public enum AuditSampler {
    public static func draw(_ candidates: [SampleCandidate], size: Int, seed: UInt64, stratified: Bool = true) -> [SampleCandidate] {
        let unique = Array(Set(candidates)).sorted { ($0.stratum, $0.key) < ($1.stratum, $1.key) }
        let wanted = max(0, min(size, unique.count))
        guard wanted > 0 else { return [] }
        var random = SeededRandom(seed: seed)
        guard stratified else {
            return Array(unique.shuffled(using: &random).prefix(wanted)).sorted { ($0.stratum, $0.key) < ($1.stratum, $1.key) }
        }
        let strata = Dictionary(grouping: unique, by: \.stratum)
        let names = strata.keys.sorted()
        let quotas = allocation(sizes: names.map { strata[$0]?.count ?? 0 }, total: wanted)
        var sample: [SampleCandidate] = []
        for (name, quota) in zip(names, quotas) {
            let members = strata[name] ?? []
            sample += members.shuffled(using: &random).prefix(quota).sorted { $0.key < $1.key }
        }
        return sample
    }

    /// Splits `total` across groups in proportion to their sizes: each gets the floor of its exact
    /// share, then the remaining places go to the largest remainders (earlier groups first on a tie).
    /// No group gets more than it has, and the shares add up to `total` (at most the sum of sizes).
    public static func allocation(sizes: [Int], total: Int) -> [Int] {
        let population = sizes.reduce(0, +)
        let total = max(0, min(total, population))
        guard population > 0 else { return sizes.map { _ in 0 } }
        var quotas = sizes.map { $0 * total / population }
        let remainders = sizes.enumerated().map { (index: $0.offset, remainder: $0.element * total % population) }
        var left = total - quotas.reduce(0, +)
        for entry in remainders.sorted(by: { ($0.remainder, -$0.index) > ($1.remainder, -$1.index) }) where left > 0 {
            if quotas[entry.index] < sizes[entry.index] {
                quotas[entry.index] += 1
                left -= 1
            }
        }
        return quotas
    }

    /// A seed from the audit's definition, so that the same definition draws the same sample.
    public static func seed(for definition: String) -> UInt64 {
        // FNV-1a: stable across runs and platforms (Swift's Hasher is not).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in definition.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// The summary of one audit's gradings.
public struct AuditSummary: Equatable, Sendable {
    public var cases: Int
    public var gradedCases: Int
    public var gradings: Int
    public var byGrade: [AuditGrade: Int]
    /// Cases where the agencies' grades differ by two grades or more: worth a panel discussion.
    public var disagreements: Int

    public static func of(_ gradesPerCase: [[AuditGrade]]) -> AuditSummary {
        var byGrade: [AuditGrade: Int] = [:]
        for grade in AuditGrade.allCases { byGrade[grade] = 0 }
        var disagreements = 0
        for grades in gradesPerCase {
            for grade in grades { byGrade[grade, default: 0] += 1 }
            let ranks = grades.compactMap { AuditGrade.allCases.firstIndex(of: $0) }
            if let low = ranks.min(), let high = ranks.max(), high - low >= 2 { disagreements += 1 }
        }
        return AuditSummary(
            cases: gradesPerCase.count, gradedCases: gradesPerCase.filter { !$0.isEmpty }.count,
            gradings: gradesPerCase.reduce(0) { $0 + $1.count }, byGrade: byGrade, disagreements: disagreements
        )
    }
}
