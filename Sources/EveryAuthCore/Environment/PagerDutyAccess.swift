import Foundation

/// How a PagerDuty call finds its address and its token (SPEC §2): the service's `apiUrl`, and
/// `--token`, else `$PAGERDUTY_TOKEN`, else the stored identity of the user id (refreshed when
/// near expiry, with one forced refresh after a 401). The CLI and the library both come here.
public struct PagerDutyAccess: Sendable {
    /// The API base URL, checked against the scheme rule of `service set`.
    public let baseURL: String
    /// The token and its refresh.
    public let auth: PagerDutyAuth
    /// The identity the token belongs to; nil when it came from `--token` or `$PAGERDUTY_TOKEN`.
    public let identity: Identity?

    /// Resolves address and token. `token` is `--token`; `userId` is `--user-id`.
    public static func resolve(
        token: String?, userId: String?, store: any Store, http: HTTPClient, environment: EveryAuthEnvironment
    ) async throws -> PagerDutyAccess {
        let baseURL = try await store.serviceSettings(ServiceKind.pagerduty.rawValue)
            .map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl } ?? PagerDutyClient.defaultBaseURL
        try EndpointURL.validate(baseURL, as: .setting(.apiUrl))
        if let token {
            if userId != nil {
                throw InvalidInput(.selection(.tokenAndUserId), "a token and a user id both say which credential to use; give one of them")
            }
            return PagerDutyAccess(baseURL: baseURL, auth: PagerDutyAuth(token: .guessing(try TokenText.validate(token))), identity: nil)
        }
        if let token = environment["PAGERDUTY_TOKEN"] {
            let checked = try TokenText.validate(token, from: .environment("PAGERDUTY_TOKEN"))
            return PagerDutyAccess(baseURL: baseURL, auth: PagerDutyAuth(token: .guessing(checked)), identity: nil)
        }
        let selector = try await IdentityChoice(service: .pagerduty, userId: userId).selector(in: store, environment: environment)
        let refresher = TokenRefresher(store: store, http: http)
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
    public func client(http: HTTPClient) -> PagerDutyClient {
        PagerDutyClient(baseURL: baseURL, http: http, auth: auth)
    }
}
