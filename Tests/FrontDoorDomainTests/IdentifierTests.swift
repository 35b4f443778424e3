import FrontDoorDomain
import PropertyBased
import Testing

@Suite("NHS numbers, UPNs and postcodes")
struct IdentifierTests {
    @Test("a valid NHS number passes the modulus 11 check in its written forms", arguments: ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
    func validNHS(text: String) {
        #expect(NHSNumber(text) != nil)
    }

    @Test("an NHS number with a wrong check digit, wrong length or letters is refused", arguments: ["9434765918", "943476591", "94347659190", "943476591A", "", "1234567890"])
    func invalidNHS(text: String) {
        #expect(NHSNumber(text) == nil)
    }

    @Test("changing any one digit of a valid NHS number makes it invalid")
    func singleDigitErrors() async {
        await propertyCheck(input: Gen.int(in: 0...999_999_999), Gen.int(in: 0...9), Gen.int(in: 1...9)) { base, position, delta in
            var digits = String(format: "%09ld", base).compactMap(\.wholeNumberValue)
            guard let check = NHSNumber.checkDigit(for: digits) else { return }
            digits.append(check)
            #expect(NHSNumber(digits.map(String.init).joined()) != nil)
            digits[position] = (digits[position] + delta) % 10
            #expect(NHSNumber(digits.map(String.init).joined()) == nil)
        }
    }

    @Test("a UPN's check letter is recomputed from its other twelve characters")
    func upnCheckLetter() async {
        await propertyCheck(input: Gen.int(in: 0...99_999_999_999), Gen.int(in: 0...9)) { body, last in
            let rest = Array(String(format: "%011ld", body) + String(last))
            guard let letter = UPN.checkLetter(for: rest[...]) else { Issue.record("no check letter"); return }
            let upn = UPN(String(letter) + String(rest))
            #expect(upn != nil)
            let wrong = UPN.checkAlphabet.first { $0 != letter }!
            #expect(UPN(String(wrong) + String(rest)) == nil)
        }
    }

    @Test("known UPNs: permanent and temporary (letter last) are accepted; malformed ones refused")
    func upnExamples() {
        // Computed by hand: 8·2+5·3+0·4 + 1·5+2·6+3·7+4·8 + 1·9+8·10 + 0·11+0·12+1·13 = 203; 203 mod 23 = 19 → W.
        #expect(UPN("W850123418001")?.laCode == "850")
        #expect(UPN("A850123418001") == nil)
        #expect(UPN("W85012341800") == nil)
        #expect(UPN("I850123418001") == nil)
        let temporary = Array("85012341800A")
        let letter = UPN.checkLetter(for: temporary[...])!
        #expect(UPN(String(letter) + String(temporary)) != nil)
        #expect(UPN.checkLetter(for: Array("85012341800I")[...]) == nil)
    }

    @Test("postcodes are normalised and checked for shape", arguments: [
        ("so23 8uj", "SO23 8UJ"), ("PO305RB", "PO30 5RB"), ("w1a 1aa", "W1A 1AA"), ("M1 1AE", "M1 1AE"),
    ])
    func postcodes(pair: (String, String)) {
        #expect(Postcode(pair.0)?.value == pair.1)
    }

    @Test("malformed postcodes are refused", arguments: ["12345", "SO23", "SO23 UJ8", "SO23 8UJX", "", "S@23 8UJ"])
    func badPostcodes(text: String) {
        #expect(Postcode(text) == nil)
    }
}
