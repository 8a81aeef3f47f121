import Crypto
import Foundation

/// How a webhook proves where it came from: `X-EveryAuth-Signature: sha256=HEX`, the HMAC-SHA256
/// under the shared secret of `TIMESTAMP + "." + BODY`, where TIMESTAMP is the
/// `X-EveryAuth-Timestamp` header (Unix seconds). Signing the timestamp lets a receiver refuse a
/// replayed request older than its window (5 minutes) without trusting an unsigned header.
package enum WebhookSignature {
    /// The signature header's name.
    package static let signatureHeader = "X-EveryAuth-Signature"
    /// The timestamp header's name.
    package static let timestampHeader = "X-EveryAuth-Timestamp"
    /// The event id header's name.
    package static let eventIdHeader = "X-EveryAuth-Event-Id"

    /// `sha256=` and the lowercase hex HMAC-SHA256 under `secret` of `"\(timestamp)." + body`.
    package static func sign(secret: [UInt8], timestamp: Int, body: [UInt8]) -> String {
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is `sign(secret:timestamp:body:)`'s, compared in constant time; what a
    /// Swift receiver (and our tests) checks.
    package static func verify(_ signature: String, secret: [UInt8], timestamp: Int, body: [UInt8]) -> Bool {
        ConstantTime.equal(signature, sign(secret: secret, timestamp: timestamp, body: body))
    }
}
