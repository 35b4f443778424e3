/// Phonetic keys for names: Double Metaphone (Lawrence Philips, 2000).
///
/// Double Metaphone gives a primary code and, where a name has two common pronunciations, an
/// alternate one ("Smith" SM0 / XMT, "Schmidt" XMT / SMT). It knows far more of English spelling
/// and of the Germanic, Slavic, Celtic, Italian and other names found in the UK than Soundex does:
/// Mohammed, Muhammad and Mohamed all give MHMT; Catherine, Katherine and Kathryn give K0RN;
/// Aisha and Ayesha give AX; Zara and Sara give SR; Stephen and
/// Steven give STFN. (Soundex keeps the first letter, so it cannot put Catherine with Katherine.)
///
/// This follows the published algorithm, with two changes: codes are kept to 6 characters instead
/// of 4 (so "Christopher" KRSTFR is not taken for "Christina" KRSTN), and nothing is added where
/// the original adds a space.
public enum Phonetic {
    /// The longest code kept.
    public static let maximumLength = 6

    /// The primary Double Metaphone code ("" for a name with no letters).
    public static func code(_ name: String) -> String {
        codes(name).primary
    }

    /// The primary and alternate codes; the alternate equals the primary when there is only one.
    public static func codes(_ name: String) -> (primary: String, alternate: String) {
        var encoder = DoubleMetaphone(NameText.fold(name).uppercased())
        return encoder.encode()
    }

    /// True when two names share a primary or alternate code.
    public static func soundAlike(_ a: String, _ b: String) -> Bool {
        let x = codes(a), y = codes(b)
        guard !x.primary.isEmpty, !y.primary.isEmpty else { return false }
        return x.primary == y.primary || x.primary == y.alternate || x.alternate == y.primary
            || x.alternate == y.alternate
    }
}

private struct DoubleMetaphone {
    let chars: [Character]
    let length: Int
    let last: Int
    let slavoGermanic: Bool
    var primary = ""
    var secondary = ""

    init(_ word: String) {
        chars = Array(word)
        length = chars.count
        last = length - 1
        slavoGermanic = word.contains("W") || word.contains("K") || word.contains("CZ") || word.contains("WITZ")
    }

    func at(_ i: Int) -> Character {
        i >= 0 && i < length ? chars[i] : "\0"
    }

    func isVowel(_ i: Int) -> Bool {
        switch at(i) {
        case "A", "E", "I", "O", "U", "Y": true
        default: false
        }
    }

    /// True when the `count` characters from `start` are one of `options`.
    func stringAt(_ start: Int, _ count: Int, _ options: String...) -> Bool {
        guard start >= 0, start + count <= length else { return false }
        let piece = String(chars[start..<(start + count)])
        return options.contains(piece)
    }

    mutating func add(_ main: String, _ alternate: String? = nil) {
        primary += main
        secondary += alternate ?? main
    }

    mutating func encode() -> (primary: String, alternate: String) {
        guard length > 0 else { return ("", "") }
        var current = 0
        if stringAt(0, 2, "GN", "KN", "PN", "WR", "PS") { current += 1 }
        if at(0) == "X" {
            add("S")
            current += 1
        }
        let limit = Phonetic.maximumLength
        while (primary.count < limit || secondary.count < limit) && current < length {
            current = step(current)
        }
        return (String(primary.prefix(limit)), String(secondary.prefix(limit)))
    }

    // One letter (or group of letters): adds to the codes and returns the next position.
    private mutating func step(_ current: Int) -> Int {
        let c = at(current)
        switch c {
        case "A", "E", "I", "O", "U", "Y":
            if current == 0 { add("A") }
            return current + 1
        case "B":
            add("P")
            return at(current + 1) == "B" ? current + 2 : current + 1
        case "C":
            return letterC(current)
        case "D":
            if stringAt(current, 2, "DG") {
                if stringAt(current + 2, 1, "I", "E", "Y") {
                    add("J")
                    return current + 3
                }
                add("TK")
                return current + 2
            }
            add("T")
            return stringAt(current, 2, "DT", "DD") ? current + 2 : current + 1
        case "F":
            add("F")
            return at(current + 1) == "F" ? current + 2 : current + 1
        case "G":
            return letterG(current)
        case "H":
            if (current == 0 || isVowel(current - 1)) && isVowel(current + 1) {
                add("H")
                return current + 2
            }
            return current + 1
        case "J":
            return letterJ(current)
        case "K":
            add("K")
            return at(current + 1) == "K" ? current + 2 : current + 1
        case "L":
            if at(current + 1) == "L" {
                if (current == length - 3 && stringAt(current - 1, 4, "ILLO", "ILLA", "ALLE"))
                    || ((stringAt(last - 1, 2, "AS", "OS") || stringAt(last, 1, "A", "O"))
                        && stringAt(current - 1, 4, "ALLE"))
                {
                    add("L", "")
                    return current + 2
                }
                add("L")
                return current + 2
            }
            add("L")
            return current + 1
        case "M":
            add("M")
            if (stringAt(current - 1, 3, "UMB") && (current + 1 == last || stringAt(current + 2, 2, "ER")))
                || at(current + 1) == "M"
            {
                return current + 2
            }
            return current + 1
        case "N":
            add("N")
            return at(current + 1) == "N" ? current + 2 : current + 1
        case "P":
            if at(current + 1) == "H" {
                add("F")
                return current + 2
            }
            add("P")
            return stringAt(current + 1, 1, "P", "B") ? current + 2 : current + 1
        case "Q":
            add("K")
            return at(current + 1) == "Q" ? current + 2 : current + 1
        case "R":
            if current == last && !slavoGermanic && stringAt(current - 2, 2, "IE") && !stringAt(current - 4, 2, "ME", "MA") {
                add("", "R")
            } else {
                add("R")
            }
            return at(current + 1) == "R" ? current + 2 : current + 1
        case "S":
            return letterS(current)
        case "T":
            if stringAt(current, 4, "TION") || stringAt(current, 3, "TIA", "TCH") {
                add("X")
                return current + 3
            }
            if stringAt(current, 2, "TH") || stringAt(current, 3, "TTH") {
                if stringAt(current + 2, 2, "OM", "AM") || stringAt(0, 4, "VAN ", "VON ") || stringAt(0, 3, "SCH") {
                    add("T")
                } else {
                    add("0", "T")
                }
                return current + 2
            }
            add("T")
            return stringAt(current + 1, 1, "T", "D") ? current + 2 : current + 1
        case "V":
            add("F")
            return at(current + 1) == "V" ? current + 2 : current + 1
        case "W":
            if stringAt(current, 2, "WR") {
                add("R")
                return current + 2
            }
            if current == 0 && (isVowel(current + 1) || stringAt(current, 2, "WH")) {
                if isVowel(current + 1) { add("A", "F") } else { add("A") }
            }
            if (current == last && isVowel(current - 1))
                || stringAt(current - 1, 5, "EWSKI", "EWSKY", "OWSKI", "OWSKY") || stringAt(0, 3, "SCH")
            {
                add("", "F")
                return current + 1
            }
            if stringAt(current, 4, "WICZ", "WITZ") {
                add("TS", "FX")
                return current + 4
            }
            return current + 1
        case "X":
            if !(current == last && (stringAt(current - 3, 3, "IAU", "EAU") || stringAt(current - 2, 2, "AU", "OU"))) {
                add("KS")
            }
            return stringAt(current + 1, 1, "C", "X") ? current + 2 : current + 1
        case "Z":
            if at(current + 1) == "H" {
                add("J")
                return current + 2
            }
            if stringAt(current + 1, 2, "ZO", "ZI", "ZA") || (slavoGermanic && current > 0 && at(current - 1) != "T") {
                add("S", "TS")
            } else {
                add("S")
            }
            return at(current + 1) == "Z" ? current + 2 : current + 1
        default:
            return current + 1
        }
    }

    private mutating func letterC(_ current: Int) -> Int {
        // various Germanic
        if current > 1 && !isVowel(current - 2) && stringAt(current - 1, 3, "ACH") && at(current + 2) != "I"
            && (at(current + 2) != "E" || stringAt(current - 2, 6, "BACHER", "MACHER"))
        {
            add("K")
            return current + 2
        }
        if current == 0 && stringAt(current, 6, "CAESAR") {
            add("S")
            return current + 2
        }
        if stringAt(current, 4, "CHIA") {
            add("K")
            return current + 2
        }
        if stringAt(current, 2, "CH") {
            if current > 0 && stringAt(current, 4, "CHAE") {
                add("K", "X")
                return current + 2
            }
            if current == 0 && (stringAt(current + 1, 5, "HARAC", "HARIS") || stringAt(current + 1, 3, "HOR", "HYM", "HIA", "HEM"))
                && !stringAt(0, 5, "CHORE")
            {
                add("K")
                return current + 2
            }
            if stringAt(0, 4, "VAN ", "VON ") || stringAt(0, 3, "SCH")
                || stringAt(current - 2, 6, "ORCHES", "ARCHIT", "ORCHID") || stringAt(current + 2, 1, "T", "S")
                || ((stringAt(current - 1, 1, "A", "O", "U", "E") || current == 0)
                    && (stringAt(current + 2, 1, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ") || current + 2 >= length))
            {
                add("K")
            } else if current > 0 {
                if stringAt(0, 2, "MC") { add("K") } else { add("X", "K") }
            } else {
                add("X")
            }
            return current + 2
        }
        if stringAt(current, 2, "CZ") && !stringAt(current - 2, 4, "WICZ") {
            add("S", "X")
            return current + 2
        }
        if stringAt(current + 1, 3, "CIA") {
            add("X")
            return current + 3
        }
        if stringAt(current, 2, "CC") && !(current == 1 && at(0) == "M") {
            if stringAt(current + 2, 1, "I", "E", "H") && !stringAt(current + 2, 2, "HU") {
                if (current == 1 && at(current - 1) == "A") || stringAt(current - 1, 5, "UCCEE", "UCCES") {
                    add("KS")
                } else {
                    add("X")
                }
                return current + 3
            }
            add("K")
            return current + 2
        }
        if stringAt(current, 2, "CK", "CG", "CQ") {
            add("K")
            return current + 2
        }
        if stringAt(current, 2, "CI", "CE", "CY") {
            if stringAt(current, 3, "CIO", "CIE", "CIA") { add("S", "X") } else { add("S") }
            return current + 2
        }
        add("K")
        if stringAt(current + 1, 2, " C", " Q", " G") { return current + 3 }
        if stringAt(current + 1, 1, "C", "K", "Q") && !stringAt(current + 1, 2, "CE", "CI") { return current + 2 }
        return current + 1
    }

    private mutating func letterG(_ current: Int) -> Int {
        if at(current + 1) == "H" {
            if current > 0 && !isVowel(current - 1) {
                add("K")
                return current + 2
            }
            if current == 0 {
                add(at(current + 2) == "I" ? "J" : "K")
                return current + 2
            }
            // Parker's rule: 'hugh', 'bough', 'broughton'
            if (current > 1 && stringAt(current - 2, 1, "B", "H", "D"))
                || (current > 2 && stringAt(current - 3, 1, "B", "H", "D"))
                || (current > 3 && stringAt(current - 4, 1, "B", "H"))
            {
                return current + 2
            }
            // 'laugh', 'McLaughlin', 'cough', 'rough'
            if current > 2 && at(current - 1) == "U" && stringAt(current - 3, 1, "C", "G", "L", "R", "T") {
                add("F")
            } else if current > 0 && at(current - 1) != "I" {
                add("K")
            }
            return current + 2
        }
        if at(current + 1) == "N" {
            if current == 1 && isVowel(0) && !slavoGermanic {
                add("KN", "N")
            } else if !stringAt(current + 2, 2, "EY") && at(current + 1) != "Y" && !slavoGermanic {
                add("N", "KN")
            } else {
                add("KN")
            }
            return current + 2
        }
        if stringAt(current + 1, 2, "LI") && !slavoGermanic {
            add("KL", "L")
            return current + 2
        }
        if current == 0
            && (at(current + 1) == "Y"
                || stringAt(current + 1, 2, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER"))
        {
            add("K", "J")
            return current + 2
        }
        if (stringAt(current + 1, 2, "ER") || at(current + 1) == "Y") && !stringAt(0, 6, "DANGER", "RANGER", "MANGER")
            && !stringAt(current - 1, 1, "E", "I") && !stringAt(current - 1, 3, "RGY", "OGY")
        {
            add("K", "J")
            return current + 2
        }
        if stringAt(current + 1, 1, "E", "I", "Y") || stringAt(current - 1, 4, "AGGI", "OGGI") {
            if stringAt(0, 4, "VAN ", "VON ") || stringAt(0, 3, "SCH") || stringAt(current + 1, 2, "ET") {
                add("K")
            } else if stringAt(current + 1, 4, "IER ") || (stringAt(current + 1, 3, "IER") && current + 4 == length) {
                add("J")
            } else {
                add("J", "K")
            }
            return current + 2
        }
        add("K")
        return at(current + 1) == "G" ? current + 2 : current + 1
    }

    private mutating func letterJ(_ current: Int) -> Int {
        if stringAt(current, 4, "JOSE") || stringAt(0, 4, "SAN ") {
            if (current == 0 && (at(current + 4) == " " || current + 4 == length)) || stringAt(0, 4, "SAN ") {
                add("H")
            } else {
                add("J", "H")
            }
            return current + 1
        }
        if current == 0 {
            add("J", "A")
        } else if isVowel(current - 1) && !slavoGermanic && (at(current + 1) == "A" || at(current + 1) == "O") {
            add("J", "H")
        } else if current == last {
            add("J", "")
        } else if !stringAt(current + 1, 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !stringAt(current - 1, 1, "S", "K", "L") {
            add("J")
        }
        return at(current + 1) == "J" ? current + 2 : current + 1
    }

    private mutating func letterS(_ current: Int) -> Int {
        if stringAt(current - 1, 3, "ISL", "YSL") { return current + 1 }
        if current == 0 && stringAt(current, 5, "SUGAR") {
            add("X", "S")
            return current + 1
        }
        if stringAt(current, 2, "SH") {
            if stringAt(current + 1, 4, "HEIM", "HOEK", "HOLM", "HOLZ") { add("S") } else { add("X") }
            return current + 2
        }
        if stringAt(current, 3, "SIO", "SIA") || stringAt(current, 4, "SIAN") {
            if !slavoGermanic { add("S", "X") } else { add("S") }
            return current + 3
        }
        if (current == 0 && stringAt(current + 1, 1, "M", "N", "L", "W")) || stringAt(current + 1, 1, "Z") {
            add("S", "X")
            return stringAt(current + 1, 1, "Z") ? current + 2 : current + 1
        }
        if stringAt(current, 2, "SC") {
            if at(current + 2) == "H" {
                if stringAt(current + 3, 2, "OO", "ER", "EN", "UY", "ED", "EM") {
                    if stringAt(current + 3, 2, "ER", "EN") { add("X", "SK") } else { add("SK") }
                    return current + 3
                }
                if current == 0 && !isVowel(3) && at(3) != "W" { add("X", "S") } else { add("X") }
                return current + 3
            }
            if stringAt(current + 2, 1, "I", "E", "Y") {
                add("S")
                return current + 3
            }
            add("SK")
            return current + 3
        }
        if current == last && stringAt(current - 2, 2, "AI", "OI") {
            add("", "S")
        } else {
            add("S")
        }
        return stringAt(current + 1, 1, "S", "Z") ? current + 2 : current + 1
    }
}
