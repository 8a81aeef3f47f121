import Foundation

/// Text a server chose (an OAuth `error_description`, PagerDuty's error message, a body's first
/// line) made fit for a terminal line (SPEC §6): a hostile or echoing server must neither move
/// the cursor, nor put our own secrets on stderr, nor flood it.
package enum ServerText {
    /// What replaces each control character: visible, and never part of an escape sequence.
    package static let placeholder: Unicode.Scalar = "\u{FFFD}"
    /// Longest server text kept in one message, in characters.
    package static let maxLength = 200

    /// `text` with C0 and C1 control characters and DEL replaced by the placeholder.
    package static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: ControlCharacter.isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(ControlCharacter.isControl(scalar) ? placeholder : scalar) }
        return String(scalars)
    }

    /// Server text for an error message: `secrets` (values we sent) and secret fields redacted
    /// first, so a cut cannot expose part of one; then control characters replaced; then bounded.
    package static func forMessage(_ text: String, secrets: [String] = [], maxLength: Int = ServerText.maxLength) -> String {
        let redacted = Redaction.secrets(secrets, in: Redaction.body(text))
        let clean = safe(redacted.trimmingCharacters(in: .whitespacesAndNewlines))
        return clean.count > maxLength ? String(clean.prefix(max(0, maxLength - 1))) + "…" : clean
    }
}
