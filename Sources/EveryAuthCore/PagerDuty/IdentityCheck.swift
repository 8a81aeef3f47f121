import Foundation

/// What PagerDuty says about a stored credential when asked `GET /users/me` (`identity status`).
package enum IdentityCheck: Sendable {
    /// The token works and belongs to this user; `account` is the subdomain of the user's `html_url`.
    case user(name: String?, email: String?, role: String?, account: String?)
    /// The token works but is an account-level API key, which belongs to no user: PagerDuty answers
    /// `/users/me` with 400 and "...made using an account-level access token...".
    case accountKey
    /// The credential was refused (401/403 after a refresh, or its refresh was rejected): the
    /// error says why (a `PagerDutyError` or an `OAuthError`); `serverMessage` is PagerDuty's own
    /// words for a refused token, when it answered any.
    case rejected(any Error & Sendable, serverMessage: String? = nil)
    /// The refresh that was due before asking (an expired or expiring token) was refused
    /// (`invalid_grant`): the grant can no longer be refreshed.
    case refreshFailed(any Error & Sendable)
    /// The check itself failed (network, 5xx, an unexpected answer).
    case failed(any Error & Sendable)

    /// Checks `identity` online: refreshed first when near expiry, one forced refresh after a 401.
    package static func run(_ identity: Identity, refresher: TokenRefresher, baseURL: String) async -> IdentityCheck {
        guard let kind = ServiceKind(rawValue: identity.service) else {
            return .failed(LookupError.unknownService(identity.service))
        }
        let selector = IdentitySelector(service: kind, id: identity.id)
        let current: Identity
        do {
            // The identity as just listed serves while it needs no refresh: a check of every identity
            // then reads the store once, not once per identity (a 401 still re-reads and refreshes).
            let fresh = identity.kind == .apiKey
                || (identity.status != .refreshError && !identity.credential.needsRefresh(now: Date(), margin: refresher.margin))
            current = fresh ? identity : try await refresher.identity(selector)
        } catch let error as OAuthError {
            if case .refreshRejected = error { return .refreshFailed(error) }
            return failure(error)
        } catch {
            return failure(error)
        }
        let client = PagerDutyClient(baseURL: baseURL, http: refresher.http,
                                     auth: .forIdentity(current, selector: selector, refresher: refresher))
        return await run(client)
    }

    /// Checks the token `client` sends (a stored identity's, or one handed in such as
    /// `$PAGERDUTY_TOKEN`'s) with `GET /users/me`.
    package static func run(_ client: PagerDutyClient) async -> IdentityCheck {
        do {
            let request = HTTPClient.Request(url: try APIRequest.resolve("/users/me", apiURL: client.baseURL),
                                      headers: [HTTPHeader("Accept", PagerDutyClient.accept)])
            let response = try await client.send(request)
            let body = JSONValue.parseIfJSON(response.body)
            switch response.status {
            case 200..<300:
                guard let user = body?["user"], user.objectValue != nil else {
                    return .failed(PagerDutyError.malformedResponse(reason: "GET /users/me answered without a user"))
                }
                let page = user["html_url"]?.stringValue.flatMap { URLComponents(string: $0)?.host }
                let account = page.flatMap { $0.split(separator: ".").first.map(String.init) }
                return .user(name: user["name"]?.stringValue, email: user["email"]?.stringValue,
                             role: user["role"]?.stringValue, account: account)
            case 400 where String(decoding: response.body, as: UTF8.self).contains("account-level access token"):
                return .accountKey
            case 401, 403:
                let token = await client.auth.current()
                var message: String?
                switch PagerDutyClient.error(for: response, secrets: [token.value]) {
                case .unauthorized(let text), .forbidden(let text): message = text
                default: message = nil
                }
                return .rejected(client.failure(for: response, token: token), serverMessage: message)
            default:
                return .failed(PagerDutyClient.error(for: response))
            }
        } catch {
            return failure(error)
        }
    }

    /// A check that threw: rejected when the user must authorize again (a refused or impossible
    /// refresh), failed otherwise (the network, the server).
    private static func failure(_ error: any Error) -> IdentityCheck {
        switch error as? OAuthError {
        case .refreshRejected?, .notRefreshable?, .unauthorized?, .identityNeeded?: return .rejected(error)
        default: return .failed(error)
        }
    }
}
