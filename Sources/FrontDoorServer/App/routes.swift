import Fluent
import SQLKit
import Vapor

func routes(_ app: Application) throws {
    app.get("health") { req async -> Response in
        do {
            if let sql = req.db as? any SQLDatabase {
                _ = try await sql.raw("SELECT 1").all()
            }
            return try jsonResponse(["status": "ok"], status: .ok)
        } catch {
            req.logger.error("health check: database did not answer")
            return (try? jsonResponse(["status": "unavailable"], status: .serviceUnavailable)) ?? Response(status: .serviceUnavailable)
        }
    }
    try app.register(collection: OpenAPIController())

    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    try api.register(collection: MeController())
    try api.register(collection: SignInController())
    try api.register(collection: LocalAuthoritiesController())
    try api.register(collection: PeopleController())
    try api.register(collection: ContactsController())
    try api.register(collection: AccessLogController())
    try api.register(collection: RestrictionsController())
    try api.register(collection: SubjectAccessController())
}

func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponseStatus) throws -> Response {
    let response = Response(status: status)
    try response.content.encode(value, using: JSONEncoder.api)
    return response
}

extension JSONEncoder {
    /// RFC 3339 instants in UTC, keys in a stable order.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
