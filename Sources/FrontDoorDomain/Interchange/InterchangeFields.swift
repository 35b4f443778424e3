import Foundation

/// Reads the fields of one interchange object, collecting a problem for each field that is missing,
/// of the wrong type, not a known code, or not a field of the object at all.
struct InterchangeFields {
    var check = InputChecker()
    private let prefix: String
    /// Few enough (at most 18) that a list is quicker than a dictionary.
    private var values: [(key: String, value: JSONValue)] = []

    /// `allowed` are the object's fields; `ignoring` are read elsewhere (the `kind`).
    init(_ object: JSONObject, allowed: [String], ignoring: String? = nil, prefix: String = "", objectName: String) {
        self.prefix = prefix
        values.reserveCapacity(object.members.count)
        var seen: [String] = []
        var repeated: [String] = []
        for (key, value) in object.members {
            if seen.contains(key) {
                if !repeated.contains(key) {
                    repeated.append(key)
                    check.add(path(key), "appears more than once in the object; give each field once")
                }
                continue
            }
            seen.append(key)
            if key == ignoring { continue }
            guard allowed.contains(key) else {
                var message = "is not a field of \(objectName)"
                if let suggestion = Self.closest(to: key, in: allowed) { message += " (did you mean \"\(suggestion)\"?)" }
                check.add(path(key), message + "; unknown fields are refused so that no data is silently dropped")
                continue
            }
            values.append((key, value))
        }
    }

    var problems: [FieldProblem] { check.problems }

    func path(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    /// The value, or nil when absent or null (a required one is reported as missing).
    private mutating func value(_ key: String, required: Bool) -> JSONValue? {
        guard let value = values.first(where: { $0.key == key })?.value, value != .null else {
            if required { check.add(path(key), "is required") }
            return nil
        }
        return value
    }

    private mutating func wrongType(_ key: String, _ expected: String, _ found: JSONValue) {
        check.add(path(key), "must be \(expected), not \(found.typeName)")
    }

    mutating func text(_ key: String, required: Bool, maxLength: Int = 200) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            wrongType(key, "a string", value)
            return nil
        }
        return checked(text, path(key), maxLength: maxLength, required: required)
    }

    /// A reference to another object: non-blank text of at most 100 characters.
    mutating func ref(_ key: String, required: Bool) -> String? {
        text(key, required: required, maxLength: InterchangeParser.maximumRefLength)
    }

    /// A DfE LA number: exactly three ASCII digits.
    mutating func laCode(_ key: String) -> String? {
        guard let value = value(key, required: true) else { return nil }
        guard case .string(let text) = value else {
            wrongType(key, "a string of three digits such as \"850\"", value)
            return nil
        }
        guard InterchangeParser.isLACode(text) else {
            check.add(path(key), "'\(text)' is not a DfE LA number (three digits, such as \"850\")")
            return nil
        }
        return text
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = value(key, required: false) else { return nil }
        guard case .bool(let flag) = value else {
            wrongType(key, "true or false", value)
            return nil
        }
        return flag
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = value(key, required: false) else { return nil }
        guard case .number(let text, let isInteger) = value else {
            wrongType(key, "a whole number", value)
            return nil
        }
        guard isInteger, let number = Int(text) else {
            check.add(path(key), "\(text) is not a whole number")
            return nil
        }
        guard range.contains(number) else {
            check.add(path(key), "\(number) is out of range (\(range.lowerBound) to \(range.upperBound))")
            return nil
        }
        return number
    }

    mutating func timestamp(_ key: String, required: Bool) -> Date? {
        guard let value = value(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            wrongType(key, "an RFC 3339 timestamp in a string", value)
            return nil
        }
        guard let date = InterchangeTimestamp.parse(text) else {
            check.add(
                path(key),
                "'\(Self.clip(text))' is not an RFC 3339 timestamp with an offset (for example 2019-01-03T10:15:00Z or 2019-06-03T10:15:00+01:00)"
            )
            return nil
        }
        return date
    }

    mutating func date(_ key: String) -> LocalDate? {
        guard let value = value(key, required: false) else { return nil }
        guard case .string(let text) = value else {
            wrongType(key, "a date in a string (YYYY-MM-DD)", value)
            return nil
        }
        guard let date = LocalDate(iso: text) else {
            check.add(path(key), "'\(Self.clip(text))' is not a date in the form YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// A code from a fixed list, written exactly (codes are case-sensitive in the interchange format).
    mutating func code<C: RawRepresentable & CaseIterable>(_ key: String, _: C.Type, required: Bool, expected: String? = nil) -> C?
    where C.RawValue == String {
        guard let value = value(key, required: required) else { return nil }
        return code(value, field: path(key), C.self, expected: expected)
    }

    private mutating func code<C: RawRepresentable & CaseIterable>(_ value: JSONValue, field: String, _: C.Type, expected: String?) -> C?
    where C.RawValue == String {
        if case .string(let text) = value, let code = C(rawValue: text) { return code }
        let allowed = expected ?? C.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        if case .string(let text) = value {
            check.add(field, "'\(Self.clip(text))' is not one of \(allowed)")
        } else {
            check.add(field, "must be one of \(allowed), not \(value.typeName)")
        }
        return nil
    }

    private mutating func list(_ key: String, required: Bool) -> [JSONValue]? {
        guard let value = value(key, required: required) else { return nil }
        guard case .array(let elements) = value else {
            wrongType(key, "a list", value)
            return nil
        }
        return elements
    }

    /// A list of person refs, each with its position in the list as written; `required` (the children
    /// of a contact) means at least one. A ref named twice is refused, because reports count a
    /// contact once per child named.
    mutating func refList(_ key: String, required: Bool) -> [ListedRef] {
        guard let elements = list(key, required: required) else { return [] }
        if required, elements.isEmpty { check.add(path(key), "must name at least one person ref") }
        var refs: [ListedRef] = []
        var seen: Set<String> = []
        for (index, element) in elements.enumerated() {
            let field = path(key) + "[\(index)]"
            guard case .string(let text) = element else {
                check.add(field, "must be a person ref in a string, not \(element.typeName)")
                continue
            }
            guard let ref = checked(text, field, maxLength: InterchangeParser.maximumRefLength, required: true) else { continue }
            if !seen.insert(ref).inserted {
                check.add(field, "'\(ref)' is named more than once in \(key)")
                continue
            }
            refs.append(ListedRef(index: index, ref: ref))
        }
        return refs
    }

    mutating func textList(_ key: String, maxLength: Int) -> [String] {
        guard let elements = list(key, required: false) else { return [] }
        var texts: [String] = []
        for (index, element) in elements.enumerated() {
            let field = path(key) + "[\(index)]"
            guard case .string(let text) = element else {
                check.add(field, "must be a string, not \(element.typeName)")
                continue
            }
            if let text = checked(text, field, maxLength: maxLength, required: true) { texts.append(text) }
        }
        return texts
    }

    mutating func codeList<C: RawRepresentable & CaseIterable & Hashable>(_ key: String, _: C.Type, expected: String) -> [C]
    where C.RawValue == String {
        guard let elements = list(key, required: false) else { return [] }
        var codes: [C] = []
        for (index, element) in elements.enumerated() {
            if let code = code(element, field: path(key) + "[\(index)]", C.self, expected: expected) { codes.append(code) }
        }
        return codes
    }

    /// A nested object, read by `read` with its own fields.
    mutating func object<T>(_ key: String, allowed: [String], objectName: String, _ read: (inout InterchangeFields) -> T?) -> T? {
        guard let value = value(key, required: false) else { return nil }
        guard case .object(let object) = value else {
            wrongType(key, "an object", value)
            return nil
        }
        var nested = InterchangeFields(object, allowed: allowed, prefix: path(key), objectName: objectName)
        let result = read(&nested)
        for problem in nested.problems { check.add(problem.field, problem.message) }
        return nested.problems.isEmpty ? result : nil
    }

    /// Text checked as `InputChecker` checks it (trimmed; blank, too long or with control characters
    /// refused), with a shortcut for the usual case of plain ASCII that needs no trimming, which
    /// spares a Foundation call per field.
    private mutating func checked(_ text: String, _ field: String, maxLength: Int, required: Bool) -> String? {
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, utf8.count <= maxLength,
            first > 0x20, last > 0x20, utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        {
            return text
        }
        return required ? check.require(text, field, maxLength: maxLength) : check.optional(text, field, maxLength: maxLength)
    }

    /// Long values are cut in messages so that one bad field cannot flood a report.
    static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// The allowed field nearest to a misspelt one, if it is plausibly a typo.
    static func closest(to key: String, in allowed: [String]) -> String? {
        let lowered = key.lowercased()
        var best: (name: String, distance: Int)?
        for name in allowed {
            let distance = editDistance(lowered, name.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (name, distance) }
        }
        guard let best, best.distance <= max(2, key.count / 3) else { return nil }
        return best.name
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8.prefix(64)), b = Array(b.utf8.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }
}

/// A ref read from a list, with its position in the list as written (so that a problem names
/// `children[2]` even when an earlier element was unreadable).
struct ListedRef {
    let index: Int
    let ref: String
}
