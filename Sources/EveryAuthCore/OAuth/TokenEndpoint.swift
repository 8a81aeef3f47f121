import Foundation

/// The OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §6): code exchange and refresh, through the
/// libcurl client, with client authentication in the form body (`client_secret` only when set).
public struct TokenEndpoint: Sendable {
    public let settings: EffectiveServiceSettings
    public let http: HTTPClient

    public init(settings: EffectiveServiceSettings, http: HTTPClient) {
        self.settings = settings
        self.http = http
    }

    /// Exchanges an authorization code (with its PKCE verifier) for a credential.
    public func exchange(code: String, redirectURI: String, verifier: String) async throws -> Credential {
        try await request([
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectURI),
            ("code_verifier", verifier),
        ])
    }

    /// Spends `refreshToken` for a new credential; a server that rotates returns a new refresh
    /// token, one that does not leaves the old one in force (kept here).
    public func refresh(refreshToken: String) async throws -> Credential {
        var credential = try await request([("grant_type", "refresh_token"), ("refresh_token", refreshToken)])
        if credential.refreshToken == nil { credential.refreshToken = refreshToken }
        return credential
    }

    /// Sends one grant with the client's authentication; shared by every grant type.
    func request(_ grant: [(String, String)]) async throws -> Credential {
        guard let clientId = settings.clientId, !clientId.isEmpty else {
            throw UsageError("no client id is configured for \(settings.service.rawValue); run 'everyauth service set \(settings.service.rawValue) --clientId ID'")
        }
        var fields = grant + [("client_id", clientId)]
        if let secret = settings.clientSecret, !secret.isEmpty { fields.append(("client_secret", secret)) }
        // Some servers (GitHub among them) answer form-encoded unless JSON is asked for.
        var request = HTTPRequest.form(url: settings.tokenUrl, fields: fields, headers: [HTTPHeader("Accept", "application/json")])
        request.retryOnFailure = false
        let response = try await http.send(request)
        return try Self.credential(from: response, receivedAt: Date())
    }

    /// Reads a token endpoint's answer: a credential on success, else the server's OAuth error.
    public static func credential(from response: HTTPResponse, receivedAt: Date) throws -> Credential {
        let object = (try? JSONValue.parse(response.body))?.objectValue
        if let object, let error = object["error"]?.stringValue, object["access_token"] == nil || response.status >= 400 {
            throw OAuthError.tokenEndpoint(status: response.status, error: error, description: object["error_description"]?.stringValue)
        }
        guard (200..<300).contains(response.status) else {
            throw OAuthError.tokenEndpoint(status: response.status, error: "http_\(response.status)", description: "the answer carried no OAuth error")
        }
        guard let object else {
            throw OAuthError.malformedTokenResponse(reason: "HTTP \(response.status) with a body that is not a JSON object")
        }
        if let expiresIn = object["expires_in"], expiresIn != .null, expiresIn.doubleValue == nil {
            throw OAuthError.malformedTokenResponse(reason: "expires_in is not a number")
        }
        var fields = object
        if fields["expires_in"] == .null { fields.removeValue(forKey: "expires_in") }
        return try Credential(tokenResponse: fields, receivedAt: receivedAt)
    }
}
