import Foundation
@testable import FrontDoorServer
import Leaf
import LeafKit
import Testing
import Vapor
import VaporTesting

@Suite("Page templates")
struct TemplateCacheTests {
    /// The templates the page renderer holds after the sign-in page was rendered twice.
    static func cached(environment: Environment, cachingTemplates: Bool) async throws -> Int {
        let app = try await Application.make(environment)
        do {
            try await configure(app, settings: TestDatabase.sqlite.settings().0)
            useLeaf(app, cachingTemplates: cachingTemplates)
            for _ in 0..<2 {
                try await app.testing().test(.GET, "sign-in") { res in #expect(res.status == .ok) }
            }
            // Rendering through the application's renderer, as `app.view` gives it, leaves the
            // cache as it was set (Leaf's own renderer switched it off in development).
            _ = app.view
            let count = app.leaf.cache.count
            try await app.asyncShutdown()
            return count
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test("a release build keeps its parsed templates, even in the development environment that `serve` runs in by default; a debug build reads them again for every page")
    func cachedInRelease() async throws {
        #expect(try await Self.cached(environment: .development, cachingTemplates: true) > 0)
        #expect(try await Self.cached(environment: .testing, cachingTemplates: true) > 0)
        #expect(try await Self.cached(environment: .development, cachingTemplates: false) == 0)
    }
}
