import Foundation

/// Runs the fake servers' request handlers on a thread of their own. Tests that block their
/// thread (waiting for a child process) would otherwise occupy the few threads of the
/// concurrency pool, and a child waiting for the fake would never get its answer.
@available(macOS 15, *)
final class FakeServerExecutor: TaskExecutor, @unchecked Sendable {
    /// The one handler thread of the process.
    static let shared = FakeServerExecutor()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [self] in runLoop() }
        thread.name = "fake-http-handlers"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
