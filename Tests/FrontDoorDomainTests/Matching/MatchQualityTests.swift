import FrontDoorDomain
import Testing

/// Precision and recall on a small synthetic population (the 100,000-person target is
/// measured by the benchmark).
@Suite("Match quality on synthetic data")
struct MatchQualityTests {
    struct Outcome {
        var precision: Double
        var recall: Double
        var truePositives: Int
        var falsePositives: Int
        var inPopulation: Int
    }

    /// Searches for every query; a result in the likely or certain band is a claimed match.
    static func measure(_ model: MatchModel, _ population: [SyntheticPerson], _ queries: [SyntheticQuery]) -> Outcome {
        let index = PersonIndex(people: population.map(\.details))
        let frequencies = NameFrequencies(people: index.people)
        var tp = 0, fp = 0, found = 0, inPopulation = 0
        for q in queries {
            let confident = model.search(q.query, in: index, frequencies: frequencies).filter { $0.result.band >= .likely }
            for match in confident {
                if population[match.index].id == q.identity { tp += 1 } else { fp += 1 }
            }
            if let id = q.identity {
                inPopulation += 1
                if confident.contains(where: { population[$0.index].id == id }) { found += 1 }
            }
        }
        return Outcome(
            precision: Double(tp) / Double(max(1, tp + fp)), recall: Double(found) / Double(max(1, inPopulation)),
            truePositives: tp, falsePositives: fp, inPopulation: inPopulation)
    }

    @Test("3,000 people, 1,000 typical queries: precision and recall of likely-or-certain at least 0.95")
    func quality() {
        let population = SyntheticPopulation.generate(count: 3000, seed: 42)
        let queries = SyntheticPopulation.corrupt(population, count: 1000, seed: 7)
        let model = MatchModel.standard.estimatingU(from: population.map(\.details), sampleSize: 20_000)
        let outcome = Self.measure(model, population, queries)
        #expect(outcome.inPopulation > 850)
        #expect(outcome.precision >= 0.95, "\(outcome)")
        #expect(outcome.recall >= 0.95, "\(outcome)")
    }

    @Test("the simple rule-based matcher it replaces does worse on the same queries")
    func betterThanRules() {
        let population = SyntheticPopulation.generate(count: 1500, seed: 43)
        let queries = SyntheticPopulation.corrupt(population, count: 400, seed: 8)
        let index = PersonIndex(people: population.map(\.details))
        var tp = 0, fp = 0
        for q in queries {
            for i in index.candidates(for: q.query) {
                guard let match = PersonMatcher.match(q.query.personQuery, index.people[i]), match.band >= .likely else { continue }
                if population[i].id == q.identity { tp += 1 } else { fp += 1 }
            }
        }
        let rules = Double(tp) / Double(max(1, tp + fp))
        let model = MatchModel.standard.estimatingU(from: index.people, sampleSize: 10_000)
        let outcome = Self.measure(model, population, queries)
        #expect(outcome.precision > rules)
    }
}
