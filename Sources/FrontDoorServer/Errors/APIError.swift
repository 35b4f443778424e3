import FrontDoorDomain
import Vapor

/// A refusal with a stable code for scripts and a message for people.
struct APIError: AbortError {
    let status: HTTPResponseStatus
    let code: String
    let message: String

    var reason: String { message }

    static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: "not-found", message: "\(what) was not found")
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(status: .forbidden, code: "forbidden", message: message)
    }

    static func conflict(_ code: String, _ message: String) -> APIError {
        APIError(status: .conflict, code: code, message: message)
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "bad-request", message: message)
    }
}

/// The JSON body of every API error: `{"error": {"code", "message", "problems"?}}`.
struct ErrorBody: Content {
    struct Detail: Codable {
        var code: String
        var message: String
        var problems: [Problem]?
    }

    struct Problem: Codable {
        var field: String
        var message: String
    }

    var error: Detail
}
