import Foundation

/// RFC 7009 token revocation at the service's `revocationUrl`, so that `identity rm --revoke`
/// leaves no working token behind: the refresh token first (revoking it ends the grant's access
/// tokens too, §2.1), then the access token, each with its `token_type_hint`.
package struct TokenRevocation: Sendable {
    /// Where to revoke (`revocationUrl`) and the client to authenticate as.
    package let settings: EffectiveServiceSettings
    /// The client the revocation requests go through.
    package let http: HTTPClient

    /// A revoker for one service's settings.
    package init(settings: EffectiveServiceSettings, http: HTTPClient) {
        self.settings = settings
        self.http = http
    }

    /// Revokes every token of `credential`; throws `RevocationError` when the server refuses.
    package func revoke(_ credential: Credential) async throws {
        try EndpointURL.checkBeforeUse(settings.revocationUrl, setting: .revocationUrl)
        let url = settings.revocationUrl
        var tokens: [(String, String)] = []
        if let refresh = credential.refreshToken, !refresh.isEmpty { tokens.append((refresh, "refresh_token")) }
        tokens.append((credential.accessToken, "access_token"))
        for (token, hint) in tokens {
            let form = try ClientForm([("token", token), ("token_type_hint", hint)], settings: settings)
            var request = form.request(to: url)
            // Revoking twice is harmless (§2.2: an unknown token gets 200), so failures may be retried.
            request.retryOnFailure = true
            let response = try await http.send(request)
            // §2.2: 200 whether or not the token was still valid; anything else is a refusal, whose
            // text is redacted of the token and the client secret (an echoing server must not show them).
            guard response.status == 200 else {
                let refusal = form.refusal(response)
                throw RevocationError.refused(status: response.status, error: refusal.error, description: refusal.description)
            }
        }
    }
}

/// The revocation endpoint did not accept the request (exit 5).
package enum RevocationError: LocalizedError, Sendable, Equatable {
    /// A status other than 200, with the OAuth error body's fields when there were any.
    case refused(status: Int, error: String?, description: String?)

    package var errorDescription: String? {
        switch self {
        case .refused(let status, let error, let description):
            var text = "the revocation endpoint refused the request (HTTP \(status))"
            if let error { text += ": \(error)" }
            if let description { text += ": \(description)" }
            return text
        }
    }
}
