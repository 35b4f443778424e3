import FrontDoorDomain
import Vapor

/// Turns every error into the API's error body with the right status. Bad input is a 4xx that
/// names the field; anything unexpected is a 500 whose detail goes to the log (never to the
/// client), and the log line carries no request body, so no personal data reaches it.
struct APIErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, body) = Self.describe(error)
            if status.code >= 500 {
                request.logger.error("unexpected error on \(request.method) \(request.url.path): \(String(reflecting: type(of: error)))")
            }
            let response = try jsonResponse(body, status: status)
            if status == .unauthorized {
                response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            }
            return response
        }
    }

    static func describe(_ error: any Error) -> (HTTPResponseStatus, ErrorBody) {
        func body(_ code: String, _ message: String, _ problems: [ErrorBody.Problem]? = nil) -> ErrorBody {
            ErrorBody(error: .init(code: code, message: message, problems: problems))
        }
        switch error {
        case let error as APIError:
            return (error.status, body(error.code, error.message))
        case let failure as ValidationFailure:
            let problems = failure.problems.map { ErrorBody.Problem(field: $0.field, message: $0.message) }
            return (.unprocessableEntity, body("invalid", failure.description, problems))
        case let refused as TransitionRefused:
            return (.conflict, body(refused.code, refused.message))
        case let duplicate as DuplicateGuard.PossibleDuplicate:
            let problems = duplicate.problems.map { ErrorBody.Problem(field: $0.field, message: $0.message) }
            return (.conflict, body("possible-duplicate", "this child may already be recorded: search the matches, or confirm that it is a different child", problems))
        case let decoding as DecodingError:
            let (field, message) = describe(decoding)
            return (.badRequest, body("malformed", "\(field): \(message)", [.init(field: field, message: message)]))
        case let abort as any AbortError where abort.status == .unsupportedMediaType:
            // A body without a Content-Type the route reads (often no body at all): bad input, said plainly.
            return (.badRequest, body("malformed", "send the request body as JSON, with Content-Type: application/json", [.init(field: "body", message: "is missing or not JSON")]))
        case let abort as any AbortError:
            let code = abort.status == .notFound ? "not-found" : abort.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-")
            let message = abort.status == .notFound ? "no such route or record" : abort.reason
            return (abort.status, body(code, message))
        default:
            return (.internalServerError, body("internal", "something went wrong on the server; it has been logged"))
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? "body" : result
    }

    private static func describe(_ error: DecodingError) -> (String, String) {
        switch error {
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "has the wrong type (expected \(typeName(type)))")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "must not be null (expected \(typeName(type)))")
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return (field, field == "body" ? "the request body is not valid JSON" : context.debugDescription)
        @unknown default:
            return ("body", "could not be read")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}
