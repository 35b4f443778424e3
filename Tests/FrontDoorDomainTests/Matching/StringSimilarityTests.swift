import Foundation
@testable import FrontDoorDomain
import PropertyBased
import Testing

@Suite("String similarity: Jaro-Winkler and Damerau-Levenshtein")
struct StringSimilarityTests {
    /// Winkler's published examples (also what the jellyfish and Apache Commons libraries give).
    @Test("Jaro-Winkler known values", arguments: [
        ("MARTHA", "MARHTA", 0.961), ("DWAYNE", "DUANE", 0.840), ("DIXON", "DICKSONX", 0.813),
        ("JELLYFISH", "SMELLYFISH", 0.896), ("ABC", "ABC", 1.0), ("ABC", "XYZ", 0.0),
    ])
    func jaroWinkler(_ example: (String, String, Double)) {
        let value = StringSimilarity.jaroWinkler(example.0, example.1)
        #expect(abs(value - example.2) < 0.0006, "\(example.0)/\(example.1) gave \(value)")
    }

    @Test("Jaro known values")
    func jaro() {
        #expect(abs(StringSimilarity.jaro("MARTHA", "MARHTA") - 0.944) < 0.001)
        #expect(abs(StringSimilarity.jaro("DIXON", "DICKSONX") - 0.767) < 0.001)
        #expect(StringSimilarity.jaro("", "") == 1)
        #expect(StringSimilarity.jaro("A", "") == 0)
    }

    @Test("Damerau-Levenshtein known values", arguments: [
        ("kitten", "sitting", 3), ("ca", "abc", 2), ("begum", "begun", 1), ("catherine", "cathreine", 1),
        ("smith", "smiht", 1), ("", "abc", 3), ("abc", "", 3), ("abc", "abc", 0), ("abcdef", "badcfe", 3),
        ("mohammed", "muhammad", 2),
    ])
    func damerauLevenshtein(_ example: (String, String, Int)) {
        #expect(StringSimilarity.damerauLevenshtein(example.0, example.1) == example.2)
    }

    static let words = Gen.lowercaseLetter.string(of: 0...8)

    @Test("both measures are symmetric, and identical strings are 1 and 0 apart")
    func symmetric() async {
        await propertyCheck(count: 300, input: Self.words, Self.words) { a, b in
            #expect(StringSimilarity.jaroWinkler(a, b) == StringSimilarity.jaroWinkler(b, a))
            #expect(StringSimilarity.damerauLevenshtein(a, b) == StringSimilarity.damerauLevenshtein(b, a))
            #expect(StringSimilarity.jaroWinkler(a, a) == 1)
            #expect(StringSimilarity.damerauLevenshtein(a, a) == 0)
            let jw = StringSimilarity.jaroWinkler(a, b)
            #expect(jw >= 0 && jw <= 1)
        }
    }

    @Test("Damerau-Levenshtein is a metric: triangle inequality, bounded by the longer length")
    func metric() async {
        await propertyCheck(count: 300, input: Self.words, Self.words, Self.words) { a, b, c in
            let ab = StringSimilarity.damerauLevenshtein(a, b)
            #expect(ab <= max(a.count, b.count))
            #expect(ab >= abs(a.count - b.count))
            #expect(
                StringSimilarity.damerauLevenshtein(a, c)
                    <= ab + StringSimilarity.damerauLevenshtein(b, c))
        }
    }

    @Test("folding removes case, accents and punctuation; parts split double-barrelled names")
    func folding() {
        #expect(NameText.fold("O'Brien") == "obrien")
        #expect(NameText.fold("Zoë") == "zoe")
        #expect(NameText.fold("  SMITH-jones ") == "smithjones")
        #expect(NameText.parts("Smith-Jones") == ["smith", "jones"])
        #expect(NameText.parts("Mary Jane") == ["mary", "jane"])
    }
}

@Suite("Folding names: the quick path for plain text gives what Unicode folding gives")
struct NameFoldingTests {
    @Test("fold equals folding any text, for ASCII and for accented, wide and other text")
    func foldAgrees() async {
        let alphabet = Gen.element(of: Array("aZ q'-.,0 9éÉßøŁĳﬁＡｂ\t\nÀ一ⅷ")).map { $0 ?? "a" }
        await propertyCheck(count: 500, input: alphabet.array(of: 0...16)) { characters in
            let text = String(characters)
            #expect(NameText.fold(text) == NameText.foldingAnyText(text), "\(text)")
        }
        let ascii = Gen.unicodeScalar(in: "\u{0}"..."\u{7F}").array(of: 0...20).map { String(String.UnicodeScalarView($0)) }
        await propertyCheck(count: 500, input: ascii) { text in
            #expect(NameText.fold(text) == NameText.foldingAnyText(text), "\(text.debugDescription)")
        }
    }

    @Test("clean trims like Foundation and drops text with neither a letter nor a digit")
    func cleanAgrees() async {
        let alphabet = Gen.element(of: Array(" \t\n\r\u{85}\u{A0}\u{2028}aB7-'é.")).map { $0 ?? " " }
        await propertyCheck(count: 500, input: alphabet.array(of: 0...10)) { characters in
            let text = String(characters)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let expected = NameText.foldingAnyText(trimmed).isEmpty && !trimmed.contains(where: \.isNumber) ? nil : trimmed
            #expect(MatchQuery.clean(text) == expected, "\(text.debugDescription)")
        }
    }
}
