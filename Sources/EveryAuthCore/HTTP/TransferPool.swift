import Dispatch
import Foundation
import Synchronization

/// Worker threads that run blocking libcurl transfers off Swift's cooperative pool.
///
/// Each worker owns one `CurlEasy` for its whole life, so requests it runs one after another reuse
/// the connection. Workers start on demand up to `limit` and end after a while without work.
final class TransferPool: Sendable {
    /// A unit of work; receives the worker's handle (nil when libcurl could not give one) and returns what
    /// to do once the worker is free again (resume the waiting task).
    typealias Job = @Sendable (CurlEasy?) -> @Sendable () -> Void

    private struct State {
        var jobs: [Job] = []
        var head = 0
        var workers = 0
        /// Workers not running a job. A worker counts itself free before it resumes the waiting task, so
        /// that task's next request finds it (same handle, same connection) instead of starting another.
        var free = 0

        var pending: Int { jobs.count - head }
    }

    private let state = Mutex(State())
    /// One signal per queued job: a worker that gets one takes exactly one job.
    private let queued = DispatchSemaphore(value: 0)
    private let limit: Int
    private let idleTimeout: TimeInterval

    /// A pool of at most `limit` workers; idle workers exit after `idleTimeout` seconds.
    init(limit: Int, idleTimeout: TimeInterval = 60) {
        self.limit = limit
        self.idleTimeout = idleTimeout
    }

    /// Queues `job`; it runs on a worker thread as soon as one is free.
    func submit(_ job: @escaping Job) {
        let spawn = state.withLock { state -> Bool in
            state.jobs.append(job)
            guard state.pending > state.free, state.workers < limit else { return false }
            state.workers += 1
            state.free += 1
            return true
        }
        queued.signal()
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
            state.withLock { $0.free += 1 }
            finish()
        }
    }

    /// The next job, or nil when none came within the idle timeout (the worker then ends).
    private func next() -> Job? {
        while true {
            if queued.wait(timeout: .now() + idleTimeout) == .success {
                return state.withLock { state in
                    let job = state.jobs[state.head]
                    state.head += 1
                    state.free -= 1
                    if state.head > 64 && state.head * 2 > state.jobs.count {
                        state.jobs.removeFirst(state.head)
                        state.head = 0
                    }
                    return job
                }
            }
            // Leave only when nothing is queued: a job submitted meanwhile saw this worker as free and
            // started no other, and its signal is waiting in the semaphore for this worker.
            let leave = state.withLock { state -> Bool in
                guard state.pending == 0 else { return false }
                state.workers -= 1
                state.free -= 1
                return true
            }
            if leave { return nil }
        }
    }
}
