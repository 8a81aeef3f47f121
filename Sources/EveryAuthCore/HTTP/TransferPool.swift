import Foundation

/// Worker threads that run blocking libcurl transfers off Swift's cooperative pool.
///
/// Each worker owns one `CurlEasy` for its whole life, so requests it runs one after another reuse
/// the connection. Workers start on demand up to `limit` and end after a while without work.
final class TransferPool: @unchecked Sendable {
    /// A unit of work; receives the worker's handle (nil when libcurl could not give one) and returns what
    /// to do once the worker is free again (resume the waiting task).
    typealias Job = @Sendable (CurlEasy?) -> @Sendable () -> Void

    // All mutable state below is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var workers = 0
    /// Workers not running a job. A worker counts itself free before it resumes the waiting task, so
    /// that task's next request finds it (same handle, same connection) instead of starting another.
    private var free = 0
    private let limit: Int
    private let idleTimeout: TimeInterval

    /// A pool of at most `limit` workers; idle workers exit after `idleTimeout` seconds.
    init(limit: Int, idleTimeout: TimeInterval = 60) {
        self.limit = limit
        self.idleTimeout = idleTimeout
    }

    /// Queues `job`; it runs on a worker thread as soon as one is free.
    func submit(_ job: @escaping Job) {
        condition.lock()
        jobs.append(job)
        let pending = jobs.count - head
        let spawn = pending > free && workers < limit
        if spawn {
            workers += 1
            free += 1
        }
        condition.signal()
        condition.unlock()
        if spawn {
            let thread = Thread { [self] in work() }
            thread.name = "everyauth-http"
            thread.start()
        }
    }

    private func work() {
        let easy = CurlEasy()
        while let job = next() {
            let finish = job(easy)
            condition.lock()
            free += 1
            condition.unlock()
            finish()
        }
    }

    /// The next job, or nil when none came within the idle timeout (the worker then ends).
    private func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            let signalled = condition.wait(until: Date().addingTimeInterval(idleTimeout))
            if !signalled && head == jobs.count {
                workers -= 1
                free -= 1
                return nil
            }
        }
        let job = jobs[head]
        head += 1
        free -= 1
        if head > 64 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
