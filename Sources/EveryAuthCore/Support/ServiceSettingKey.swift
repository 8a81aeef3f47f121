import Foundation

/// The one table of service settings (SPEC §2): each key's EveryAuth name, its kebab-case
/// alias and whether it is secret; `ServiceSettingKey+Rules.swift` (in `Services/`) adds how it is
/// checked and stored and its default. `service set`, `service get`, the store and the help all
/// read it, so a new key is one new case. The names live in `Support/` because refusals
/// (`InvalidInput.setting`) and endpoint checks name a setting before any service exists.
package enum ServiceSettingKey: String, Sendable, CaseIterable {
    case scope, clientId, clientSecret, region, authorizationUrl, tokenUrl, revocationUrl, apiUrl, redirectPort

    /// The camelCase name, as in EveryAuth's docs (`clientId`).
    package var name: String { rawValue }

    /// The kebab-case alias (`client-id`).
    package var kebabName: String {
        var out = ""
        for character in rawValue {
            if character.isUppercase { out += "-" + character.lowercased() } else { out.append(character) }
        }
        return out
    }

    /// True for the client secret: never shown, read from stdin with `-`.
    package var isSecret: Bool { self == .clientSecret }

    /// True for the endpoint URLs, which follow the scheme rule of `EndpointURL`.
    package var isURL: Bool { [.authorizationUrl, .tokenUrl, .revocationUrl, .apiUrl].contains(self) }
}
