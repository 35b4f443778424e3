import FrontDoorDomain
import Testing

@Suite("Estimating the model from data")
struct EstimationTests {
    /// Records with duplicates, as a real system has them, and the pairs that are truly duplicates.
    static let population = SyntheticPopulation.generate(count: 2500, seed: 21)
    static let duplicates = SyntheticPopulation.duplicates(of: population, count: 600, seed: 22)
    static let records = population + duplicates

    /// The truth EM should find: the share of true duplicate pairs at each level.
    static func trueM(_ field: MatchField) -> [Double] {
        let clean = MatchModel.standard.withPopulation(records.count)
        var counts = [Double](repeating: 0, count: field.levels.count)
        for copy in duplicates {
            let original = population[copy.id].details
            let result = clean.evaluate(MatchQuery(original), copy.details, frequencies: nil)
            if let level = result.fields.first(where: { $0.field == field })?.level, let i = field.levels.firstIndex(of: level) {
                counts[i] += 1
            }
        }
        let total = counts.reduce(0, +)
        return counts.map { $0 / total }
    }

    static let estimated = MatchModel.estimateWithReport(from: records.map(\.details), iterations: 30, sampleSize: 20_000)

    @Test("EM recovers m of the names and date of birth from unlabelled pairs", arguments: [
        MatchField.givenName, .familyName, .dateOfBirth,
    ])
    func mNearTruth(_ field: MatchField) {
        let truth = Self.trueM(field)
        let learned = Self.estimated.model.parameters(field).m
        for (level, (t, l)) in zip(field.levels, zip(truth, learned)) {
            #expect(abs(t - l) < 0.04, "\(field.rawValue).\(level): truth \(t), learned \(l)")
        }
    }

    @Test("EM ran in both sessions and found about as many matches as there are duplicate pairs")
    func report() {
        let report = Self.estimated.report
        #expect(report.pairsByDateOfBirth > 600)
        #expect(report.pairsByName > 600)
        #expect(report.iterations.allSatisfy { $0 >= 2 && $0 <= 30 })
        // Pairs blocked on date of birth: the duplicates that kept their date, among all pairs.
        #expect(report.matchShares.allSatisfy { $0 > 0.05 && $0 < 0.9 })
    }

    @Test("u from the records: exact agreement as often as between different people, duplicates left out")
    func uNearTruth() {
        let withoutDuplicates = MatchModel.standard.estimatingU(from: Self.population.map(\.details), sampleSize: 20_000)
        let model = Self.estimated.model
        for field in [MatchField.givenName, .familyName, .dateOfBirth] {
            let truth = withoutDuplicates.parameters(field).u[0], learned = model.parameters(field).u[0]
            #expect(abs(learned / truth - 1) < 0.15, "\(field.rawValue) exact: \(learned) against \(truth)")
        }
        // Exact names by value frequency: the chance that two records share the name.
        let folded = Self.population.map { NameText.fold($0.details.familyName) }
        var tally: [String: Double] = [:]
        for name in folded { tally[name, default: 0] += 1 }
        let n = Double(folded.count)
        let expected = tally.values.reduce(0) { $0 + $1 * ($1 - 1) } / (n * (n - 1))
        #expect(abs(withoutDuplicates.familyName.u[0] / expected - 1) < 0.05)
        // An NHS number is never shared by two people here: u falls back to the error rate.
        #expect(abs(model.nhsNumber.u[0] - model.identifierErrorRate / Double(Self.records.count)) < 1e-12)
        #expect(model.populationSize == Self.records.count)
    }

    @Test("the estimated model finds the duplicates it was trained on")
    func estimatedModelWorks() {
        let model = Self.estimated.model
        let index = PersonIndex(people: Self.population.map(\.details))
        let frequencies = NameFrequencies(people: index.people)
        var found = 0
        for copy in Self.duplicates.prefix(200) {
            let best = model.search(MatchQuery(copy.details), in: index, frequencies: frequencies, limit: 1).first
            if best?.index == copy.id, best!.result.band >= .likely { found += 1 }
        }
        #expect(found >= 185)
    }

    @Test("given pairs: the fields they were blocked on keep their m")
    func givenPairs() {
        let people = Self.records.map(\.details)
        let pairs = Self.duplicates.prefix(300).enumerated().map { RecordPair(Self.population.count + $0.offset, $0.element.id) }
        let model = MatchModel.estimate(from: people, pairs: .given(pairs, blockedOn: [.dateOfBirth]), iterations: 10, sampleSize: 5000)
        #expect(model.dateOfBirth.m == MatchModel.standard.dateOfBirth.m)
        #expect(model.givenName.m != MatchModel.standard.givenName.m)
    }
}
