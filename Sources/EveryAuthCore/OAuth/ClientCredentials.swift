import Foundation

extension TokenEndpoint {
    /// PagerDuty's app token (RFC 6749 §4.4): `grant_type=client_credentials` with the client id,
    /// secret and `scope` (which names the account, e.g. `as_account-us.acme incidents.read`).
    /// There is no refresh token: the same request is made again when the token nears expiry.
    package func clientCredentials(scope: String) async throws -> Credential {
        guard settings.clientSecret?.isEmpty == false else {
            throw ServiceSettingMissing(service: settings.service.rawValue, setting: .clientSecret)
        }
        var credential = try await request([("grant_type", "client_credentials"), ("scope", scope)])
        credential.refreshToken = nil
        // The token response may leave the scope out (RFC 6749 §5.1: then it is the one requested);
        // keeping it lets the token be requested again with the same scope.
        if credential.scope == nil { credential.native["scope"] = .string(scope) }
        return credential
    }
}
