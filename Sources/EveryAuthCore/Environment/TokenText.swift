import Foundation

/// The rule for every token a user hands in (`--token`, stdin, `$PAGERDUTY_TOKEN`): it goes into an
/// HTTP header, so a control character (a CR/LF would start a header of its own) or a value of
/// only white space is refused before anything is sent or stored (SPEC §4).
package enum TokenText {
    /// Returns `token` when it can be sent; otherwise `InvalidInput` saying where it came from.
    /// The message never repeats the token.
    @discardableResult
    package static func validate(_ token: String, from source: InvalidInput.ValueSource = .given) throws(InvalidInput) -> String {
        if token.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw InvalidInput(.token(from: source), "the token is empty or only white space")
        }
        if ControlCharacter.any(in: token) {
            throw InvalidInput(.token(from: source), "the token contains a control character (a line break?); give the token alone")
        }
        return token
    }
}
