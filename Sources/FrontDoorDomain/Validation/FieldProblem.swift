import Foundation

/// One thing wrong with one input field, said so that the person who sent it can fix it.
///
/// `field` is the path of the field as the sender wrote it (`children[0].dateOfBirth`), so an
/// API client or a form can point at the exact place.
public struct FieldProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Every problem found in one input, in the order the fields were checked.
public struct ValidationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

/// Collects field problems while an input is checked, so that a sender hears of every mistake at once.
public struct InputChecker: Sendable {
    public private(set) var problems: [FieldProblem] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        problems.append(FieldProblem(field, message))
    }

    public mutating func require(_ value: String?, _ field: String, maxLength: Int = 200) -> String? {
        guard let raw = value else {
            add(field, "is required")
            return nil
        }
        return check(raw, field, maxLength: maxLength, required: true)
    }

    /// Trims the text; nil for absent or blank optional text.
    public mutating func optional(_ value: String?, _ field: String, maxLength: Int = 200) -> String? {
        guard let raw = value else { return nil }
        return check(raw, field, maxLength: maxLength, required: false)
    }

    private mutating func check(_ raw: String, _ field: String, maxLength: Int, required: Bool) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { add(field, "must not be blank") }
            return nil
        }
        if trimmed.count > maxLength {
            add(field, "is too long (\(trimmed.count) characters; at most \(maxLength))")
            return nil
        }
        if trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            add(field, "contains control characters")
            return nil
        }
        return trimmed
    }

    /// One value of a closed list (an enum of codes), required or optional; a wrong one is reported
    /// with the values that would do.
    public mutating func choice<C: RawRepresentable & CaseIterable>(
        _ value: String?, _ field: String, required: Bool = true, as type: C.Type = C.self
    ) -> C? where C.RawValue == String {
        let text = required ? self.require(value, field, maxLength: 60) : optional(value, field, maxLength: 60)
        guard let text else { return nil }
        guard let result = C(rawValue: text) ?? C(rawValue: text.lowercased()) else {
            add(field, "'\(text)' is not one of: \(C.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return result
    }

    public func finish() throws(ValidationFailure) {
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }
}
