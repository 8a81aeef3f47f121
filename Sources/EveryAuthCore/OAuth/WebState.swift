import Crypto
import Foundation

/// The OAuth `state` of a web authorization (SPEC §2 "serve"): `<id>.<secret>`. The id is the
/// pending authorization's key in the store; only SHA-256 of the secret is stored, so a reader of
/// the store (or of a database backup) cannot finish someone's authorization. The id begins with
/// the expiry in seconds since the epoch, so that a callback whose pending entry was already
/// purged can still be told "expired" rather than "unknown"; it decides only which refusal is
/// shown, never whether a callback is accepted.
package struct WebState: Sendable, Equatable {
    /// The public half: `<expiry seconds>-<32 hex>`.
    package let id: String
    /// The secret half: 32 random bytes, base64url.
    package let secret: String

    /// A fresh state for an authorization that expires at `expiresAt`.
    package init(expiresAt: Date) {
        let seconds = Int64(expiresAt.timeIntervalSince1970.rounded(.up))
        id = "\(seconds)-" + SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined()
        secret = Base64URL.encode(SecureRandom.bytes(32))
    }

    /// Reads a `state` from a callback; nil for anything this flow could not have sent.
    package init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isWellFormedId(parts[0]), parts[1].utf8.count == 43,
              parts[1].utf8.allSatisfy({ Self.isBase64URL($0) }) else { return nil }
        id = String(parts[0])
        secret = String(parts[1])
    }

    /// What travels in the authorization URL and comes back on the callback.
    package var value: String { id + "." + secret }

    /// What the store keeps: SHA-256 of the secret, lowercase hex.
    package var secretHash: String { Self.hash(secret) }

    /// True when this state's secret is the one `stateHash` was made from; constant time.
    package func matches(stateHash: String) -> Bool {
        ConstantTime.equal(secretHash, stateHash)
    }

    /// The expiry written into the id when it was made.
    package var expiresAt: Date {
        let seconds = id.split(separator: "-").first.flatMap { Int64($0) } ?? 0
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func isWellFormedId(_ id: Substring) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...12).contains(parts[0].count), parts[0].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              parts[1].count == 32 else { return false }
        return parts[1].utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"): return true
        default: return false
        }
    }
}
