import Foundation

/// Settings shared by every request of one `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    public var userAgent = "everyauth/\(EveryAuthVersion.current)"
    public var connectTimeout: TimeInterval = 10
    /// Whole-transfer timeout of one attempt.
    public var requestTimeout: TimeInterval = 60
    /// Extra CA bundle (`$EVERYAUTH_CA_BUNDLE`).
    public var caBundlePath: String?
    /// Transfers in flight at once.
    public var maxConcurrentTransfers = 8
    public var retry = RetryPolicy()
    /// Bodies larger than this are refused.
    public var maxResponseBytes = 64 << 20
    /// Receives one redacted line per request for `--verbose`.
    public var trace: (@Sendable (String) -> Void)?

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
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts = 5
    /// First backoff delay; doubles each attempt, with jitter.
    public var baseDelay: TimeInterval = 0.5
    public var maxDelay: TimeInterval = 30

    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 30) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }
}

/// The libcurl HTTP client (SPEC.md §4). PLACEHOLDER: the HTTP helper replaces this file.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    /// Sends `request`, retrying as the policy allows; returns any final status (4xx included).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw HTTPError.transport(method: request.method, url: request.url, reason: "placeholder")
    }
}
