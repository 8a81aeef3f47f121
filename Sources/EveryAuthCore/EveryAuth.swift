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
    /// Where `refreshed`, `refresh_failed`, `revoked` and `removed` events go; nil: nowhere.
    package private(set) var webhooks: WebhookSender?

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

    /// Gives pending webhooks up to 5 seconds, then releases the store's connections
    /// (PostgreSQL); call once when the app stops.
    public func shutdown() async {
        await webhooks?.drain()
        await store.shutdown()
    }

    /// This front door, also POSTing a signed JSON event to `url` whenever it refreshes a
    /// credential (`refreshed`), the provider refuses a refresh (`refresh_failed`), or it revokes
    /// (`revoked`) or removes (`removed`) an identity; `EveryAuthWeb`'s routes made with it send
    /// `authorized` too. `url` is https, or http to a loopback host; `secret` is the shared HMAC
    /// key (README "Know when a grant breaks"). Delivery runs in the background, retried with
    /// backoff, at most 1,000 pending (the oldest dropped first); `log` hears one line per attempt
    /// and per drop, never the secret or the signature. `shutdown()` gives pending ones 5 seconds.
    /// Throws `InvalidInput` for an unusable URL or an empty secret.
    public func sendingWebhooks(to url: String, secret: [UInt8], log: (@Sendable (String) -> Void)? = nil) throws -> EveryAuth {
        var copy = self
        copy.webhooks = try WebhookSender(url: url, secret: secret, http: http) { report in log?(report.text) }
        return copy
    }

    /// The same with the secret read from `secretFile`, which must be a file of this user that
    /// group and others cannot read (0600), as ssh wants of a key; a trailing newline is ignored.
    public func sendingWebhooks(to url: String, secretFile: String, log: (@Sendable (String) -> Void)? = nil) throws -> EveryAuth {
        try sendingWebhooks(to: url, secret: try WebhookSecret.read(path: secretFile), log: log)
    }

    /// This front door with its events going to `sender` (the CLI and `serve` build their own).
    package func sending(to sender: WebhookSender?) -> EveryAuth {
        var copy = self
        copy.webhooks = sender
        return copy
    }

    /// A refresher that tells `webhooks` what it did.
    package var refresher: TokenRefresher {
        var refresher = TokenRefresher(store: store, http: http)
        refresher.onEvent = webhooks?.sink
        return refresher
    }

    /// Removes the identity `selector` names and returns it; with `revoke`, its tokens are first
    /// revoked at the service's `revocationUrl` (RFC 7009), and a refusal there stops the removal.
    /// Sends `revoked`, then `removed`, when webhooks are on. An API key cannot be revoked this
    /// way (`InvalidInput`): delete it in PagerDuty.
    @discardableResult
    public func removeIdentity(_ selector: IdentitySelector, revoke: Bool = false) async throws -> Identity {
        if revoke {
            let identity = try await store.identity(selector)
            guard identity.kind != .apiKey else {
                throw InvalidInput(.identityID, "\(identity.id) is a PagerDuty API key, which OAuth cannot revoke; delete the key in PagerDuty, then remove it without revoking")
            }
            let settings = try await store.settings(for: selector.service)
            try await TokenRevocation(settings: settings, http: http).revoke(identity.credential)
            if let event = IdentityEvent(.revoked, identity: identity, reason: "revoked by the app") { webhooks?.send(event) }
        }
        let removed = try await store.removeIdentity(selector)
        if let event = IdentityEvent(.removed, identity: removed) { webhooks?.send(event) }
        return removed
    }

    /// The credential of `userId` for `service`, refreshed first when it expires within 5 minutes.
    /// The user id is required and used as given (1 to 256 bytes of UTF-8 without control
    /// characters, else `InvalidUserID`): a server resolving its users must never fall back to
    /// `$EVERYAUTH_USER_ID`, a stored default or the process's login name, as the CLI does for a
    /// person at a terminal.
    public func getIdentity(_ service: ServiceKind, userId: String) async throws -> Credential {
        let selector = IdentitySelector(service: service, userId: try UserID.validate(userId))
        return try await refresher.identity(selector).credential
    }

    /// The same, with the service named as in the CLI (`"pagerduty"`).
    public func getIdentity(_ service: String, userId: String) async throws -> Credential {
        try await getIdentity(try ServiceKind.named(service), userId: userId)
    }

    /// A PagerDuty client with the stored identity of `userId` (refreshed, one retry after a 401).
    /// As for `getIdentity`, the user id is required: no fallback to another user.
    public func pagerDuty(userId: String) async throws -> PagerDutyClient {
        let selection = IdentityChoice(service: .pagerduty, userId: try UserID.validate(userId))
        return try await PagerDutyAccess.resolve(token: nil, selection: selection, store: store, http: http, environment: environment,
                                                 events: webhooks?.sink)
            .client(http: http)
    }

    /// A PagerDuty client with `token`, read as the CLI reads `--token`.
    public func pagerDuty(token: String) async throws -> PagerDutyClient {
        try await PagerDutyAccess.resolve(token: token, selection: nil, store: store, http: http, environment: environment)
            .client(http: http)
    }
}
