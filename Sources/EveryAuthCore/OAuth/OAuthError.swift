import Foundation

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
            return "authorization was not granted: \(ServerText.safe(description ?? error)) (\(ServerText.safe(error)))"
        case .timedOut(let seconds):
            return "no authorization arrived within \(seconds) s"
        case .cancelled:
            return "authorization cancelled"
        case .portInUse(let port):
            return "cannot listen on 127.0.0.1:\(port): the port is in use"
        case .callbackRejected(let reason):
            return "that address is not the callback this flow expects: \(ServerText.safe(reason))"
        case .tokenEndpoint(let status, let error, let description):
            return "the token endpoint refused the request (HTTP \(status)): \(ServerText.safe(error))"
                + (description.map { ": \(ServerText.safe($0))" } ?? "")
        case .malformedTokenResponse(let reason):
            return "the token endpoint's answer is not a valid token response: \(reason)"
        case .refreshRejected(let service, let userId, let description):
            return "the refresh token of \(service) user '\(userId)' was rejected" + (description.map { " (\(ServerText.safe($0)))" } ?? "")
                + "; the user must authorize again"
        case .notRefreshable(let service, let userId):
            return "the \(service) token of user '\(userId)' has expired and cannot be refreshed; the user must authorize again"
        case .unauthorized(let service, let userId):
            return "\(service) rejected the credential of user '\(userId)'; the user must authorize again"
        case .identityNeeded(let service, let userId):
            return "no \(service) credential for user '\(userId)'; the user must authorize first"
        }
    }
}
