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
    app.get("assets", ":file", use: asset)
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: WebController())
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: ReportPages())
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: MeetingPages())
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: StaffPages())
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: PersonPages())
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: ReferralPages())
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: DashboardPage())
    try app.grouped(app.sessions.middleware, CSRFMiddleware()).register(collection: PortalPages())

    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    try api.register(collection: MeController())
    try api.register(collection: SignInController())
    try api.register(collection: LocalAuthoritiesController())
    try api.register(collection: TeamsController())
    try api.register(collection: PeopleController())
    try api.register(collection: PersonMergesController())
    try api.register(collection: ResearchController())
    try api.register(collection: ContactsController())
    try api.register(collection: AccessLogController())
    try api.register(collection: RestrictionsController())
    try api.register(collection: SubjectAccessController())
    try api.register(collection: ReferralsController())
    try api.register(collection: StrategyDiscussionsController())
    try api.register(collection: ReportsController())
    try api.register(collection: ReturnsController())
    try api.register(collection: InterchangeController())
    try api.register(collection: InformationSharingController())
    try api.register(collection: OutboxController())
    try api.register(collection: HRDAMeetingsController())
    try api.register(collection: QualityAuditsController())
}

/// The stylesheet and other static files, from the module's resources.
private func asset(req: Request) async throws -> Response {
    let allowed = [
        "app.css": HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]),
        "app.js": HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]),
    ]
    guard let name = req.parameters.get("file"), let type = allowed[name],
          let url = Bundle.module.url(forResource: (name as NSString).deletingPathExtension, withExtension: (name as NSString).pathExtension, subdirectory: "Public"),
          let data = FileManager.default.contents(atPath: url.path)
    else { throw APIError.notFound("the file") }
    let response = Response(status: .ok, body: .init(data: data))
    response.headers.contentType = type
    response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
    return response
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
