import Foundation

/// The OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §6): code exchange and refresh, through the
/// libcurl client, with client authentication in the form body (`client_secret` only when set).
package struct TokenEndpoint: Sendable {
    package let settings: EffectiveServiceSettings
    package let http: HTTPClient

    package init(settings: EffectiveServiceSettings, http: HTTPClient) {
        self.settings = settings
        self.http = http
    }

    /// Exchanges an authorization code (with its PKCE verifier) for a credential.
    package func exchange(code: String, redirectURI: String, verifier: String) async throws -> Credential {
        try await request([
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectURI),
            ("code_verifier", verifier),
        ])
    }

    /// Spends `refreshToken` for a new credential; a server that rotates returns a new refresh
    /// token, one that does not leaves the old one in force (kept here).
    package func refresh(refreshToken: String) async throws -> Credential {
        var credential = try await request([("grant_type", "refresh_token"), ("refresh_token", refreshToken)])
        if credential.refreshToken == nil { credential.refreshToken = refreshToken }
        return credential
    }

    /// Sends one grant with the client's authentication; shared by every grant type.
    func request(_ grant: [(String, String)]) async throws -> Credential {
        let form = try ClientForm(grant, settings: settings)
        // Checked here as well as in `service set`: the store may have been edited by hand.
        try EndpointURL.checkBeforeUse(settings.tokenUrl, setting: .tokenUrl)
        var request = form.request(to: settings.tokenUrl)
        request.retryOnFailure = false
        let response = try await http.send(request)
        let credential: Credential
        do {
            credential = try Self.credential(from: response, receivedAt: Date())
        } catch OAuthError.tokenEndpoint(let status, let error, let description) {
            // A server that echoes the request must not put the secret, code or verifier on stderr.
            throw OAuthError.tokenEndpoint(status: status, error: form.redacted(error, maxLength: 64), description: description.map { form.redacted($0) })
        }
        // Tokens go into headers and terminals: one with a control character is refused (SPEC §4).
        if ControlCharacter.any(in: credential.accessToken) {
            throw OAuthError.malformedTokenResponse(reason: "the access_token contains a control character")
        }
        if let refresh = credential.refreshToken, ControlCharacter.any(in: refresh) {
            throw OAuthError.malformedTokenResponse(reason: "the refresh_token contains a control character")
        }
        return credential
    }

    /// Reads a token endpoint's answer: a credential on success, else the server's OAuth error.
    package static func credential(from response: HTTPClient.Response, receivedAt: Date) throws -> Credential {
        let object = JSONValue.parseIfJSON(response.body)?.objectValue
        if let object, let error = object["error"]?.stringValue, object["access_token"] == nil || response.status >= 400 {
            throw OAuthError.tokenEndpoint(status: response.status, error: error, description: object["error_description"]?.stringValue)
        }
        guard (200..<300).contains(response.status) else {
            throw OAuthError.tokenEndpoint(status: response.status, error: "http_\(response.status)", description: "the answer carried no OAuth error")
        }
        guard var fields = object else {
            throw OAuthError.malformedTokenResponse(reason: "HTTP \(response.status) with a body that is not a JSON object")
        }
        // `Credential` checks `expires_in` (a number of seconds, or absent); null means absent.
        if fields["expires_in"] == .null { fields.removeValue(forKey: "expires_in") }
        return try Credential(tokenResponse: fields, receivedAt: receivedAt)
    }
}
