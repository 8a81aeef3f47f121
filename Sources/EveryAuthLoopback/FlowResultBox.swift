import EveryAuthCore
import Foundation
import Synchronization

/// The one outcome of an authorization wait, settled by whichever source speaks first: the
/// listener, a pasted address, the timeout, or cancellation. Later answers are ignored.
final class FlowResultBox: Sendable {
    private struct State {
        var result: Result<String, OAuthError>?
        var waiter: CheckedContinuation<String, any Error>?
    }

    private let state = Mutex(State())

    /// True once an outcome is settled.
    var isFinished: Bool { state.withLock { $0.result != nil } }

    /// Settles the outcome (a code, or why there is none); only the first call counts.
    func finish(_ outcome: Result<String, OAuthError>) {
        let waiter = state.withLock { state -> CheckedContinuation<String, any Error>? in
            guard state.result == nil else { return nil }
            state.result = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: outcome.mapError { $0 as any Error })
    }

    /// Waits for the outcome: the authorization code, or the error that ended the flow. Cancelling
    /// the waiting task settles it as `.cancelled`, so the flow ends at once.
    func wait() async throws -> String {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let settled = state.withLock { state -> Result<String, OAuthError>? in
                    if state.result == nil { state.waiter = continuation }
                    return state.result
                }
                if let settled { continuation.resume(with: settled.mapError { $0 as any Error }) }
            }
        } onCancel: {
            finish(.failure(.cancelled))
        }
    }
}
