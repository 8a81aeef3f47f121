import Foundation

/// The authorization request of RFC 6749 §4.1.1 with PKCE (RFC 7636 §4.3): the address a user's
/// browser is sent to, shared by the loopback flow (`authorize`) and the web flow (`serve`).
package enum AuthorizationRequest {
    /// `settings.authorizationUrl` with the request parameters; `scope` overrides the service's.
    package static func url(
        settings: EffectiveServiceSettings, clientId: String, redirectURI: String, scope: String? = nil,
        state: String, challenge: String
    ) throws -> String {
        let base = settings.authorizationUrl
        guard URLComponents(string: base)?.host != nil else { throw TransferError.invalidURL(base) }
        let fields = [
            ("response_type", "code"),
            ("client_id", clientId),
            ("redirect_uri", redirectURI),
            ("scope", scope ?? settings.scope),
            ("state", state),
            ("code_challenge", challenge),
            ("code_challenge_method", PKCE.method),
        ]
        return base + (base.contains("?") ? "&" : "?") + FormEncoding.encode(fields)
    }

    /// The configured client id, or `ServiceSettingMissing`.
    package static func clientId(of settings: EffectiveServiceSettings) throws -> String {
        try settings.requiredClientId()
    }
}
