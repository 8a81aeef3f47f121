import EveryAuthCore
import Foundation
import Testing

/// In one process, tasks that wait for the JSON store's lock must not hold Swift's pool threads while
/// they wait: the pool has one thread per core, and the task holding the lock needs one to go on
/// (a refresh awaiting its token request, a `serve` request). Were the waiters to sleep on their
/// threads, the holder would starve until the lock timeout and every waiter would fail.
@Suite("FileStore lock waits")
struct FileStoreLockWaitTests {
    @Test("many more waiters than pool threads, each holding the lock across an await: all of them finish and write")
    func waitersSuspendInsteadOfBlocking() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-lockwait-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A lock timeout far above the work (16 × 20 ms) and above what other tests running in
        // parallel may hold the shared pool for (a synchronous child-process wait): with waiters that
        // sleep on pool threads the holder never resumes, and they all fail at this timeout.
        let store = FileStore(directory: directory, lockTimeout: 60)
        try await store.upsertIdentity(service: .pagerduty, userId: "shared", kind: .apiKey, credential: .apiKey("key"))
        let writers = max(16, ProcessInfo.processInfo.activeProcessorCount * 4)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    try await store.updateIdentity(IdentitySelector(service: .pagerduty, userId: "shared")) { identity in
                        // Suspends while holding the lock: resuming needs a pool thread.
                        try await Task.sleep(for: .milliseconds(20))
                        identity?.tags["writer-\(writer)"] = "done"
                    }
                }
            }
            try await group.waitForAll()
        }
        let identity = try await store.identity(IdentitySelector(service: .pagerduty, userId: "shared"))
        // Every writer got the lock and wrote; a starved holder would have made them fail with lockTimeout.
        #expect(identity.tags.count == writers)
    }
}
