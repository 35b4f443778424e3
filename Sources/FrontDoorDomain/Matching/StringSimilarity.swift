import Foundation

/// String measures used to compare names: Jaro-Winkler (how alike two short strings look, 0…1) and
/// Damerau-Levenshtein (how many single-letter edits apart they are).
///
/// Both work on Unicode characters as given; callers compare folded names (`NameText.fold`).
public enum StringSimilarity {
    /// The Jaro similarity (0 = nothing in common, 1 = identical).
    ///
    /// Characters match when equal and no further apart than half the longer length less one;
    /// transpositions are matched characters that come in a different order. The result is the
    /// mean of matched/|a|, matched/|b| and (matched − transpositions/2)/matched. The pair is put in
    /// a fixed order first, so the result is exactly symmetric.
    public static func jaro(_ a: String, _ b: String) -> Double {
        let (s, t) = ordered(Array(a), Array(b))
        return jaro(s, t)
    }

    /// Jaro-Winkler (Winkler 1990): the Jaro similarity raised for a common prefix of up to four
    /// characters, by 0.1 per character of the gap left to 1. Known values: MARTHA/MARHTA 0.961,
    /// DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
    public static func jaroWinkler(_ a: String, _ b: String, prefixScale: Double = 0.1) -> Double {
        let (s, t) = ordered(Array(a), Array(b))
        let j = jaro(s, t)
        var prefix = 0
        while prefix < min(4, s.count, t.count), s[prefix] == t[prefix] { prefix += 1 }
        return j + Double(prefix) * prefixScale * (1 - j)
    }

    /// The Damerau-Levenshtein distance: the fewest insertions, deletions, substitutions and
    /// transpositions of two adjacent characters that turn `a` into `b`. This is the true distance
    /// (Lowrance-Wagner), not the restricted "optimal string alignment": "ca" → "abc" is 2.
    public static func damerauLevenshtein(_ a: String, _ b: String) -> Int {
        damerauLevenshtein(Array(a), Array(b))
    }

    static func damerauLevenshtein<C: Hashable>(_ s: [C], _ t: [C]) -> Int {
        let n = s.count, m = t.count
        if n == 0 { return m }
        if m == 0 { return n }
        let infinity = n + m
        let width = m + 2
        // d[(i+1)*width + (j+1)] is the distance between s[..<i] and t[..<j]; row and column 0 hold infinity.
        var d = [Int](repeating: 0, count: (n + 2) * width)
        d[0] = infinity
        for i in 0...n {
            d[(i + 1) * width] = infinity
            d[(i + 1) * width + 1] = i
        }
        for j in 0...m {
            d[j + 1] = infinity
            d[width + j + 1] = j
        }
        var lastRow: [C: Int] = [:]
        for i in 1...n {
            var lastMatchColumn = 0
            for j in 1...m {
                let i1 = lastRow[t[j - 1]] ?? 0
                let j1 = lastMatchColumn
                let cost: Int
                if s[i - 1] == t[j - 1] {
                    cost = 0
                    lastMatchColumn = j
                } else {
                    cost = 1
                }
                let substitution = d[i * width + j] + cost
                let insertion = d[(i + 1) * width + j] + 1
                let deletion = d[i * width + j + 1] + 1
                let transposition = d[i1 * width + j1] + (i - i1 - 1) + 1 + (j - j1 - 1)
                d[(i + 1) * width + j + 1] = min(substitution, insertion, deletion, transposition)
            }
            lastRow[s[i - 1]] = i
        }
        return d[(n + 1) * width + m + 1]
    }

    /// True when the strings are at most one edit apart (Damerau-Levenshtein ≤ 1), without
    /// working out the full distance.
    static func withinOneEdit<C: Equatable>(_ s: [C], _ t: [C]) -> Bool {
        let n = s.count, m = t.count
        if abs(n - m) > 1 { return false }
        var i = 0
        while i < min(n, m), s[i] == t[i] { i += 1 }
        if i == n && i == m { return true }
        func sameTail(_ a: Int, _ b: Int) -> Bool {
            // s[a...] == t[b...]
            if n - a != m - b { return false }
            var x = a, y = b
            while x < n {
                if s[x] != t[y] { return false }
                x += 1
                y += 1
            }
            return true
        }
        if n == m {
            if sameTail(i + 1, i + 1) { return true }
            return i + 1 < n && s[i] == t[i + 1] && s[i + 1] == t[i] && sameTail(i + 2, i + 2)
        }
        return n > m ? sameTail(i + 1, i) : sameTail(i, i + 1)
    }

    private static func ordered(_ a: [Character], _ b: [Character]) -> ([Character], [Character]) {
        if a.count != b.count { return a.count < b.count ? (a, b) : (b, a) }
        return String(a) <= String(b) ? (a, b) : (b, a)
    }

    private static func jaro(_ s: [Character], _ t: [Character]) -> Double {
        if s.isEmpty && t.isEmpty { return 1 }
        if s.isEmpty || t.isEmpty { return 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count)
        var tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in 0..<s.count {
            let low = max(0, i - window), high = min(t.count - 1, i + window)
            if low > high { continue }
            for j in low...high where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true
                tMatched[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var halfTranspositions = 0
        var k = 0
        for i in 0..<s.count where sMatched[i] {
            while !tMatched[k] { k += 1 }
            if s[i] != t[k] { halfTranspositions += 1 }
            k += 1
        }
        let m = Double(matches)
        return (m / Double(s.count) + m / Double(t.count) + (m - Double(halfTranspositions / 2)) / m) / 3
    }
}

/// Name text made comparable: lower case ASCII letters only, accents removed ("Zoë" → "zoe",
/// "O'Brien" → "obrien"), and the parts of a name ("Smith-Jones" → ["smith", "jones"]).
public enum NameText {
    public static func fold(_ name: String) -> String {
        // Plain ASCII (nearly every name) needs no Unicode folding: its letters, lower case. The
        // same as `foldingAnyText` gives (a property test compares them), without ICU, which was
        // a tenth of a search's time.
        var ascii = true
        var letters: [UInt8] = []
        letters.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): letters.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): letters.append(byte + 32)
            case 0x80...: ascii = false
            default: break
            }
            if !ascii { break }
        }
        return ascii ? String(decoding: letters, as: UTF8.self) : foldingAnyText(name)
    }

    /// `fold` for any text: diacritics, case and width folded away, then the letters kept.
    public static func foldingAnyText(_ name: String) -> String {
        let plain = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return String(String.UnicodeScalarView(plain.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic }))
    }

    /// The folded parts of a name split at spaces, hyphens and apostrophes-with-spaces
    /// ("Smith-Jones" → ["smith", "jones"]; "O'Brien" stays one part).
    public static func parts(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," || $0 == "/" })
            .map { fold(String($0)) }
            .filter { !$0.isEmpty }
    }
}
