import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("The permission matrix, route by route")
struct PermissionMatrixTests {
    @Test("every API route declares what it needs")
    func declared() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let undeclared = app.routes.all.filter { $0.path.first?.description == "api" && $0.access == nil }
            #expect(undeclared.map(\.description) == [])
        }
    }

    @Test("every API route, called as every role, allows or refuses exactly as the matrix says", arguments: TestDatabase.all)
    func everyRouteEveryRole(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let routes = app.routes.all.filter { $0.path.first?.description == "api" }
            #expect(routes.count >= 18)
            for route in routes {
                let path = route.path.map { component -> String in
                    guard case .parameter(let name) = component else { return component.description }
                    return name == "code" ? "850" : UUID().uuidString
                }.joined(separator: "/")
                for role in Role.allCases {
                    let allowed: Bool = switch route.access {
                    case .signedIn, .everyone: true
                    case .permission(let permission): PermissionMatrix.allows(role, permission)
                    case nil: false
                    }
                    try await app.testing().test(route.method, path, beforeRequest: { req in
                        req.headers = f.auth(role)
                        if route.method != .GET { try req.json([:]) }
                    }, afterResponse: { res in
                        if allowed {
                            #expect(res.status != .forbidden && res.status != .unauthorized && res.status.code < 500,
                                    "\(route.method) \(path) as \(role.rawValue): \(res.status)")
                        } else {
                            #expect(res.status == .forbidden, "\(route.method) \(path) as \(role.rawValue): \(res.status)")
                        }
                    })
                }
                // And nobody without a token, but for signing in itself.
                guard route.access != .everyone else { continue }
                try await app.testing().test(route.method, path) { res in
                    #expect(res.status == .unauthorized, "\(route.method) \(path) without a token")
                }
            }
        }
    }
}
