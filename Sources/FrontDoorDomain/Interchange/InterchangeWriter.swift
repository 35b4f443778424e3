import Foundation

/// Writes records as canonical interchange lines: `kind` first, then the fields in the order the
/// specification lists them, absent and empty optional fields left out, timestamps in UTC
/// (`InterchangeTimestamp.format`), identifiers in their normal form (NHS number as ten digits, UPN
/// upper case, postcode with one space). Reading a written line gives back the same record, and
/// writing it again gives the same text.
public enum InterchangeWriter {
    /// One record as one line, without the line break.
    public static func line(for record: InterchangeRecord) -> String {
        var json = JSONObjectWriter()
        json.string("kind", record.kind.rawValue)
        switch record {
        case .localAuthority(let la):
            json.string("code", la.code)
            json.string("name", la.name)
            json.integer("childPopulation", la.childPopulation)
        case .person(let person):
            json.string("ref", person.ref)
            json.string("la", person.la)
            json.string("givenName", person.givenName)
            json.string("familyName", person.familyName)
            json.strings("otherNames", person.otherNames)
            json.string("dateOfBirth", person.dateOfBirth?.iso)
            json.string("expectedDateOfBirth", person.expectedDateOfBirth?.iso)
            json.string("sex", person.sex?.rawValue)
            json.string("ethnicity", person.ethnicity?.rawValue)
            json.string("nhsNumber", person.nhsNumber?.digits)
            json.string("upn", person.upn?.value)
            json.string("postcode", person.postcode?.value)
            json.strings("disabilities", person.disabilities.map(\.rawValue))
        case .contact(let contact):
            json.string("ref", contact.ref)
            json.string("la", contact.la)
            json.timestamp("receivedAt", contact.receivedAt)
            json.string("source", contact.source.rawValue)
            json.string("channel", contact.channel?.rawValue)
            json.string("type", contact.type.rawValue)
            json.strings("children", contact.children)
            json.strings("adults", contact.adults)
            json.bool("openCaseAtReceipt", contact.openCaseAtReceipt)
            json.string("rag", contact.rag?.rawValue)
            json.string("summary", contact.summary)
            if let decision = contact.decision {
                var nested = JSONObjectWriter()
                nested.string("outcome", decision.outcome.rawValue)
                nested.timestamp("decidedAt", decision.decidedAt)
                json.raw("decision", nested.text)
            }
        case .referral(let referral):
            json.string("ref", referral.ref)
            json.string("la", referral.la)
            json.string("child", referral.child)
            json.string("contact", referral.contact)
            json.timestamp("referredAt", referral.referredAt)
            json.string("source", referral.source.rawValue)
            json.timestamp("completedAt", referral.completedAt)
            json.string("outcome", referral.outcome?.rawValue)
            json.bool("nfa", referral.nfa)
            json.timestamp("strategyDiscussionAt", referral.strategyDiscussionAt)
            json.string("s47StartedAt", referral.s47StartedAt?.iso)
            json.string("assessmentStartedAt", referral.assessmentStartedAt?.iso)
            json.string("assessmentAuthorisedAt", referral.assessmentAuthorisedAt?.iso)
            json.string("icpcAt", referral.icpcAt?.iso)
            json.string("cpPlanStartedAt", referral.cpPlanStartedAt?.iso)
            json.string("closedAt", referral.closedAt?.iso)
            json.string("reasonForClosure", referral.reasonForClosure?.rawValue)
            json.string("primaryNeed", referral.primaryNeed?.rawValue)
        }
        return json.text
    }

    /// Records as a JSON Lines document, each line ending with "\n".
    public static func document(_ records: some Sequence<InterchangeRecord>) -> String {
        var text = ""
        for record in records {
            text += line(for: record)
            text += "\n"
        }
        return text
    }

    /// Streams records to a file handle (standard output for `frontdoor export interchange`),
    /// writing in blocks so that an export of any size needs little memory.
    public static func write(_ records: some Sequence<InterchangeRecord>, to handle: FileHandle, blockSize: Int = 1 << 16) throws {
        var block = ""
        for record in records {
            block += line(for: record)
            block += "\n"
            if block.utf8.count >= blockSize {
                try handle.write(contentsOf: Data(block.utf8))
                block = ""
            }
        }
        if !block.isEmpty { try handle.write(contentsOf: Data(block.utf8)) }
    }
}

/// Builds one JSON object with members in the order they are added.
struct JSONObjectWriter {
    private var body = ""

    var text: String { "{" + body + "}" }

    private mutating func member(_ key: String, _ encoded: String) {
        if !body.isEmpty { body += "," }
        body += Self.quote(key)
        body += ":"
        body += encoded
    }

    mutating func raw(_ key: String, _ encoded: String) { member(key, encoded) }

    mutating func string(_ key: String, _ value: String?) {
        if let value { member(key, Self.quote(value)) }
    }

    mutating func strings(_ key: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        member(key, "[" + values.map(Self.quote).joined(separator: ",") + "]")
    }

    mutating func integer(_ key: String, _ value: Int?) {
        if let value { member(key, String(value)) }
    }

    mutating func bool(_ key: String, _ value: Bool?) {
        if let value { member(key, value ? "true" : "false") }
    }

    mutating func timestamp(_ key: String, _ value: Date?) {
        if let value { member(key, Self.quote(InterchangeTimestamp.format(value))) }
    }

    /// A JSON string: quotes, backslashes and control characters escaped; everything else as UTF-8.
    static func quote(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
