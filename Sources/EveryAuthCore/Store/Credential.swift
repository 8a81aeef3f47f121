import Foundation

/// One user's credential in EveryAuth's schema: `accessToken` plus the token endpoint's `native`
/// fields, with the refresh token kept beside them (stored, never printed).
public struct Credential: Sendable, Equatable {
    /// The token sent to the API.
    public var accessToken: String
    /// What the token endpoint returned (without `refresh_token`), plus `timestamp` and `expires_at`.
    public var native: JSONObject
    /// The refresh token, when the server issued one.
    public var refreshToken: String?

    /// A credential from a token endpoint's answer (`native`), with `accessToken` and `refreshToken` taken from it.
    public init(accessToken: String, native: JSONObject, refreshToken: String? = nil) {
        self.accessToken = accessToken
        self.native = native
        self.refreshToken = refreshToken
    }

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

    /// A PagerDuty API key stored as a credential; it never expires.
    public static func apiKey(_ key: String) -> Credential {
        Credential(accessToken: key, native: ["token_type": .string("token")])
    }

    /// When the access token stops working, if the server said.
    /// Nil also when `expires_at` is not a number or lies beyond year 9999 (a hand-edited store).
    public var expiresAt: Date? { Self.expiry(native["expires_at"]) }

    /// The granted scope, if the server said.
    public var scope: String? { Self.scope(native["scope"]) }

    /// `expiresAt` from `native`'s `expires_at` value (a listing reads that member alone).
    package static func expiry(_ expiresAt: JSONValue?) -> Date? {
        guard let milliseconds = expiresAt?.doubleValue, abs(milliseconds) <= 253_402_300_799_000 else { return nil }
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    /// `scope` from `native`'s `scope` value.
    package static func scope(_ scope: JSONValue?) -> String? { scope?.stringValue }

    /// True when the token has expired or expires within `margin` of `now`.
    public func needsRefresh(now: Date = Date(), margin: TimeInterval = 300) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) <= margin
    }

    /// Key order of EveryAuth's documented example, used when printing.
    public static let nativeKeyOrder = ["scope", "id_token", "timestamp", "expires_at", "access_token", "token_type"]

    /// The JSON that `identity get` prints (EveryAuth's `getIdentity` result): no refresh token.
    public func printableJSON() -> String {
        let body: JSONValue = .object(["accessToken": .string(accessToken), "native": .object(native)])
        return body.serialized(pretty: true, keyOrder: ["accessToken", "native"] + Credential.nativeKeyOrder)
    }
}
