import Foundation

/// The rule for every token a user hands in (`--token`, stdin, `$PAGERDUTY_TOKEN`): it goes into an
/// HTTP header, so a control character (a CR/LF would start a header of its own) or a value of
/// only white space is refused before anything is sent or stored (SPEC §4).
public enum TokenText {
    /// Returns `token` when it can be sent; otherwise a usage error naming `source`. The message
    /// never repeats the token.
    @discardableResult
    public static func validate(_ token: String, source: String) throws -> String {
        if token.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw UsageError("\(source): the token is empty or only white space")
        }
        if token.unicodeScalars.contains(where: isControl) {
            throw UsageError("\(source): the token contains a control character (a line break?); give the token alone")
        }
        return token
    }

    /// C0 controls, DEL and C1 controls: nothing a header value may carry.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
