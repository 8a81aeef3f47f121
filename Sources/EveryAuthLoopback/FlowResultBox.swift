import EveryAuthCore
import Foundation

/// The one outcome of an authorization wait, settled by whichever source speaks first: the
/// listener, a pasted address, or the timeout. Later answers are ignored.
final class FlowResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<String, OAuthError>?
    private var waiter: CheckedContinuation<String, any Error>?

    /// True once an outcome is settled.
    var isFinished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return result != nil
    }

    /// Settles the outcome (a code, or why there is none); only the first call counts.
    func finish(_ outcome: Result<String, OAuthError>) {
        lock.lock()
        guard result == nil else {
            lock.unlock()
            return
        }
        result = outcome
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume(with: outcome.mapError { $0 as any Error })
    }

    /// Waits for the outcome: the authorization code, or the error that ended the flow.
    func wait() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(with: result.mapError { $0 as any Error })
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
