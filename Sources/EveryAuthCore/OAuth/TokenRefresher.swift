import Foundation

/// Hands out identities with a usable access token: the library's `getIdentity`.
/// An OAuth identity whose token has expired or expires within 5 minutes is refreshed first,
/// holding the identity in the store (the file's lock, or the row's lock in PostgreSQL), so that
/// many processes on any number of machines asking at once spend one refresh token once.
package struct TokenRefresher: Sendable {
    package let store: any Store
    package let http: HTTPClient
    /// Refresh when the token expires within this many seconds.
    package var margin: TimeInterval = 300
    /// Hears `refreshed` after a refresh this process made, and `refresh_failed` when the provider
    /// rejected one (`invalid_grant`); not a network failure, which leaves the grant as it was.
    package var onEvent: IdentityEventSink?

    package init(store: any Store, http: HTTPClient) {
        self.store = store
        self.http = http
    }

    /// The identity `selector` names, refreshed first when needed and `refresh` is true.
    package func identity(_ selector: IdentitySelector, refresh: Bool = true) async throws -> Identity {
        let identity = try await store.identity(selector)
        guard refresh, identity.kind != .apiKey else { return identity }
        if identity.status == .refreshError { throw Self.rejected(identity, description: nil) }
        guard identity.credential.needsRefresh(now: Date(), margin: margin) else { return identity }
        let margin = self.margin
        return try await refreshUnderLock(id: identity.id, service: identity.service) { stored in
            stored.credential.needsRefresh(now: Date(), margin: margin)
        }
    }

    /// Refreshes after the API rejected `staleAccessToken` (the one 401 retry of SPEC §4): skips
    /// the network when another process already replaced that token.
    package func forceRefresh(_ selector: IdentitySelector, staleAccessToken: String) async throws -> Identity {
        let identity = try await store.identity(selector)
        guard identity.kind != .apiKey else { throw OAuthError.unauthorized(service: identity.service, userId: identity.userId) }
        if identity.status == .refreshError { throw Self.rejected(identity, description: nil) }
        let refreshed = try await refreshUnderLock(id: identity.id, service: identity.service, forced: true) { stored in
            stored.credential.accessToken == staleAccessToken
        }
        if refreshed.credential.accessToken == staleAccessToken {
            throw OAuthError.unauthorized(service: identity.service, userId: identity.userId)
        }
        return refreshed
    }

    /// What happened under the lock; errors that must leave a mark in the store are thrown only
    /// after `update` has written it (a throwing body writes nothing).
    private enum Outcome: Sendable {
        case ready(Identity)
        case refreshed(Identity)
        /// The provider refused the refresh just now (`invalid_grant`); the mark is written.
        case refusedNow(Identity, description: String?)
        case rejected(Identity, description: String?)
        case notRefreshable(Identity)
    }

    /// Re-reads under the lock and refreshes when `stillNeeded` says the stored credential is
    /// still the one that needs it: another process may have refreshed while this one waited.
    private func refreshUnderLock(id: String, service: String, forced: Bool = false, stillNeeded: @escaping @Sendable (Identity) -> Bool) async throws -> Identity {
        let http = self.http
        let store = self.store
        let kind = try ServiceKind.named(service)
        let outcome: Outcome = try await RefreshGate.shared.run(store.location.redacted) {
            try await store.updateIdentity(IdentitySelector(service: kind, id: id)) { stored -> Outcome in
                guard var identity = stored else {
                    // Removed by another process while this one waited for the lock.
                    throw LookupError.identityNotFound(service: service, userId: nil, id: id)
                }
                if identity.status == .refreshError { return .rejected(identity, description: nil) }
                guard stillNeeded(identity) else { return .ready(identity) }
                let expired = identity.credential.needsRefresh(now: Date(), margin: 0)
                let refreshToken = identity.credential.refreshToken ?? ""
                // An app token has no refresh token: it is requested again with the same scope.
                guard identity.kind == .app || !refreshToken.isEmpty else {
                    return expired || forced ? .notRefreshable(identity) : .ready(identity)
                }
                let settings = try await store.settings(for: kind)
                let endpoint = TokenEndpoint(settings: settings, http: http)
                do {
                    identity.credential = identity.kind == .app
                        ? try await endpoint.clientCredentials(scope: identity.credential.scope ?? settings.scope)
                        : try await endpoint.refresh(refreshToken: refreshToken)
                } catch OAuthError.tokenEndpoint(_, "invalid_grant", let description) {
                    identity.status = .refreshError
                    identity.updatedAt = Date()
                    stored = identity
                    return .refusedNow(identity, description: description)
                } catch {
                    // A server or network hiccup must not break a token that still works.
                    if expired || forced { throw error }
                    return .ready(identity)
                }
                identity.status = .authorized
                identity.updatedAt = Date()
                stored = identity
                return .refreshed(identity)
            }
        }
        switch outcome {
        case .ready(let identity): return identity
        case .refreshed(let identity):
            if let onEvent, let event = IdentityEvent(.refreshed, identity: identity) { onEvent(event) }
            return identity
        case .rejected(let identity, let description): throw Self.rejected(identity, description: description)
        case .refusedNow(let identity, let description):
            // Told once, by the call that got the refusal; later calls find the mark and say nothing.
            if let onEvent, let event = IdentityEvent(.refreshFailed, identity: identity,
                                                      reason: "invalid_grant" + (description.map { ": \($0)" } ?? "")) {
                onEvent(event)
            }
            throw Self.rejected(identity, description: description)
        case .notRefreshable(let identity):
            if forced { throw OAuthError.unauthorized(service: identity.service, userId: identity.userId) }
            throw OAuthError.notRefreshable(service: identity.service, userId: identity.userId)
        }
    }

    private static func rejected(_ identity: Identity, description: String?) -> OAuthError {
        .refreshRejected(service: identity.service, userId: identity.userId, description: description)
    }
}
