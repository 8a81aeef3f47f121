import Synchronization

/// How one transfer attempt ended, as seen by the retry logic.
enum TransferOutcome: Sendable {
    /// The server answered (any status).
    case response(HTTPClient.Response)
    /// libcurl failed; `retryable` says whether trying again may help (connection trouble, timeouts).
    case failure(TransferError, retryable: Bool)
    /// The calling task was cancelled during the transfer.
    case cancelled
    /// libcurl could not be loaded: no request can be sent until it is installed (not retried).
    case libcurlUnavailable(LibcurlUnavailable)
}

/// Set from any thread to abort a running transfer at libcurl's next progress callback.
final class CancellationFlag: Sendable {
    private let cancelled = Mutex(false)

    /// Whether `cancel()` was called.
    var isCancelled: Bool { cancelled.withLock { $0 } }

    /// Marks the transfer as no longer wanted.
    func cancel() { cancelled.withLock { $0 = true } }
}

/// A libcurl option that libcurl refused, named, with libcurl's own reason (`curl_easy_strerror`).
struct CurlOptionError: Error, Equatable {
    /// The option's libcurl name, e.g. `CURLOPT_MAXFILESIZE_LARGE`.
    let option: String
    /// libcurl's message for the code it returned.
    let reason: String

    /// The one line a user sees: which option, and why.
    var message: String { "libcurl refused \(option): \(reason)" }
}
