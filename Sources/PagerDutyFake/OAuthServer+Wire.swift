import Crypto
import Foundation
import Synchronization

/// The OAuth server's wire pieces, as RFC 6749 and RFC 7636 write them: random tokens, the
/// verifier's alphabet, S256, error bodies and plain pages.
extension OAuthServer {
    static func token(_ prefix: String) -> String {
        var random = SystemRandomNumberGenerator()
        return prefix + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
    }

    /// RFC 7636 §4.1: 43 to 128 characters from the unreserved set.
    static func isVerifier(_ text: String) -> Bool {
        (43...128).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~".utf8.contains(byte)
        }
    }

    /// RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(code_verifier))) without padding.
    static func challenge(for verifier: String) -> String {
        let digest = Data(SHA256.hash(data: Data(verifier.utf8)))
        return digest.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func error(_ status: Int, _ code: String, _ description: String) -> FakeResponse {
        .json(status, .object([("error", .string(code)), ("error_description", .string(description))]))
    }

    static func page(_ status: Int, _ text: String) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "text/plain")], body: Data((text + "\n").utf8))
    }
}
