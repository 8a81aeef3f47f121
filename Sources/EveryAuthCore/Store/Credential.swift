import Foundation

/// One user's credential in EveryAuth's schema: `accessToken` plus the token endpoint's `native`
/// fields, with the refresh token kept beside them (stored, never printed).
public struct Credential: Codable, Sendable, Equatable {
    /// The token sent to the API.
    public var accessToken: String
    /// What the token endpoint returned (without `refresh_token`), plus `timestamp` and `expires_at`.
    public var native: [String: JSONValue]
    /// The refresh token, when the server issued one.
    public var refreshToken: String?

    enum CodingKeys: String, CodingKey {
        case accessToken
        case native
        case refreshToken = "refresh_token"
    }

    public init(accessToken: String, native: [String: JSONValue], refreshToken: String? = nil) {
        self.accessToken = accessToken
        self.native = native
        self.refreshToken = refreshToken
    }

    /// Builds a credential from a token endpoint's JSON answer received at `receivedAt`.
    /// Keeps every field in `native` except `refresh_token`; `expires_at` = receipt + `expires_in` s.
    public init(tokenResponse: [String: JSONValue], receivedAt: Date) throws {
        guard let token = tokenResponse["access_token"]?.stringValue, !token.isEmpty else {
            throw OAuthError.malformedTokenResponse(reason: "no access_token")
        }
        var native = tokenResponse
        let refresh = native.removeValue(forKey: "refresh_token")?.stringValue
        let timestamp = (receivedAt.timeIntervalSince1970 * 1000).rounded()
        native["timestamp"] = .number(timestamp)
        if let expiresIn = tokenResponse["expires_in"]?.doubleValue {
            native["expires_at"] = .number(timestamp + expiresIn * 1000)
        } else {
            native.removeValue(forKey: "expires_at")
        }
        self.init(accessToken: token, native: native, refreshToken: refresh)
    }

    /// A PagerDuty API key stored as a credential; it never expires.
    public static func apiKey(_ key: String) -> Credential {
        Credential(accessToken: key, native: ["token_type": .string("token")])
    }

    /// When the access token stops working, if the server said.
    public var expiresAt: Date? {
        native["expires_at"]?.doubleValue.map { Date(timeIntervalSince1970: $0 / 1000) }
    }

    /// The granted scope, if the server said.
    public var scope: String? { native["scope"]?.stringValue }

    /// True when the token has expired or expires within `margin` of `now`.
    public func needsRefresh(now: Date = Date(), margin: TimeInterval = 300) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) <= margin
    }

    /// Key order of EveryAuth's documented example, used when printing.
    public static let nativeKeyOrder = ["scope", "id_token", "timestamp", "expires_at", "access_token", "token_type"]

    /// The JSON that `identity get` prints (EveryAuth's `getIdentity` result): no refresh token.
    public func printableJSON() -> String {
        let body = JSONValue.object(["accessToken": .string(accessToken), "native": .object(native)])
        return body.serialized(pretty: true, keyOrder: ["accessToken", "native"] + Credential.nativeKeyOrder)
    }
}
