import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636), S256 only: `plain` would hand the verifier to anyone
/// who sees the authorization request.
package struct PKCE: Sendable, Equatable {
    /// The secret sent only to the token endpoint: 43 base64url characters from 32 random bytes.
    package let verifier: String
    /// `base64url(SHA256(verifier))`, sent in the authorization URL.
    package let challenge: String
    /// Always `S256`.
    package static let method = "S256"

    /// A fresh verifier from the system's secure generator.
    package init() {
        self.init(verifier: Base64URL.encode(SecureRandom.bytes(32)))
    }

    /// The pair for a given verifier (tests use RFC 7636 Appendix B's).
    package init(verifier: String) {
        self.verifier = verifier
        challenge = PKCE.challenge(for: verifier)
    }

    /// The S256 challenge of `verifier`.
    package static func challenge(for verifier: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    /// A fresh `state` value: 32 random bytes, base64url.
    package static func newState() -> String {
        Base64URL.encode(SecureRandom.bytes(32))
    }
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5), as PKCE requires.
package enum Base64URL {
    /// Encodes `bytes`.
    package static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
