import Foundation

/// A transfer failed or the server answered with an error status after retries (exit 5).
public enum TransferError: LocalizedError, Sendable, Equatable {
    /// The URL cannot be used.
    case invalidURL(String)
    /// libcurl could not complete the transfer (connection refused, DNS, TLS, reset...).
    case transport(method: String, url: String, reason: String)
    /// The transfer took longer than the configured timeout.
    case timedOut(method: String, url: String, seconds: Double)
    /// The server kept answering with a retryable status until the attempts ran out.
    case retriesExhausted(method: String, url: String, status: Int, attempts: Int, detail: String?)
    /// The response body was larger than the client accepts.
    case bodyTooLarge(url: String, limit: Int)
    /// Every attempt timed out: `perAttempt` is the limit of one, `total` the time spent in all (backoff included).
    case timedOutAfterRetries(method: String, url: String, attempts: Int, perAttempt: Double, total: Double)

    public var errorDescription: String? {
        switch self {
        case .invalidURL(let url):
            return "invalid URL '\(url)'"
        case .transport(let method, let url, let reason):
            return "\(method) \(url) failed: \(ServerText.safe(reason))"
        case .timedOut(let method, let url, let seconds):
            return "\(method) \(url) timed out after \(Self.seconds(seconds)) s"
        case .retriesExhausted(let method, let url, let status, let attempts, let detail):
            return "\(method) \(url) answered HTTP \(status) \(attempts) times; giving up" + (detail.map { ": \(ServerText.safe($0))" } ?? "")
        case .bodyTooLarge(let url, let limit):
            return "the response from \(url) is larger than \(limit / 1_048_576) MiB; refusing it"
        case .timedOutAfterRetries(let method, let url, let attempts, let perAttempt, let total):
            return "\(method) \(url) timed out \(attempts) times (\(Self.seconds(perAttempt)) s per attempt, "
                + "\(Self.seconds(total)) s in all); giving up"
        }
    }

    /// Whole seconds without a fraction, else one decimal (a 0.5 s timeout is not "0 s").
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
