import Foundation

/// When a webhook is tried again: on a network failure, a 5xx or a 429, up to `maxAttempts` in
/// all, waiting 1 s, 2 s, 4 s, 8 s (each with jitter: between half and all of it), or what a 429
/// or 503 asks for in `Retry-After` when that is at most `maxServerDelay`. A 2xx is delivered;
/// any other status is a refusal that no retry will change, given up at once.
package struct WebhookRetry: Sendable, Equatable {
    /// Attempts in all, the first included.
    package var maxAttempts = 5
    /// The wait after the first attempt; it doubles after each one.
    package var baseDelay: TimeInterval = 1
    /// The longest `Retry-After` honoured; a longer one gets the schedule's own wait, since an
    /// in-memory queue cannot hold an event for long.
    package var maxServerDelay: TimeInterval = 30

    /// The standard schedule: 5 attempts, 1 s doubling, `Retry-After` up to 30 s.
    package init(maxAttempts: Int = 5, baseDelay: TimeInterval = 1, maxServerDelay: TimeInterval = 30) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxServerDelay = maxServerDelay
    }

    /// What to do with an answer.
    package enum Verdict: Sendable, Equatable {
        case delivered, retry, refused
    }

    /// 2xx delivered; 429 and 5xx retried; anything else refused.
    package static func verdict(status: Int) -> Verdict {
        switch status {
        case 200...299: return .delivered
        case 429, 500...599: return .retry
        default: return .refused
        }
    }

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1) without jitter: 1, 2, 4, 8 s.
    package func nominalDelay(afterAttempt attempt: Int) -> TimeInterval {
        baseDelay * pow(2, Double(min(max(attempt - 1, 0), 20)))
    }

    /// The wait before attempt `attempt + 1`: `Retry-After` when given and small enough, else the
    /// nominal delay scaled by `jitter` (0...1) into its upper half, so that many senders that
    /// failed together do not come back together, yet none comes back sooner than half the wait.
    package func delay(afterAttempt attempt: Int, retryAfter: TimeInterval? = nil,
                       jitter: Double = Double.random(in: 0...1)) -> TimeInterval {
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0, retryAfter <= maxServerDelay { return retryAfter }
        return nominalDelay(afterAttempt: attempt) * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    /// The `Retry-After` of a response, in seconds (a number or an HTTP date); nil when absent.
    package static func retryAfter(_ response: HTTPClient.Response, now: Date = Date()) -> TimeInterval? {
        guard let text = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = TimeInterval(text) { return seconds }
        return HTTPClient.httpDate(text).map { max(0, $0.timeIntervalSince(now)) }
    }
}
