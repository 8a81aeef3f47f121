import Foundation
import Synchronization

/// Delivers `IdentityEvent`s as signed webhooks (issue 27 item 5), off the caller's path: `send`
/// only queues and returns, so a user's redirect or a token lookup never waits for a receiver.
///
/// One background task posts the events in order through the core's libcurl `HTTPClient`, each
/// signed afresh per attempt (`WebhookSignature`: the timestamp is that of the attempt, so a
/// receiver's 5-minute window holds across retries) and retried as `WebhookRetry` says. The queue
/// holds at most `capacity` events (1,000): when full, the oldest pending one is dropped with a
/// warning report. `drain(within:)` stops taking events, lets the pending ones go for a grace
/// period (5 s) and drops the rest with one report; a CLI command calls it before it exits, a
/// server at shutdown.
///
/// ```swift
/// let sender = try WebhookSender(url: url, secret: try WebhookSecret.read(path: file), http: http) { report in
///     log(report.text)
/// }
/// sender.send(IdentityEvent(.refreshed, service: .pagerduty, userId: "u1", identityId: identity.id))
/// _ = await sender.drain()
/// ```
package final class WebhookSender: Sendable {
    /// Pending events kept at most, by default.
    package static let standardCapacity = 1_000
    /// How long `drain` lets pending deliveries go on, by default.
    package static let standardGrace: TimeInterval = 5

    /// The receiver's URL, as given (https, or http to a loopback host).
    package let url: String
    /// The receiver's host (and port when one is given), the only part of the URL logs show.
    package let host: String
    /// Pending events kept at most.
    package let capacity: Int
    /// The retry schedule.
    package let retry: WebhookRetry
    private let secret: [UInt8]
    private let http: HTTPClient
    private let report: @Sendable (WebhookReport) -> Void
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (TimeInterval) async throws -> Void
    private let state = Mutex(State())

    private struct State {
        /// Events waiting, oldest first.
        var queue: [IdentityEvent] = []
        /// Started with the first event; ends when drained.
        var worker: Task<Void, Never>?
        /// The worker, waiting for an event.
        var wake: CheckedContinuation<Void, Never>?
        /// Set by `drain`: no more events are taken.
        var closed = false
        /// Events whose delivery was cut short by the end of the grace period.
        var abandoned = 0
    }

    /// A sender to `url` signing with `secret`; `InvalidInput` for a URL that breaks the endpoint
    /// rule (https, or http only to a loopback host) or an empty secret. `report` hears every
    /// attempt's outcome and every drop, on the sender's task (it must not block); `sleep` and
    /// `now` replace the clock in tests.
    package init(url: String, secret: [UInt8], http: HTTPClient, capacity: Int = WebhookSender.standardCapacity,
                 retry: WebhookRetry = WebhookRetry(), now: @escaping @Sendable () -> Date = { Date() },
                 sleep: (@Sendable (TimeInterval) async throws -> Void)? = nil,
                 report: @escaping @Sendable (WebhookReport) -> Void) throws(InvalidInput) {
        let checked = try EndpointURL.validate(url, as: .webhookURL)
        guard !secret.isEmpty else { throw InvalidInput(.webhookSecretFile, "the secret is empty") }
        self.url = url
        host = (checked.host ?? "") + (checked.port.map { ":\($0)" } ?? "")
        self.capacity = max(1, capacity)
        self.retry = retry
        self.secret = secret
        self.http = http
        self.report = report
        self.now = now
        self.sleep = sleep ?? { seconds in if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) } }
    }

    /// Queues `event` and returns at once; starts the background task with the first event.
    /// After `drain` the event is dropped (reported).
    package func send(_ event: IdentityEvent) {
        enum Taken { case queued(dropped: IdentityEvent?, wake: CheckedContinuation<Void, Never>?), closed }
        let taken = state.withLock { state -> Taken in
            guard !state.closed else { return .closed }
            let dropped = state.queue.count >= capacity ? state.queue.removeFirst() : nil
            state.queue.append(event)
            if state.worker == nil { state.worker = Task { await self.work() } }
            let wake = state.wake
            state.wake = nil
            return .queued(dropped: dropped, wake: wake)
        }
        switch taken {
        case .closed:
            report(WebhookReport(outcome: .droppedAtShutdown(count: 1), eventType: event.kind, host: host, attempt: 0,
                                 attempts: retry.maxAttempts))
        case .queued(let dropped, let wake):
            wake?.resume()
            if let dropped {
                report(WebhookReport(outcome: .droppedQueueFull(capacity: capacity), eventType: dropped.kind, host: host,
                                     attempt: 0, attempts: retry.maxAttempts))
            }
        }
    }

    /// The sink to hand a library path (`TokenRefresher`, the web routes).
    package var sink: IdentityEventSink { { [self] event in send(event) } }

    /// Events queued and not yet taken by the background task.
    package var pendingCount: Int { state.withLock { $0.queue.count } }

    /// Stops taking events, waits up to `grace` seconds for the pending ones to be delivered (or
    /// given up), then cancels what is left and reports it dropped. Returns how many were dropped.
    /// Safe to call more than once; later calls return 0 at once.
    @discardableResult
    package func drain(within grace: TimeInterval = WebhookSender.standardGrace) async -> Int {
        let (worker, wake) = state.withLock { state in
            state.closed = true
            defer { state.wake = nil }
            return (state.worker, state.wake)
        }
        wake?.resume()
        guard let worker else { return 0 }
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await worker.value; return true }
            group.addTask {
                try? await Task.sleep(for: .seconds(max(0, grace)))
                return false
            }
            let first = await group.next() ?? true
            // The worker is not a child: cancel it, or the group would wait for its backoff.
            if !first { worker.cancel() }
            group.cancelAll()
            return first
        }
        let dropped = state.withLock { state in
            defer { state.queue.removeAll(); state.abandoned = 0 }
            return finished ? 0 : state.queue.count + state.abandoned
        }
        if dropped > 0 {
            report(WebhookReport(outcome: .droppedAtShutdown(count: dropped), eventType: nil, host: host, attempt: 0,
                                 attempts: retry.maxAttempts))
        }
        return dropped
    }

    // MARK: - The background task

    private func work() async {
        while let event = await next() {
            if await !deliver(event) {
                state.withLock { $0.abandoned += 1 }
                return
            }
        }
    }

    /// The next event, waiting for one; nil once drained and empty, or cancelled.
    private func next() async -> IdentityEvent? {
        while !Task.isCancelled {
            enum Step { case event(IdentityEvent), finished, wait }
            let step = state.withLock { state -> Step in
                if !state.queue.isEmpty { return .event(state.queue.removeFirst()) }
                return state.closed ? .finished : .wait
            }
            switch step {
            case .event(let event): return event
            case .finished: return nil
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state -> Bool in
                        if !state.queue.isEmpty || state.closed { return true }
                        state.wake = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            }
        }
        return nil
    }

    /// Posts `event` until delivered, refused or out of attempts; false when cancelled midway.
    private func deliver(_ event: IdentityEvent) async -> Bool {
        let body = event.body
        let attempts = max(1, retry.maxAttempts)
        func note(_ outcome: WebhookReport.Outcome, status: Int?, failure: String?, attempt: Int) {
            report(WebhookReport(outcome: outcome, eventType: event.kind, host: host, status: status, failure: failure,
                                 attempt: attempt, attempts: attempts))
        }
        for attempt in 1...attempts {
            let timestamp = Int(now().timeIntervalSince1970.rounded(.down))
            let request = HTTPClient.Request(method: "POST", url: url, headers: [
                HTTPHeader("Content-Type", "application/json"),
                HTTPHeader(WebhookSignature.timestampHeader, String(timestamp)),
                HTTPHeader(WebhookSignature.eventIdHeader, event.id),
                HTTPHeader(WebhookSignature.signatureHeader, WebhookSignature.sign(secret: secret, timestamp: timestamp, body: body)),
            ], body: Data(body))
            var status: Int?
            var failure: String?
            var retryAfter: TimeInterval?
            do {
                let response = try await http.sendOnce(request)
                status = response.status
                switch WebhookRetry.verdict(status: response.status) {
                case .delivered:
                    note(.delivered, status: status, failure: nil, attempt: attempt)
                    return true
                case .refused:
                    note(.gaveUp, status: status, failure: nil, attempt: attempt)
                    return true
                case .retry:
                    retryAfter = WebhookRetry.retryAfter(response)
                }
            } catch is CancellationError {
                return false
            } catch let error as TransferError {
                failure = Self.shortReason(error)
            } catch {
                // libcurl missing, or a URL refused at use: no later attempt can do better.
                note(.gaveUp, status: nil, failure: (error as? LocalizedError)?.errorDescription ?? "\(error)", attempt: attempt)
                return true
            }
            guard attempt < attempts else {
                note(.gaveUp, status: status, failure: failure, attempt: attempt)
                return true
            }
            let wait = retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
            note(.retrying(after: wait), status: status, failure: failure, attempt: attempt)
            do {
                try await sleep(wait)
            } catch {
                return false
            }
            if Task.isCancelled { return false }
        }
        return true
    }

    /// A transfer failure in a few words, without the URL (logs show only the host).
    private static func shortReason(_ error: TransferError) -> String {
        switch error {
        case .transport(_, _, let reason): return ServerText.forMessage(reason, maxLength: 120)
        case .timedOut, .timedOutAfterRetries: return "timed out"
        case .bodyTooLarge: return "answer too large"
        case .invalidURL: return "invalid URL"
        case .retriesExhausted(_, _, let status, _, _): return "HTTP \(status)"
        }
    }
}
