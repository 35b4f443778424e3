import Fluent
import Foundation
@testable import FrontDoorServer
import Testing
import Vapor

@Suite("Stopping the server")
struct ShutdownTests {
    @Test("stopping waits for the requests still being handled before it closes the databases")
    func waitsForRequests() async throws {
        let app = try await Application.make(.testing)
        try await configure(app, settings: TestDatabase.sqlite.settings().0)
        // A request that is still being handled when the server stops, and then uses its database
        // (as a contact's answer is built after the contact is written).
        app.get("test-slow") { req async throws -> String in
            try await Task.sleep(for: .milliseconds(300))
            return String(try await LocalAuthorityModel.query(on: req.db).count())
        }
        try await app.asyncBoot()
        let request = Request(application: app, method: .GET, url: URI(path: "/test-slow"), on: app.eventLoopGroup.next())
        let answer = Task { try await app.responder.respond(to: request).get() }
        let inFlight = try #require(app.inFlightRequests)
        // Once the request is being handled (within its 300 ms sleep), stop.
        let deadline = ContinuousClock.now + .seconds(10)
        while inFlight.current == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(inFlight.current == 1)
        try await app.asyncShutdown()
        // Shutting down waited for the request, whose database was still there: it got its answer.
        let response = try await answer.value
        #expect(response.status == .ok && response.body.string == "0")
        #expect(inFlight.current == 0)
    }
}
