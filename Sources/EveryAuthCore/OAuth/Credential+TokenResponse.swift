import Foundation

/// Reading a token endpoint's answer is OAuth's work; the store only keeps what it gives.
extension Credential {
    /// Builds a credential from a token endpoint's JSON answer received at `receivedAt`.
    /// Keeps every field in `native` except `refresh_token`; `expires_at` = receipt + `expires_in` s,
    /// both in whole milliseconds. An `expires_in` that is not a number of seconds a clock can
    /// reach (`1e400`, `"nan"`, `true`) is a malformed answer, never a trap.
    public init(tokenResponse: JSONObject, receivedAt: Date) throws {
        guard let token = tokenResponse["access_token"]?.stringValue, !token.isEmpty else {
            throw OAuthError.malformedTokenResponse(reason: "no access_token")
        }
        var native = tokenResponse
        let refresh = native.removeValue(forKey: "refresh_token")?.stringValue
        let timestamp = Int((receivedAt.timeIntervalSince1970 * 1000).rounded())
        native["timestamp"] = .number(timestamp)
        if let raw = tokenResponse["expires_in"] {
            // A hundred years either way is far past any token's life and far from Int's limits
            // (a negative lifetime is an already expired token, which the refresh tests rely on).
            guard let seconds = raw.doubleValue, abs(seconds) <= 3_153_600_000 else {
                throw OAuthError.malformedTokenResponse(reason: "expires_in is not a number of seconds")
            }
            native["expires_at"] = .number(timestamp + Int((seconds * 1000).rounded()))
        } else {
            native.removeValue(forKey: "expires_at")
        }
        self.init(accessToken: token, native: native, refreshToken: refresh)
    }
}
