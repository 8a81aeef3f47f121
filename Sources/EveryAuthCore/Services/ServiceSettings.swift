import Foundation

/// What `everyauth service set` stores for one service: only the keys the user set.
public struct ServiceSettings: Codable, Sendable, Equatable {
    public var scope: String?
    public var clientId: String?
    public var clientSecret: String?
    public var region: Region?
    public var authorizationUrl: String?
    public var tokenUrl: String?
    public var apiUrl: String?
    public var redirectPort: Int?
    /// RFC 7009 revocation endpoint used by `identity rm --revoke`.
    public var revocationUrl: String?
    /// The user id selection falls back to (`identity switch`); not a `service set` key.
    public var defaultUserId: String?

    public init(
        scope: String? = nil, clientId: String? = nil, clientSecret: String? = nil, region: Region? = nil,
        authorizationUrl: String? = nil, tokenUrl: String? = nil, apiUrl: String? = nil, redirectPort: Int? = nil,
        revocationUrl: String? = nil, defaultUserId: String? = nil
    ) {
        self.scope = scope
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.region = region
        self.authorizationUrl = authorizationUrl
        self.tokenUrl = tokenUrl
        self.apiUrl = apiUrl
        self.redirectPort = redirectPort
        self.revocationUrl = revocationUrl
        self.defaultUserId = defaultUserId
    }

    /// The settable keys, in the order `service set` and `service get` show them.
    public static let keys = [
        "scope", "clientId", "clientSecret", "region", "authorizationUrl", "tokenUrl", "apiUrl", "redirectPort", "revocationUrl",
    ]

    /// Copies every key that `changes` sets over this one.
    public mutating func merge(_ changes: ServiceSettings) {
        if let value = changes.scope { scope = value }
        if let value = changes.clientId { clientId = value }
        if let value = changes.clientSecret { clientSecret = value }
        if let value = changes.region { region = value }
        if let value = changes.authorizationUrl { authorizationUrl = value }
        if let value = changes.tokenUrl { tokenUrl = value }
        if let value = changes.apiUrl { apiUrl = value }
        if let value = changes.redirectPort { redirectPort = value }
        if let value = changes.revocationUrl { revocationUrl = value }
        if let value = changes.defaultUserId { defaultUserId = value }
    }

    /// True when no key is set.
    public var isEmpty: Bool { self == ServiceSettings() }
}

/// Settings with the defaults of SPEC.md §2 filled in: what the flows actually use.
public struct EffectiveServiceSettings: Sendable, Equatable {
    public var service: ServiceKind
    public var scope: String
    public var clientId: String?
    public var clientSecret: String?
    public var region: Region
    public var authorizationUrl: String
    public var tokenUrl: String
    public var apiUrl: String
    public var redirectPort: Int
    public var revocationUrl: String
    public var defaultUserId: String?

    public init(service: ServiceKind, stored: ServiceSettings) {
        self.service = service
        let region = stored.region ?? .us
        self.region = region
        scope = stored.scope ?? "read write"
        clientId = stored.clientId
        clientSecret = stored.clientSecret
        authorizationUrl = stored.authorizationUrl ?? "https://identity.pagerduty.com/oauth/authorize"
        tokenUrl = stored.tokenUrl ?? "https://identity.pagerduty.com/oauth/token"
        apiUrl = stored.apiUrl ?? (region == .eu ? "https://api.eu.pagerduty.com" : "https://api.pagerduty.com")
        redirectPort = stored.redirectPort ?? 0
        revocationUrl = stored.revocationUrl ?? "https://identity.pagerduty.com/oauth/revoke"
        defaultUserId = stored.defaultUserId
    }

    /// Key/value pairs for display; the secret is shown as `***` when set.
    public func displayPairs() -> [(key: String, value: String?)] {
        [
            ("scope", scope),
            ("clientId", clientId),
            ("clientSecret", clientSecret == nil ? nil : "***"),
            ("region", region.rawValue),
            ("authorizationUrl", authorizationUrl),
            ("tokenUrl", tokenUrl),
            ("apiUrl", apiUrl),
            ("redirectPort", String(redirectPort)),
            ("revocationUrl", revocationUrl),
        ]
    }
}
