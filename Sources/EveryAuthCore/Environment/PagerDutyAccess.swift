import Foundation

/// How a PagerDuty call finds its address and its token (SPEC §2): the service's `apiUrl`, and
/// the token given, else the stored identity the caller selected (a user id, an identity id or
/// tags), else `$PAGERDUTY_TOKEN`, else the identity of the default user id: what the caller said
/// beats the environment, which beats stored defaults. Stored identities are refreshed when near
/// expiry, with one forced refresh after a 401. The CLI and the library both come here.
package struct PagerDutyAccess: Sendable {
    /// The API base URL, checked against the scheme rule of `service set`.
    package let baseURL: String
    /// The token and its refresh.
    package let auth: PagerDutyAuth
    /// The identity the token belongs to; nil when it was given or came from `$PAGERDUTY_TOKEN`.
    package let identity: Identity?
    /// Where the token came from.
    package var source: TokenSource { auth.source }

    /// Resolves address and token: `token` given, else `selection` (an explicit choice of stored
    /// identity; nil or empty when none was made), else `$PAGERDUTY_TOKEN`, else the default user's.
    /// `events` hears the stored identity's refreshes (webhooks).
    package static func resolve(
        token: String?, selection: IdentityChoice?, store: any Store, http: HTTPClient, environment: EveryAuthEnvironment,
        events: IdentityEventSink? = nil
    ) async throws -> PagerDutyAccess {
        let baseURL = try await store.serviceSettings(ServiceKind.pagerduty.rawValue)
            .map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl } ?? PagerDutyClient.defaultBaseURL
        try EndpointURL.validate(baseURL, as: .setting(.apiUrl))
        let explicit = selection.flatMap { $0.isExplicit ? $0 : nil }
        if let token {
            if explicit != nil {
                throw InvalidInput(.selection(.tokenAndUserId), "a token and a stored identity both say which credential to use; give one of them")
            }
            return PagerDutyAccess(baseURL: baseURL, auth: PagerDutyAuth(token: .guessing(try TokenText.validate(token)), source: .given), identity: nil)
        }
        if explicit == nil, let token = environment["PAGERDUTY_TOKEN"] {
            let checked = try TokenText.validate(token, from: .environment("PAGERDUTY_TOKEN"))
            return PagerDutyAccess(baseURL: baseURL, auth: PagerDutyAuth(token: .guessing(checked), source: .environment("PAGERDUTY_TOKEN")),
                                   identity: nil)
        }
        let choice = explicit ?? IdentityChoice(service: .pagerduty)
        let selector = try await choice.selector(in: store, environment: environment)
        var refresher = TokenRefresher(store: store, http: http)
        refresher.onEvent = events
        let identity: Identity
        do {
            identity = try await refresher.identity(selector)
        } catch LookupError.identityNotFound {
            // SPEC §5: for a command that calls the API, a missing identity means "authorize first".
            throw OAuthError.identityNeeded(service: selector.service.rawValue, userId: selector.userId ?? "")
        }
        return PagerDutyAccess(baseURL: baseURL, auth: PagerDutyAuth.forIdentity(identity, selector: selector, refresher: refresher),
                               identity: identity)
    }

    /// A client for this address and token.
    package func client(http: HTTPClient) -> PagerDutyClient {
        PagerDutyClient(baseURL: baseURL, http: http, auth: auth)
    }
}
