import Foundation
import Synchronization

/// Settings shared by every request of one `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// Sent as `User-Agent` with every request.
    public var userAgent = "everyauth/\(EveryAuthVersion.current)"
    /// Time allowed to establish a connection (TCP + TLS) in one attempt.
    public var connectTimeout: TimeInterval = 10
    /// Whole-transfer timeout of one attempt.
    public var requestTimeout: TimeInterval = 60
    /// Extra CA bundle (`$EVERYAUTH_CA_BUNDLE`), PEM. It is added to the system's trusted CAs where
    /// libcurl's default CA directory or bundle file can be found; otherwise it replaces them.
    public var caBundlePath: String?
    /// Transfers in flight at once.
    public var maxConcurrentTransfers = 8
    /// How failed or rate-limited requests are retried.
    package var retry = RetryPolicy()
    /// Bodies larger than this are refused.
    public var maxResponseBytes = 64 << 20
    /// Receives one redacted line per request for `--verbose`.
    public var trace: (@Sendable (String) -> Void)?

    /// Defaults: 10 s connect, 60 s per attempt, 8 transfers at once, 64 MiB bodies, no trace.
    public init() {}

    /// Defaults plus what the environment sets (`EVERYAUTH_CA_BUNDLE`).
    public static func fromEnvironment(_ environment: [String: String], trace: (@Sendable (String) -> Void)? = nil) -> HTTPClientConfiguration {
        var configuration = HTTPClientConfiguration()
        if let bundle = environment["EVERYAUTH_CA_BUNDLE"], !bundle.isEmpty { configuration.caBundlePath = bundle }
        configuration.trace = trace
        return configuration
    }
}

/// When and how long to wait before trying a request again.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var maxAttempts = 5
    /// First backoff delay; doubles each attempt, with full jitter.
    package var baseDelay: TimeInterval = 0.5
    /// Longest backoff delay.
    package var maxDelay: TimeInterval = 30
    /// Longest wait a server may ask for (`ratelimit-reset`, `Retry-After`), so a hostile header cannot hang us.
    package var maxServerDelay: TimeInterval = 120

    /// A policy; the defaults suit PagerDuty's rate limits.
    package init(maxAttempts: Int = 5, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 30, maxServerDelay: TimeInterval = 120) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay
    }

    /// Full-jitter exponential backoff before attempt `attempt + 1` (`attempt` counts from 0).
    package func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(min(attempt, 30))))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }
}

/// The libcurl HTTP client (SPEC.md §4): keep-alive connections, timeouts, TLS verification, retries
/// of 429, 5xx and connection failures, and a redacted trace.
///
/// Transfers run on a pool of up to `maxConcurrentTransfers` worker threads, each owning one reusable
/// libcurl handle; `send` suspends without blocking Swift's cooperative pool.
public final class HTTPClient: Sendable {
    /// The settings every request uses.
    public let configuration: HTTPClientConfiguration
    private let pool: TransferPool
    /// Read on the first transfer, not when the client is made: a command that never sends (an
    /// `identity token` whose token is fresh) neither reads bundles nor initializes libcurl.
    private let trustCache = Mutex<CATrust?>(nil)
    private let sleeper: @Sendable (TimeInterval) async throws -> Void

    /// A client; `sleep` replaces the wait between attempts (tests), defaulting to `Task.sleep`.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
                sleep: (@Sendable (TimeInterval) async throws -> Void)? = nil) {
        self.configuration = configuration
        pool = TransferPool(limit: max(1, configuration.maxConcurrentTransfers))
        sleeper = sleep ?? { seconds in
            if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
        }
    }

    /// A client with the same settings that tries each request once (best-effort lookups).
    public func singleAttempt() -> HTTPClient {
        var configuration = configuration
        configuration.retry.maxAttempts = 1
        return HTTPClient(configuration: configuration, sleep: sleeper)
    }

    /// Loads and initializes libcurl (dlopen, `curl_global_init`) now; otherwise it happens before the
    /// first transfer. Returns false when libcurl could not be loaded or initialized.
    @discardableResult
    public static func initializeLibrary() -> Bool {
        CurlEasy.libraryInitialized
    }

    /// Sends `request`, retrying as the policy allows; returns any final status (4xx included).
    /// Throws `TransferError.retriesExhausted` when a 429 or retryable 5xx persists, and the last transport
    /// error when the connection keeps failing.
    public func send(_ request: HTTPClient.Request) async throws -> HTTPClient.Response {
        try EndpointURL.checkBeforeUse(request.url, setting: nil)
        let retry = configuration.retry
        let attempts = max(1, retry.maxAttempts)
        // Redacting parses the query: done only for a trace or an error, not for every request.
        var safeURL: String { Redaction.url(request.url) }
        let firstStarted = ContinuousClock.now
        var attempt = 0
        while true {
            try Task.checkCancellation()
            traceRequest(request)
            let started = ContinuousClock.now
            let outcome = await transfer(request)
            let elapsedMS = Int(((ContinuousClock.now - started) / .milliseconds(1)).rounded())
            let wait: TimeInterval
            let reason: String
            switch outcome {
            case .cancelled:
                trace("! \(request.method) \(safeURL) cancelled (\(elapsedMS) ms)")
                throw CancellationError()
            case .libcurlUnavailable(let error):
                throw error
            case .failure(let error, let retryable):
                trace("! \(request.method) \(safeURL) failed (\(elapsedMS) ms)")
                // `retryable` already weighs the request: a POST only when nothing of it was sent.
                guard retryable, attempt + 1 < attempts else {
                    if case .timedOut(let method, let url, let seconds) = error, attempt > 0 {
                        // Name both limits: "after 2 s" alone reads wrong when five attempts took 15 s.
                        let total = (ContinuousClock.now - firstStarted) / .seconds(1)
                        throw TransferError.timedOutAfterRetries(method: method, url: url, attempts: attempt + 1,
                                                             perAttempt: seconds, total: total)
                    }
                    throw error
                }
                wait = retry.backoff(afterAttempt: attempt)
                reason = Self.shortReason(error)
            case .response(let response):
                trace("< \(response.status) \(request.method) \(safeURL) (\(elapsedMS) ms, \(response.body.count) bytes)")
                let rateLimited = response.status == 429
                let serverError = response.status >= 500 && response.status <= 599
                guard rateLimited || (serverError && request.retryOnFailure) else { return response }
                guard attempt + 1 < attempts else {
                    throw TransferError.retriesExhausted(method: request.method, url: safeURL, status: response.status,
                                                     attempts: attempt + 1, detail: ErrorDetail.from(response, secrets: Self.secrets(of: request)))
                }
                wait = Self.serverDelay(response, policy: retry) ?? retry.backoff(afterAttempt: attempt)
                reason = "HTTP \(response.status)"
            }
            attempt += 1
            trace("* retrying in \(String(format: "%.1f", wait)) s (\(reason), attempt \(attempt + 1) of \(attempts))")
            try await sleeper(wait)
        }
    }

    /// Sends `request` once, without this client's retries, and returns whatever status came back
    /// (429 and 5xx included): for a caller with a retry schedule of its own (webhook delivery).
    /// A failed transfer throws its `TransferError`; cancellation throws `CancellationError`.
    package func sendOnce(_ request: HTTPClient.Request) async throws -> HTTPClient.Response {
        try EndpointURL.checkBeforeUse(request.url, setting: nil)
        traceRequest(request)
        switch await transfer(request) {
        case .cancelled: throw CancellationError()
        case .libcurlUnavailable(let error): throw error
        case .failure(let error, _): throw error
        case .response(let response):
            trace("< \(response.status) \(request.method) \(Redaction.url(request.url)) (\(response.body.count) bytes)")
            return response
        }
    }

    /// Runs one attempt on a worker thread; cancelling the task aborts the transfer.
    private func transfer(_ request: HTTPClient.Request) async -> TransferOutcome {
        let flag = CancellationFlag()
        let configuration = configuration
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<TransferOutcome, Never>) in
                pool.submit { [self] easy in
                    let outcome: TransferOutcome
                    if let easy {
                        // On the worker thread: the first transfer reads the bundle, off Swift's pool.
                        outcome = easy.perform(request, configuration: configuration, trust: trust, cancellation: flag)
                    } else {
                        if let unavailable = Libcurl.unavailable {
                            outcome = .libcurlUnavailable(unavailable)
                        } else {
                            outcome = .failure(.transport(method: request.method, url: Redaction.url(request.url),
                                                          reason: "libcurl gave no handle (curl_easy_init failed)"), retryable: false)
                        }
                    }
                    return { continuation.resume(returning: outcome) }
                }
            }
        } onCancel: {
            flag.cancel()
        }
    }

    /// The extra CA bundle's trust, read once.
    private var trust: CATrust? {
        guard let path = configuration.caBundlePath else { return nil }
        return trustCache.withLock { cached in
            if let cached { return cached }
            let trust = CATrust(extraPath: path)
            cached = trust
            return trust
        }
    }

    /// The secret values a request carries (URL, secret form fields, credentials in headers), to
    /// be masked wherever a server could echo them back into a message.
    static func secrets(of request: HTTPClient.Request) -> [String] {
        var secrets = [request.url]
        if let body = request.body {
            let text = String(decoding: body, as: UTF8.self)
            secrets += FormEncoding.decode(text).filter { Redaction.secretFieldNames.contains($0.0.lowercased()) }.map(\.1)
        }
        for header in request.headers where Redaction.secretHeaderNames.contains(header.name.lowercased()) {
            secrets.append(header.value)
            // The token alone too (`Bearer X`, `Token token=X`), as a server may echo just that.
            if let last = header.value.split(whereSeparator: { $0 == " " || $0 == "=" }).last { secrets.append(String(last)) }
        }
        // A value this short is no secret, and masking it would garble the whole message.
        return secrets.filter { $0.count >= 4 }
    }

    /// The wait a 429/5xx answer asks for (`ratelimit-reset` seconds, else `Retry-After`), capped.
    static func serverDelay(_ response: HTTPClient.Response, policy: RetryPolicy, now: Date = Date()) -> TimeInterval? {
        var seconds: TimeInterval?
        if let reset = response.header("ratelimit-reset").flatMap({ TimeInterval($0.trimmingCharacters(in: .whitespaces)) }) {
            seconds = reset
        } else if let retryAfter = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces) {
            if let value = TimeInterval(retryAfter) {
                seconds = value
            } else if let date = httpDate(retryAfter) {
                seconds = date.timeIntervalSince(now)
            }
        }
        guard let seconds, seconds.isFinite else { return nil }
        return min(max(0, seconds), policy.maxServerDelay)
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    private static func shortReason(_ error: TransferError) -> String {
        switch error {
        case .timedOut: return "timed out"
        case .transport(_, _, let reason): return reason
        default: return error.localizedDescription
        }
    }

    private func trace(_ line: @autoclosure () -> String) {
        configuration.trace?(line())
    }

    private func traceRequest(_ request: HTTPClient.Request) {
        guard configuration.trace != nil else { return }
        trace("> \(request.method) \(Redaction.url(request.url))")
        for header in request.headers {
            trace(">   \(header.name): \(Redaction.headerValue(name: header.name, value: header.value))")
        }
        if let body = request.body, !body.isEmpty {
            // Redact the whole body before shortening it, so a cut cannot expose part of a secret.
            let text = Redaction.body(String(decoding: body, as: UTF8.self))
            trace(">   body (\(body.count) bytes): \(text.prefix(2048))")
        }
    }
}
