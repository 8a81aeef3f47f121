import Foundation

/// A value the user gave is wrong: bad flag value, bad URL, bad combination (exit 64).
public struct UsageError: LocalizedError, Sendable, Equatable {
    /// What was wrong and what to do, in one line.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var errorDescription: String? { message }
}

/// Something the command names does not exist (exit 2).
public enum LookupError: LocalizedError, Sendable, Equatable {
    /// The service name is not one everyauth knows.
    case unknownService(String)
    /// `everyauth service set` was never run for this service.
    case serviceNotConfigured(String)
    /// No identity matches the selection.
    case identityNotFound(service: String, userId: String?, id: String?)
    /// PagerDuty has no incident with this id (or the token may not see it).
    case incidentNotFound(String)

    public var errorDescription: String? {
        switch self {
        case .unknownService(let name):
            return "unknown service '\(name)'; supported services: \(ServiceKind.allCases.map(\.rawValue).joined(separator: ", "))"
        case .serviceNotConfigured(let name):
            return "service '\(name)' is not configured; run 'everyauth service set \(name) --clientId ID' first"
        case .identityNotFound(let service, let userId, let id):
            if let id {
                return "no \(service) identity with id '\(id)'; run 'everyauth identity ls' to see what is stored"
            }
            let user = userId ?? ""
            return "no \(service) identity for user '\(user)'; run 'everyauth authorize \(service) --user-id \(user)' first"
        case .incidentNotFound(let id):
            return "no incident with id '\(id)' (PagerDuty answered 404); check the id with 'everyauth incidents list'"
        }
    }
}

/// The credential store could not be read or written (exit 1).
public enum StoreError: LocalizedError, Sendable, Equatable {
    /// The file exists but is not a store this version understands; it is left untouched.
    case corrupt(path: String, reason: String)
    /// The file was written by a newer everyauth.
    case unsupportedVersion(path: String, version: Int)
    /// Another process held the lock for too long.
    case lockTimeout(path: String, seconds: Double)
    /// A file-system call failed.
    case io(path: String, operation: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .corrupt(let path, let reason):
            return "\(path) is not a valid everyauth store (\(reason)); it was left untouched: fix or move it away and try again"
        case .unsupportedVersion(let path, let version):
            return "\(path) has store version \(version), which this everyauth does not understand; it was left untouched: upgrade everyauth"
        case .lockTimeout(let path, let seconds):
            return "another everyauth process has held \(path) for over \(Self.format(seconds)) s; try again, or stop the other process"
        case .io(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

/// A transfer failed or the server answered with an error status after retries (exit 5).
public enum HTTPError: LocalizedError, Sendable, Equatable {
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

    public var errorDescription: String? {
        switch self {
        case .invalidURL(let url):
            return "invalid URL '\(url)'"
        case .transport(let method, let url, let reason):
            return "\(method) \(url) failed: \(reason)"
        case .timedOut(let method, let url, let seconds):
            return "\(method) \(url) timed out after \(Int(seconds)) s"
        case .retriesExhausted(let method, let url, let status, let attempts, let detail):
            return "\(method) \(url) answered HTTP \(status) \(attempts) times; giving up" + (detail.map { ": \($0)" } ?? "")
        case .bodyTooLarge(let url, let limit):
            return "the response from \(url) is larger than \(limit / 1_048_576) MiB; refusing it"
        }
    }
}

/// The OAuth flow or a token request did not succeed.
public enum OAuthError: LocalizedError, Sendable, Equatable {
    /// The user or the server refused authorization (exit 4).
    case denied(error: String, description: String?)
    /// Nobody completed the flow in time (exit 4).
    case timedOut(seconds: Int)
    /// The user interrupted the flow (exit 4).
    case cancelled
    /// The loopback port could not be bound (exit 4).
    case portInUse(port: Int)
    /// A pasted callback address was not acceptable (exit 4 once the flow gives up).
    case callbackRejected(reason: String)
    /// The token endpoint refused the request with an OAuth error body (exit 5).
    case tokenEndpoint(status: Int, error: String, description: String?)
    /// The token endpoint answered something that is not a token response (exit 5).
    case malformedTokenResponse(reason: String)
    /// The refresh token was rejected; the identity is marked `refresh_error` (exit 3).
    case refreshRejected(service: String, userId: String, description: String?)
    /// The access token has expired and there is no refresh token (exit 3).
    case notRefreshable(service: String, userId: String)
    /// The API rejected the credential even after a refresh (exit 3).
    case unauthorized(service: String, userId: String)
    /// An API call needs a credential and the user has none stored (exit 3).
    case identityNeeded(service: String, userId: String)

    public var errorDescription: String? {
        switch self {
        case .denied(let error, let description):
            return "authorization was not granted: \(description ?? error) (\(error))"
        case .timedOut(let seconds):
            return "no authorization arrived within \(seconds) s; run the command again (raise --timeout if you need longer)"
        case .cancelled:
            return "authorization cancelled"
        case .portInUse(let port):
            return "cannot listen on 127.0.0.1:\(port): the port is in use; pick another with --port or 'everyauth service set pagerduty --redirectPort N'"
        case .callbackRejected(let reason):
            return "that address is not the callback this flow expects: \(reason)"
        case .tokenEndpoint(let status, let error, let description):
            return "the token endpoint refused the request (HTTP \(status)): \(error)" + (description.map { ": \($0)" } ?? "")
        case .malformedTokenResponse(let reason):
            return "the token endpoint's answer is not a valid token response: \(reason)"
        case .refreshRejected(let service, let userId, let description):
            return "the refresh token of \(service) user '\(userId)' was rejected" + (description.map { " (\($0))" } ?? "")
                + "; run 'everyauth authorize \(service) --user-id \(userId)' again"
        case .notRefreshable(let service, let userId):
            return "the \(service) token of user '\(userId)' has expired and cannot be refreshed; run 'everyauth authorize \(service) --user-id \(userId)' again"
        case .unauthorized(let service, let userId):
            return "\(service) rejected the credential of user '\(userId)'; run 'everyauth authorize \(service) --user-id \(userId)' again"
        case .identityNeeded(let service, let userId):
            return "no \(service) credential for user '\(userId)'; run 'everyauth authorize \(service) --user-id \(userId)', or pass --token or set PAGERDUTY_TOKEN"
        }
    }
}

/// The PagerDuty REST API refused a request.
public enum PagerDutyError: LocalizedError, Sendable, Equatable {
    /// 401: the token is not valid (exit 3).
    case unauthorized(message: String)
    /// 403: the token lacks a scope or permission (exit 3).
    case forbidden(message: String)
    /// Any other error answer, with PagerDuty's error body when present (exit 5).
    case api(status: Int, code: Int?, message: String, errors: [String])
    /// A success answer whose body is not what the API describes (exit 5).
    case malformedResponse(reason: String)

    public var errorDescription: String? {
        switch self {
        case .unauthorized(let message):
            return "PagerDuty rejected the token (HTTP 401): \(message); run 'everyauth authorize pagerduty' or check the token"
        case .forbidden(let message):
            return "PagerDuty refused access (HTTP 403): \(message); the token lacks the scope or permission needed"
        case .api(let status, let code, let message, let errors):
            var text = "PagerDuty answered HTTP \(status): "
            if let code { text += "\(code): " }
            text += message
            if !errors.isEmpty { text += " (\(errors.joined(separator: "; ")))" }
            return text
        case .malformedResponse(let reason):
            return "PagerDuty's answer could not be read: \(reason)"
        }
    }
}
