import Foundation

/// Hands out identities with a usable access token: the library's `getIdentity`.
/// An OAuth identity whose token has expired or expires within 5 minutes is refreshed first,
/// under the store lock, so that many processes asking at once spend one refresh token once.
public struct TokenRefresher: Sendable {
    public let store: CredentialStore
    public let http: HTTPClient
    /// Refresh when the token expires within this many seconds.
    public var margin: TimeInterval = 300

    public init(store: CredentialStore, http: HTTPClient) {
        self.store = store
        self.http = http
    }

    /// The identity `selector` names, refreshed first when needed and `refresh` is true.
    public func identity(_ selector: IdentitySelector, refresh: Bool = true) async throws -> Identity {
        let document = try store.read()
        let identity = document.identities[try selector.index(in: document.identities)]
        // The OAuth helper adds the refresh here (SPEC §2 identity get, §3).
        return identity
    }
}
