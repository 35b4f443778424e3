import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Threads of their own, at a lower priority, for the reports, returns and exports
/// (`ReportWork`). Swift runs every request's code on one cooperative thread per core: a report
/// turning 74,000 referrals into figures, or a census into XML, kept one of this machine's two
/// for a hundred milliseconds or seconds, and every page that needed it waited its turn (the
/// load test's tails, docs/benchmarks.md). On these threads the operating system shares the
/// cores instead, and favours the staff's requests: on Linux each thread runs at `nice` 10.
final class ReportExecutor: TaskExecutor, @unchecked Sendable {
    /// The process's report threads, shared by every application in it.
    static let shared = ReportExecutor(threads: max(2, System.coreCount), nice: 10)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var next = 0
    /// The niceness the threads ask for (where the system does not agree, they run as others do).
    let nice: Int32

    init(threads: Int, nice: Int32) {
        self.nice = nice
        for index in 0..<threads {
            let thread = Thread { [self] in
                Thread.current.threadDictionary[Self.marker] = true
                Self.lowerPriority(nice)
                run()
            }
            thread.name = "FrontDoor-reports-\(index)"
            thread.start()
        }
    }

    /// On Linux niceness belongs to each thread: `setpriority` for "the calling process" (0) sets
    /// the calling thread's alone.
    private static func lowerPriority(_ nice: Int32) {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
        #endif
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    private static let marker = "FrontDoor.reportThread"

    /// Whether the calling code runs on one of these threads.
    static var onReportThread: Bool {
        Thread.current.threadDictionary[marker] as? Bool ?? false
    }
}

/// Runs a route's handler on the report threads (`ReportExecutor`): its code, after every wait,
/// and the tasks it starts within it, prefer those threads to Swift's cooperative ones. (A
/// middleware cannot do this: Vapor starts each handler in a task of its own, which does not
/// inherit a preference.)
enum ReportWork {
    static func run<Answer: AsyncResponseEncodable>(
        _ handler: @escaping @Sendable (Request) async throws -> Answer, on executor: ReportExecutor = .shared
    ) -> @Sendable (Request) async throws -> Answer {
        { request in
            try await withTaskExecutorPreference(executor) {
                try await handler(request)
            }
        }
    }
}
