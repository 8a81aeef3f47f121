import Foundation

/// What happened to one webhook delivery, for a log: the event's type, the receiver's host, the
/// status and the attempt. Never the secret, the signature, the body or the URL's path and query.
package struct WebhookReport: Sendable, Equatable {
    /// How a delivery went.
    package enum Outcome: Sendable, Equatable {
        /// The receiver answered 2xx.
        case delivered
        /// The attempt failed (5xx, 429 or the network) and another follows after `after` seconds.
        case retrying(after: TimeInterval)
        /// No further attempt: a 4xx other than 429, the attempts ran out, or nothing can be sent.
        case gaveUp
        /// The queue was full (`capacity` pending), so this event, the oldest, was dropped unsent.
        case droppedQueueFull(capacity: Int)
        /// The sender stopped with `count` events still pending after its grace period.
        case droppedAtShutdown(count: Int)
    }

    /// How it went.
    package var outcome: Outcome
    /// The event's type; nil for `droppedAtShutdown`, which counts events of any type.
    package var eventType: IdentityEvent.Kind?
    /// The receiver's host (and port, when not the scheme's).
    package var host: String
    /// The receiver's status, when it answered.
    package var status: Int?
    /// Why the transfer failed, when it did (connection refused, timed out...).
    package var failure: String?
    /// Which attempt (from 1); 0 when none was made.
    package var attempt: Int
    /// Attempts allowed in all.
    package var attempts: Int

    /// Anything other than a delivery or a scheduled retry deserves a warning.
    package var isWarning: Bool {
        switch outcome {
        case .delivered, .retrying: return false
        case .gaveUp, .droppedQueueFull, .droppedAtShutdown: return true
        }
    }

    /// One sentence for a person: `webhook refresh_failed to hooks.example.com: HTTP 500 on
    /// attempt 1 of 5; retrying in 1.4 s`.
    package var text: String {
        let what = "webhook" + (eventType.map { " \($0.rawValue)" } ?? "") + " to \(host)"
        let answer = status.map { "HTTP \($0)" } ?? failure.map { ServerText.safe($0) } ?? "not sent"
        switch outcome {
        case .delivered:
            return "\(what): delivered (\(answer), attempt \(attempt) of \(attempts))"
        case .retrying(let after):
            return "\(what): \(answer) on attempt \(attempt) of \(attempts); retrying in \(String(format: "%.1f", after)) s"
        case .gaveUp:
            return "\(what): \(answer) on attempt \(attempt) of \(attempts); giving up, the event is lost"
        case .droppedQueueFull(let capacity):
            return "\(what): \(capacity) events were already waiting; dropped the oldest unsent"
        case .droppedAtShutdown(let count):
            return "webhooks to \(host): \(count) event\(count == 1 ? "" : "s") still pending at shutdown; dropped unsent"
        }
    }

    /// The outcome as one word for a logfmt line (`delivered`, `retrying`, `gave_up`, `dropped`).
    package var outcomeName: String {
        switch outcome {
        case .delivered: return "delivered"
        case .retrying: return "retrying"
        case .gaveUp: return "gave_up"
        case .droppedQueueFull: return "dropped_queue_full"
        case .droppedAtShutdown: return "dropped_at_shutdown"
        }
    }
}
