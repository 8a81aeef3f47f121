import Foundation

/// What `everyauth service set` stores for one service: only the keys the user set.
public struct ServiceSettings: Codable, Sendable, Equatable {
    /// OAuth scopes to ask for, space-separated.
    public var scope: String?
    /// The OAuth app's client id.
    public var clientId: String?
    /// The OAuth app's client secret, when it has one.
    public var clientSecret: String?
    /// PagerDuty's service region (`us` or `eu`).
    public var region: Region?
    /// Where the browser is sent to authorize.
    public var authorizationUrl: String?
    /// Where codes and refresh tokens are exchanged.
    public var tokenUrl: String?
    /// Where `identity rm --revoke` revokes tokens (RFC 7009).
    public var revocationUrl: String?
    /// The REST API's base URL.
    public var apiUrl: String?
    /// The loopback port of `authorize`'s callback (0: any free port).
    public var redirectPort: Int?
    /// The user id selection falls back to (`identity switch`); kept with the settings but not a
    /// `service set` key.
    public var defaultUserId: String?

    /// Settings with the given values; nil leaves a setting to its default.
    public init(
        scope: String? = nil, clientId: String? = nil, clientSecret: String? = nil, region: Region? = nil,
        authorizationUrl: String? = nil, tokenUrl: String? = nil, apiUrl: String? = nil, redirectPort: Int? = nil,
        revocationUrl: String? = nil, defaultUserId: String? = nil
    ) {
        self.revocationUrl = revocationUrl
        self.defaultUserId = defaultUserId
        self.scope = scope
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.region = region
        self.authorizationUrl = authorizationUrl
        self.tokenUrl = tokenUrl
        self.apiUrl = apiUrl
        self.redirectPort = redirectPort
    }

    /// The settable keys, in the order `service set` and `service get` show them.
    public static let keys = ServiceSettingKey.allCases.map(\.name)

    /// Copies every key that `changes` sets over this one.
    public mutating func merge(_ changes: ServiceSettings) {
        for key in changes.setKeys { self[key] = changes[key] }
        if let value = changes.defaultUserId { defaultUserId = value }
    }

    /// True when no key is set.
    public var isEmpty: Bool { self == ServiceSettings() }
}

/// Settings with the defaults of SPEC.md §2 filled in: what the flows actually use.
public struct EffectiveServiceSettings: Sendable, Equatable {
    /// The service these settings are for.
    public var service: ServiceKind
    /// OAuth scopes to ask for, space-separated.
    public var scope: String
    /// The OAuth app's client id.
    public var clientId: String?
    /// The OAuth app's client secret, when it has one.
    public var clientSecret: String?
    /// PagerDuty's service region (`us` or `eu`).
    public var region: Region
    /// Where the browser is sent to authorize.
    public var authorizationUrl: String
    /// Where codes and refresh tokens are exchanged.
    public var tokenUrl: String
    /// Where tokens are revoked.
    public var revocationUrl: String
    /// The REST API's base URL.
    public var apiUrl: String
    /// The loopback port of `authorize`'s callback (0: any free port).
    public var redirectPort: Int
    /// The user id selection falls back to, when `identity switch` set one.
    public var defaultUserId: String?

    /// The settings in effect: what is stored, else the service's defaults (the region picks the hosts).
    public init(service: ServiceKind, stored: ServiceSettings) {
        self.service = service
        let region = stored.region ?? .us
        self.region = region
        scope = stored.scope ?? "read write"
        clientId = stored.clientId
        clientSecret = stored.clientSecret
        tokenUrl = stored.effective(.tokenUrl) ?? ""
        authorizationUrl = stored.effective(.authorizationUrl) ?? ""
        revocationUrl = stored.effective(.revocationUrl) ?? ""
        apiUrl = stored.effective(.apiUrl) ?? ""
        redirectPort = stored.redirectPort ?? 0
        defaultUserId = stored.defaultUserId
        self.stored = stored
    }

    /// What `service set` stored; the fields above add the defaults.
    public var stored: ServiceSettings

    /// Key/value pairs for display, in table order: the secret as `***` when set, URLs without
    /// any password.
    package func displayPairs() -> [(key: ServiceSettingKey, value: String?)] {
        ServiceSettingKey.allCases.map { key in (key, key.display(stored.effective(key))) }
    }
}
