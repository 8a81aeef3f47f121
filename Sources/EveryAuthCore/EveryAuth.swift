import Foundation

/// The library's front door, the Swift counterpart of `everyauth.getIdentity(service, userId)`:
/// same store and same refresh rules as the command-line tool.
public struct EveryAuth: Sendable {
    /// The store in the resolved config directory.
    public let store: CredentialStore
    /// The client used for token refreshes.
    public let http: HTTPClient

    /// Uses `configDirectory`, else the directory the CLI would use (`$EVERYAUTH_CONFIG_DIR`, ...).
    public init(configDirectory: URL? = nil, http: HTTPClient? = nil) {
        let directory = configDirectory ?? ConfigDirectory.resolve(explicit: nil)
        store = CredentialStore(directory: directory)
        self.http = http ?? HTTPClient(configuration: .fromEnvironment(ProcessInfo.processInfo.environment))
    }

    /// The credential of `userId` for `service`, refreshed first when it expires within 5 minutes.
    public func getIdentity(_ service: ServiceKind, userId: String) async throws -> Credential {
        try await TokenRefresher(store: store, http: http)
            .identity(IdentitySelector(service: service, userId: userId)).credential
    }

    /// The same, with the service named as in the CLI (`"pagerduty"`).
    public func getIdentity(_ service: String, userId: String) async throws -> Credential {
        try await getIdentity(try ServiceKind.named(service), userId: userId)
    }
}
