import Dispatch
import Foundation
import Synchronization

/// The executor every child process's bookkeeping runs on (reading its output, feeding its stdin,
/// the timer that kills it): a thread of its own.
///
/// The concurrency pool has one thread per core (two here). A test that blocks a pool thread, such
/// as a synchronous `cli.run`, must never be able to stop another child's output from being read or
/// its deadline from firing, or parallel tests wait on each other until their timeouts.
final class ChildProcessExecutor: TaskExecutor {
    /// The one instance, started on first use.
    static let shared = ChildProcessExecutor()

    /// Jobs not yet run, in the order they came.
    private let queue = Mutex<[UnownedJob]>([])
    /// Counts queued jobs, so the thread sleeps while there are none.
    private let pending = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in runJobs() }
        thread.name = "everyauth-test-children"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.withLock { $0.append(unowned) }
        pending.signal()
    }

    private func runJobs() {
        while true {
            pending.wait()
            let job = queue.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
