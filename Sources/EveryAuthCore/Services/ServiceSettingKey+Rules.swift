import Foundation

extension ServiceSettingKey {
    /// One line for `--help`.
    package var help: String {
        switch self {
        case .scope: return "OAuth scopes, space-separated (default: read write)."
        case .clientId: return "The OAuth client id of your PagerDuty app."
        case .clientSecret: return "The OAuth client secret; '-' reads it from stdin."
        case .region: return "PagerDuty service region: \(Region.allCases.map(\.rawValue).joined(separator: " or ")) (default: us)."
        case .authorizationUrl: return "Authorization endpoint (https, or http to a loopback host)."
        case .tokenUrl: return "Token endpoint (https, or http to a loopback host)."
        case .revocationUrl: return "Token revocation endpoint, RFC 7009 (https, or http to a loopback host)."
        case .apiUrl: return "REST API base URL (default by region)."
        case .redirectPort: return "Loopback port of the OAuth redirect; 0 picks a free one (default: 0)."
        }
    }

    /// The value used when the key is not set (nil: no default).
    package func defaultValue(region: Region) -> String? {
        switch self {
        case .scope: return "read write"
        case .clientId, .clientSecret: return nil
        case .region: return Region.us.rawValue
        case .authorizationUrl: return "https://identity.pagerduty.com/oauth/authorize"
        case .tokenUrl: return "https://identity.pagerduty.com/oauth/token"
        case .revocationUrl: return "https://identity.pagerduty.com/oauth/revoke"
        case .apiUrl: return region == .eu ? "https://api.eu.pagerduty.com" : "https://api.pagerduty.com"
        case .redirectPort: return "0"
        }
    }

    /// Checks a value given for this key and returns what is stored; `InvalidInput` of
    /// `.setting(self)` otherwise. `-` for the secret (read from stdin later) passes unchanged.
    package func validate(_ text: String) throws(InvalidInput) -> String {
        let input = InvalidInput.Input.setting(self)
        switch self {
        case .scope:
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw InvalidInput(input, "give at least one scope, e.g. 'read write'")
            }
            return text
        case .clientId, .clientSecret:
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw InvalidInput(input, "the value must not be empty")
            }
            if ControlCharacter.any(in: text) {
                throw InvalidInput(input, "the value must not contain control characters")
            }
            return text
        case .region:
            guard let region = Region(rawValue: text.lowercased()) else {
                throw InvalidInput(input, "'\(text)' is not a region; give one of: \(Region.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return region.rawValue
        case .authorizationUrl, .tokenUrl, .revocationUrl, .apiUrl:
            try EndpointURL.validate(text, as: input)
            return text
        case .redirectPort:
            guard let port = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw InvalidInput(input, "'\(text)' is not a port number; give 0 (any free port) to 65535")
            }
            try EndpointURL.validatePort(port, as: input)
            return String(port)
        }
    }

    /// What is shown for `value`: the secret as `***`, URLs without any password.
    package func display(_ value: String?) -> String? {
        guard let value else { return nil }
        if isSecret { return "***" }
        return isURL ? Redaction.url(value) : value
    }
}

extension ServiceSettings {
    /// The stored value of `key` as text (nil when not set); setting nil unsets it. Values are
    /// expected to have passed `ServiceSettingKey.validate`.
    package subscript(key: ServiceSettingKey) -> String? {
        get {
            switch key {
            case .scope: return scope
            case .clientId: return clientId
            case .clientSecret: return clientSecret
            case .region: return region?.rawValue
            case .authorizationUrl: return authorizationUrl
            case .tokenUrl: return tokenUrl
            case .revocationUrl: return revocationUrl
            case .apiUrl: return apiUrl
            case .redirectPort: return redirectPort.map(String.init)
            }
        }
        set {
            switch key {
            case .scope: scope = newValue
            case .clientId: clientId = newValue
            case .clientSecret: clientSecret = newValue
            case .region: region = newValue.flatMap { Region(rawValue: $0.lowercased()) }
            case .authorizationUrl: authorizationUrl = newValue
            case .tokenUrl: tokenUrl = newValue
            case .revocationUrl: revocationUrl = newValue
            case .apiUrl: apiUrl = newValue
            case .redirectPort: redirectPort = newValue.flatMap { Int($0) }
            }
        }
    }

    /// The keys set here, in table order.
    package var setKeys: [ServiceSettingKey] { ServiceSettingKey.allCases.filter { self[$0] != nil } }

    /// The value in effect for `key`: the stored one, else its default. An unset revocationUrl
    /// stays with a custom tokenUrl's server (`<tokenUrl's origin>/oauth/revoke`): a token is
    /// revoked where it was issued, never sent to PagerDuty's own host from another's.
    package func effective(_ key: ServiceSettingKey) -> String? {
        if let value = self[key] { return value }
        if key == .revocationUrl, let derived = derivedRevocationUrl { return derived }
        return key.defaultValue(region: region ?? .us)
    }

    /// `<tokenUrl's origin>/oauth/revoke` when a tokenUrl is set and no revocationUrl is.
    public var derivedRevocationUrl: String? {
        guard revocationUrl == nil, let tokenUrl, var components = URLComponents(string: tokenUrl), components.host != nil else { return nil }
        components.path = "/oauth/revoke"
        components.query = nil
        components.fragment = nil
        return components.string
    }
}
