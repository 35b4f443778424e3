import Foundation
@testable import FrontDoorServer
import Testing
import VaporTesting

/// What the API fuzzer (scripts/fuzz-api.sh) found, kept as tests.
@Suite("Bad requests get a 4xx that says what is wrong")
struct APIInputTests {
    @Test("a POST without a JSON body is a 400 naming the body, not a 415", arguments: TestDatabase.all)
    func missingBody(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            for path in ["api/v1/contacts", "api/v1/people"] {
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    req.headers = f.auth(.teamManager)
                }, afterResponse: { res in
                    #expect(res.status == .badRequest, "\(path): \(res.status)")
                    let error = res.json["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "malformed")
                    #expect((error?["message"] as? String)?.contains("Content-Type: application/json") == true)
                })
                try await app.testing().test(.POST, path, beforeRequest: { req in
                    req.headers = f.auth(.teamManager)
                    req.headers.contentType = .plainText
                    req.body = ByteBuffer(string: "la=850")
                }, afterResponse: { res in
                    #expect(res.status == .badRequest, "\(path) as text: \(res.status)")
                })
            }
        }
    }
}
