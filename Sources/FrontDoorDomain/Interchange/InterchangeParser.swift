import Foundation

/// Reads one line of an interchange file into a typed record, or says everything wrong with it.
///
/// Checks each line on its own: the JSON, the `kind`, every field's presence, type and code, and the
/// order of its own timestamps. Whether the refs it points at exist is a whole-file question for
/// `InterchangeValidator`.
public enum InterchangeParser {
    public static let maximumRefLength = 100
    public static let maximumNameLength = 100
    /// As for a contact recorded through the API (`ContactInput.maxNarrative`).
    public static let maximumSummaryLength = ContactInput.maxNarrative

    /// The record on one line, or every problem with it (fields named as in the file).
    public static func parse(_ line: String) throws(ValidationFailure) -> InterchangeRecord {
        var line = line
        let parsed = line.withUTF8 { parse(bytes: $0) }
        if let record = parsed.record { return record }
        throw ValidationFailure(parsed.problems)
    }

    /// What one line gave: the record when it is good; otherwise its problems, and the key it would
    /// define when its kind, `la` and `ref` could still be read (so that lines pointing at it are not
    /// also reported).
    struct Parsed {
        var record: InterchangeRecord?
        var key: InterchangeKey?
        var problems: [FieldProblem]
        /// What the line points at, as far as it could be read, each with the field naming it.
        var references: [(field: String, key: InterchangeKey)] = []
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Parsed {
        let value: JSONValue
        do {
            value = try JSONLineParser.parse(bytes)
        } catch {
            return Parsed(problems: [FieldProblem("json", "is not valid JSON at column \(error.column): \(error.message)")])
        }
        guard case .object(let object) = value else {
            return Parsed(problems: [FieldProblem("json", "each line must be one JSON object, not \(value.typeName)")])
        }
        guard let kindValue = object.members.first(where: { $0.key == "kind" })?.value else {
            return Parsed(problems: [FieldProblem("kind", "is required (one of \(kindList))")])
        }
        guard case .string(let kindText) = kindValue, let kind = InterchangeKind(rawValue: kindText) else {
            let shown = if case .string(let text) = kindValue { "'\(InterchangeFields.clip(text))'" } else { kindValue.typeName }
            return Parsed(problems: [FieldProblem("kind", "\(shown) is not one of \(kindList)")])
        }
        switch kind {
        case .localAuthority: return localAuthority(object)
        case .person: return person(object)
        case .contact: return contact(object)
        case .referral: return referral(object)
        }
    }

    private static let kindList = InterchangeKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")

    static func isLACode(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func finish(
        _ fields: InterchangeFields, key: InterchangeKey?, references: [(field: String, key: InterchangeKey)] = [],
        _ make: () -> InterchangeRecord?
    ) -> Parsed {
        let problems = fields.problems
        let record = problems.isEmpty ? make() : nil
        return Parsed(record: record, key: key, problems: problems, references: record?.references ?? references)
    }

    /// The refs a line names, read even when other fields are wrong, so that every problem is reported at once.
    private static func references(
        la: String?, people: [(String, [ListedRef])], single: [(String, InterchangeKind, String?)]
    ) -> [(field: String, key: InterchangeKey)] {
        guard let la else { return [] }
        var result: [(field: String, key: InterchangeKey)] = [("la", .localAuthority(la))]
        for (field, kind, ref) in single {
            if let ref { result.append((field, InterchangeKey(kind: kind, la: la, ref: ref))) }
        }
        for (field, refs) in people {
            for listed in refs {
                result.append(("\(field)[\(listed.index)]", InterchangeKey(kind: .person, la: la, ref: listed.ref)))
            }
        }
        return result
    }

    private static func localAuthority(_ object: JSONObject) -> Parsed {
        var f = InterchangeFields(object, allowed: InterchangeLocalAuthority.fields, ignoring: "kind", objectName: "a local authority")
        let code = f.laCode("code")
        let name = f.text("name", required: true)
        let population = f.integer("childPopulation", in: 0...100_000_000)
        return finish(f, key: code.map { .localAuthority($0) }) {
            guard let code, let name else { return nil }
            return .localAuthority(InterchangeLocalAuthority(code: code, name: name, childPopulation: population))
        }
    }

    private static func person(_ object: JSONObject) -> Parsed {
        var f = InterchangeFields(object, allowed: InterchangePerson.fields, ignoring: "kind", objectName: "a person")
        let ref = f.ref("ref", required: true)
        let la = f.laCode("la")
        let given = f.text("givenName", required: true, maxLength: maximumNameLength)
        let family = f.text("familyName", required: true, maxLength: maximumNameLength)
        let others = f.textList("otherNames", maxLength: maximumNameLength)
        let born = f.date("dateOfBirth")
        let expected = f.date("expectedDateOfBirth")
        let sex = f.code("sex", Sex.self, required: false)
        let ethnicity = f.code("ethnicity", Ethnicity.self, required: false, expected: "a CIN ethnicity code such as \"WBRI\"")
        var nhs: NHSNumber?
        if let text = f.text("nhsNumber", required: false, maxLength: 20) {
            nhs = NHSNumber(text)
            if nhs == nil { f.check.add("nhsNumber", "'\(text)' is not a valid NHS number (10 digits with a correct modulus 11 check digit)") }
        }
        var upn: UPN?
        if let text = f.text("upn", required: false, maxLength: 20) {
            upn = UPN(text)
            if upn == nil { f.check.add("upn", "'\(text)' is not a valid UPN (13 characters starting with the correct check letter)") }
        }
        var postcode: Postcode?
        if let text = f.text("postcode", required: false, maxLength: 10) {
            postcode = Postcode(text)
            if postcode == nil { f.check.add("postcode", "'\(text)' is not a UK postcode (for example SO23 8UJ)") }
        }
        let disabilities = f.codeList("disabilities", Disability.self, expected: "a CIN disability code such as \"NONE\" or \"AUT\"")
        let key = ref.flatMap { ref in la.map { InterchangeKey(kind: .person, la: $0, ref: ref) } }
        return finish(f, key: key, references: references(la: la, people: [], single: [])) {
            guard let ref, let la, let given, let family else { return nil }
            return .person(InterchangePerson(
                ref: ref, la: la, givenName: given, familyName: family, otherNames: others, dateOfBirth: born,
                expectedDateOfBirth: expected, sex: sex, ethnicity: ethnicity, nhsNumber: nhs, upn: upn,
                postcode: postcode, disabilities: disabilities
            ))
        }
    }

    private static let sourceCodes = "a CIN referral source code (1A-1D, 2A, 2B, 3A-3F, 4, 5A-5D, 6, 7, 8, 9, 10)"

    private static func contact(_ object: JSONObject) -> Parsed {
        var f = InterchangeFields(object, allowed: InterchangeContact.fields, ignoring: "kind", objectName: "a contact")
        let ref = f.ref("ref", required: true)
        let la = f.laCode("la")
        let received = f.timestamp("receivedAt", required: true)
        let source = f.code("source", ReferralSource.self, required: true, expected: sourceCodes)
        let channel = f.code("channel", ContactChannel.self, required: false)
        let type = f.code("type", ContactType.self, required: false)
        let children = f.refList("children", required: true)
        let adults = f.refList("adults", required: false)
        let openCase = f.bool("openCaseAtReceipt")
        let rag = f.code("rag", RAG.self, required: false, expected: "\"red\", \"amber\", \"green\" or null")
        let summary = f.text("summary", required: false, maxLength: maximumSummaryLength)
        let decision = f.object("decision", allowed: InterchangeContact.Decision.fields, objectName: "a decision") { (d: inout InterchangeFields) -> InterchangeContact.Decision? in
            let outcome = d.code("outcome", ContactOutcome.self, required: true)
            let decided = d.timestamp("decidedAt", required: true)
            guard let outcome, let decided else { return nil }
            return InterchangeContact.Decision(outcome: outcome, decidedAt: decided)
        }
        if let received, let decision, decision.decidedAt < received {
            f.check.add("decision.decidedAt", "is before receivedAt; a contact is decided after it is received")
        }
        let key = ref.flatMap { ref in la.map { InterchangeKey(kind: .contact, la: $0, ref: ref) } }
        let refs = references(la: la, people: [("children", children), ("adults", adults)], single: [])
        return finish(f, key: key, references: refs) {
            guard let ref, let la, let received, let source else { return nil }
            return .contact(InterchangeContact(
                ref: ref, la: la, receivedAt: received, source: source, channel: channel, type: type ?? .concern,
                children: children.map(\.ref), adults: adults.map(\.ref), openCaseAtReceipt: openCase, rag: rag, summary: summary,
                decision: decision
            ))
        }
    }

    private static func referral(_ object: JSONObject) -> Parsed {
        var f = InterchangeFields(object, allowed: InterchangeReferral.fields, ignoring: "kind", objectName: "a referral")
        let ref = f.ref("ref", required: true)
        let la = f.laCode("la")
        let child = f.ref("child", required: true)
        let contact = f.ref("contact", required: false)
        let referred = f.timestamp("referredAt", required: true)
        let source = f.code("source", ReferralSource.self, required: true, expected: sourceCodes)
        let completed = f.timestamp("completedAt", required: false)
        let outcome = f.code("outcome", ReferralReportOutcome.self, required: false)
        let nfa = f.bool("nfa")
        let strategy = f.timestamp("strategyDiscussionAt", required: false)
        let s47 = f.date("s47StartedAt")
        let assessmentStarted = f.date("assessmentStartedAt")
        let assessmentAuthorised = f.date("assessmentAuthorisedAt")
        let icpc = f.date("icpcAt")
        let cpPlan = f.date("cpPlanStartedAt")
        let closed = f.date("closedAt")
        let reason = f.code("reasonForClosure", ReasonForClosure.self, required: false, expected: "a CIN reason for closure, \"RC1\" to \"RC9\"")
        let need = f.code("primaryNeed", PrimaryNeed.self, required: false, expected: "a CIN primary need code, \"N0\" to \"N9\"")
        if let referred, let completed, completed < referred {
            f.check.add("completedAt", "is before referredAt; a referral is completed after it is made")
        }
        let key = ref.flatMap { ref in la.map { InterchangeKey(kind: .referral, la: $0, ref: ref) } }
        let refs = references(la: la, people: [], single: [("child", .person, child), ("contact", .contact, contact)])
        return finish(f, key: key, references: refs) {
            guard let ref, let la, let child, let referred, let source else { return nil }
            return .referral(InterchangeReferral(
                ref: ref, la: la, child: child, contact: contact, referredAt: referred, source: source,
                completedAt: completed, outcome: outcome, nfa: nfa, strategyDiscussionAt: strategy, s47StartedAt: s47,
                assessmentStartedAt: assessmentStarted, assessmentAuthorisedAt: assessmentAuthorised, icpcAt: icpc,
                cpPlanStartedAt: cpPlan, closedAt: closed, reasonForClosure: reason, primaryNeed: need
            ))
        }
    }
}
