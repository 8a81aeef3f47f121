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
