import Vapor

/// Serves the OpenAPI 3.1 document that describes the JSON API.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json", use: document)
    }

    func document(req: Request) async throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Public"),
              let data = FileManager.default.contents(atPath: url.path)
        else { throw APIError.notFound("the API description") }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }
}
