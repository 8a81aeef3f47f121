import Foundation

/// What `everyauth service set` stores for one service: only the keys the user set.
public struct ServiceSettings: Codable, Sendable, Equatable {
    public var scope: String?
    public var clientId: String?
    public var clientSecret: String?
    public var region: Region?
    public var authorizationUrl: String?
    public var tokenUrl: String?
    /// Where `identity rm --revoke` revokes tokens (RFC 7009).
    public var revocationUrl: String?
    public var apiUrl: String?
    public var redirectPort: Int?
    /// The user id selection falls back to (`identity switch`); kept with the settings but not a
    /// `service set` key.
    public var defaultUserId: String?

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
    public var service: ServiceKind
    public var scope: String
    public var clientId: String?
    public var clientSecret: String?
    public var region: Region
    public var authorizationUrl: String
    public var tokenUrl: String
    public var revocationUrl: String
    public var apiUrl: String
    public var redirectPort: Int
    /// The user id selection falls back to, when `identity switch` set one.
    public var defaultUserId: String?

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
    public func displayPairs() -> [(key: ServiceSettingKey, value: String?)] {
        ServiceSettingKey.allCases.map { key in (key, key.display(stored.effective(key))) }
    }
}
