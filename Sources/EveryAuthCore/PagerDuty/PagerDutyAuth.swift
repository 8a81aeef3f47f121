import Foundation

/// A token and the way PagerDuty expects it in the `Authorization` header.
package struct PagerDutyToken: Sendable, Equatable {
    /// How the token is sent.
    package enum Scheme: Sendable, Equatable {
        /// OAuth access tokens: `Authorization: Bearer X`.
        case bearer
        /// API keys: `Authorization: Token token=X`.
        case apiKey
    }

    package var value: String
    package var scheme: Scheme

    package init(value: String, scheme: Scheme) {
        self.value = value
        self.scheme = scheme
    }

    /// A token given on the command line or in `$PAGERDUTY_TOKEN`. PagerDuty's OAuth access
    /// tokens start with `pdus+_`; everything else is treated as an API key.
    package static func guessing(_ value: String) -> PagerDutyToken {
        PagerDutyToken(value: value, scheme: value.hasPrefix("pdus+_") ? .bearer : .apiKey)
    }

    /// The token of a stored identity, sent as its kind says.
    package static func of(_ identity: Identity) -> PagerDutyToken {
        PagerDutyToken(value: identity.credential.accessToken, scheme: identity.kind == .apiKey ? .apiKey : .bearer)
    }

    /// The `Authorization` header value.
    package var headerValue: String {
        switch scheme {
        case .bearer: return "Bearer \(value)"
        case .apiKey: return "Token token=\(value)"
        }
    }
}

/// Where the token of a PagerDuty call came from (SPEC §2): a rejected token's error names it,
/// since the remedy differs (fix the token given, the variable, or authorize that user again).
package enum TokenSource: Sendable, Equatable {
    /// The caller gave it (`--token`, a library argument).
    case given
    /// An environment variable (`PAGERDUTY_TOKEN`).
    case environment(String)
    /// The stored identity of this user.
    case identity(service: String, userId: String)
}

/// The token every request uses, and the one forced refresh allowed after a 401 (SPEC §4).
/// Requests in flight that all get a 401 share that single refresh.
package actor PagerDutyAuth {
    /// Gets a new token after the API rejected `stale`; nil when the token cannot be refreshed.
    package typealias Refresh = @Sendable (_ stale: String) async throws -> PagerDutyToken

    private var token: PagerDutyToken
    private let refresh: Refresh?
    private var refreshTask: Task<PagerDutyToken, any Error>?
    /// Where the token came from: a 401 that outlives the refresh names it.
    package nonisolated let source: TokenSource

    package init(token: PagerDutyToken, source: TokenSource = .given, refresh: Refresh? = nil) {
        self.token = token
        self.refresh = refresh
        self.source = source
    }

    /// The token to send now.
    package func current() -> PagerDutyToken { token }

    /// A fresh token to retry with after a 401 answered `stale`, or nil when there is none.
    package func replacement(for stale: PagerDutyToken) async throws -> PagerDutyToken? {
        if token.value != stale.value { return token }
        if let refreshTask { return try await refreshTask.value }
        guard let refresh else { return nil }
        let task = Task { try await refresh(stale.value) }
        refreshTask = task
        let fresh = try await task.value
        token = fresh
        return fresh
    }

    /// Token and refresh for an identity: OAuth and app identities get one forced refresh on a 401.
    package static func forIdentity(_ identity: Identity, selector: IdentitySelector, refresher: TokenRefresher) -> PagerDutyAuth {
        let token = PagerDutyToken.of(identity)
        let source = TokenSource.identity(service: identity.service, userId: identity.userId)
        guard identity.kind != .apiKey else { return PagerDutyAuth(token: token, source: source) }
        return PagerDutyAuth(token: token, source: source) { stale in
            PagerDutyToken.of(try await refresher.forceRefresh(selector, staleAccessToken: stale))
        }
    }
}
