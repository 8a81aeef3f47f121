import Foundation

/// The library's front door, the Swift counterpart of `everyauth.getIdentity(service, userId)`:
/// same store, same environment variables and same refresh rules as the command-line tool.
public struct EveryAuth: Sendable {
    /// The store: the JSON file of the config directory, or PostgreSQL (SPEC §3 "Backends"; with
    /// `StoreBackends.all` from `EveryAuthPostgres`).
    public let store: any Store
    /// The client used for token refreshes and API calls.
    public let http: HTTPClient
    /// The environment the settings were resolved from.
    package let environment: EveryAuthEnvironment

    /// Uses `store` (`.postgres("postgres://...")` or `.file(directory:)`), else the JSON file in
    /// `configDirectory`, else the store the CLI would use (`$EVERYAUTH_STORE_URL`, else the config
    /// directory of `$EVERYAUTH_CONFIG_DIR`, ...), and `EVERYAUTH_LOCK_TIMEOUT`,
    /// `EVERYAUTH_HTTP_TIMEOUT` and `EVERYAUTH_CA_BUNDLE` as the CLI does. A variable that is set
    /// but unusable throws an `InvalidInput` naming it. `backends` opens the store: the file only by
    /// default, where a PostgreSQL address is `StoreError.backendMissing`; `EveryAuthPostgres` gives
    /// `StoreBackends.all`. Tokens and secrets are encrypted at rest with `keys`, else with those
    /// of `EVERYAUTH_STORE_KEY` or `EVERYAUTH_STORE_KEY_FILE`, and stored in plaintext when neither
    /// gives any (SPEC §3 "Encryption at rest").
    public init(
        store address: StoreAddress? = nil, configDirectory: URL? = nil, backends: StoreBackends = .fileOnly, http: HTTPClient? = nil,
        keys: StoreKeys? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let environment = EveryAuthEnvironment(environment)
        self.environment = environment
        let resolved = try address ?? configDirectory.map { StoreAddress.file(directory: $0) } ?? environment.storeAddress()
        store = try environment.open(resolved, backends: backends, keys: keys)
        self.http = try http ?? HTTPClient(configuration: environment.httpConfiguration())
    }

    /// Uses a store the app opened itself.
    public init(store: any Store, http: HTTPClient? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let environment = EveryAuthEnvironment(environment)
        self.environment = environment
        self.store = store
        self.http = try http ?? HTTPClient(configuration: environment.httpConfiguration())
    }

    /// Releases the store's connections (PostgreSQL); call once when the app stops.
    public func shutdown() async {
        await store.shutdown()
    }

    /// The credential of `userId` for `service`, refreshed first when it expires within 5 minutes.
    /// The user id is required and used as given (1 to 256 bytes of UTF-8 without control
    /// characters, else `InvalidUserID`): a server resolving its users must never fall back to
    /// `$EVERYAUTH_USER_ID`, a stored default or the process's login name, as the CLI does for a
    /// person at a terminal.
    public func getIdentity(_ service: ServiceKind, userId: String) async throws -> Credential {
        let selector = IdentitySelector(service: service, userId: try UserID.validate(userId))
        return try await TokenRefresher(store: store, http: http).identity(selector).credential
    }

    /// The same, with the service named as in the CLI (`"pagerduty"`).
    public func getIdentity(_ service: String, userId: String) async throws -> Credential {
        try await getIdentity(try ServiceKind.named(service), userId: userId)
    }

    /// A PagerDuty client with the stored identity of `userId` (refreshed, one retry after a 401).
    /// As for `getIdentity`, the user id is required: no fallback to another user.
    public func pagerDuty(userId: String) async throws -> PagerDutyClient {
        let selection = IdentityChoice(service: .pagerduty, userId: try UserID.validate(userId))
        return try await PagerDutyAccess.resolve(token: nil, selection: selection, store: store, http: http, environment: environment)
            .client(http: http)
    }

    /// A PagerDuty client with `token`, read as the CLI reads `--token`.
    public func pagerDuty(token: String) async throws -> PagerDutyClient {
        try await PagerDutyAccess.resolve(token: token, selection: nil, store: store, http: http, environment: environment)
            .client(http: http)
    }
}
