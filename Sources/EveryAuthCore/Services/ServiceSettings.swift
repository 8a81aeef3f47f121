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

    public init(
        scope: String? = nil, clientId: String? = nil, clientSecret: String? = nil, region: Region? = nil,
        authorizationUrl: String? = nil, tokenUrl: String? = nil, apiUrl: String? = nil, redirectPort: Int? = nil
    ) {
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
    public static let keys = [
        "scope", "clientId", "clientSecret", "region", "authorizationUrl", "tokenUrl", "apiUrl", "redirectPort",
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
        ]
    }
}
