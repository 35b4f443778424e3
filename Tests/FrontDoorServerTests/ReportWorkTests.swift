import Fluent
import Foundation
@testable import FrontDoorServer
import Testing
import Vapor
import VaporTesting
#if canImport(Glibc)
import Glibc
#endif

@Suite("Reports run on threads of their own, below the staff's requests in priority")
struct ReportWorkTests {
    /// Where the code runs: on a report thread or not, the thread's niceness, before and after a
    /// database query and in a child task.
    static func whereRun(_ req: Request) async throws -> String {
        func here() -> String {
            #if os(Linux)
            let nice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            #else
            let nice: Int32 = 0
            #endif
            return "\(ReportExecutor.onReportThread ? "report" : "other") \(nice)"
        }
        let before = here()
        _ = try await LocalAuthorityModel.query(on: req.db).count()
        let after = here()
        let child = await withTaskGroup(of: String.self) { group in
            group.addTask { here() }
            return await group.next() ?? ""
        }
        return [before, after, child].joined(separator: ",")
    }

    @Test("a guarded route's code, after each wait and in its child tasks, runs on a report thread at niceness 10; other routes do not")
    func guardedRoutes() async throws {
        try await withTestApp(.sqlite) { app, _ in
            app.get("test-report-work", use: ReportWork.run { req in Response(body: .init(string: try await Self.whereRun(req))) })
            app.get("test-staff-work") { req in try await Self.whereRun(req) }
            #expect(ReportExecutor.shared.nice == 10)
            #if os(Linux)
            let report = "report 10"
            #else
            let report = "report 0"
            #endif
            try await app.testing().test(.GET, "test-report-work") { res in
                #expect(res.body.string == [report, report, report].joined(separator: ","))
            }
            try await app.testing().test(.GET, "test-staff-work") { res in
                #expect(res.body.string == "other 0,other 0,other 0")
            }
        }
    }
}
