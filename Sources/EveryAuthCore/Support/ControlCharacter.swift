/// The one definition of a control character (SPEC §6): C0 (U+0000–U+001F), DEL (U+007F) and C1
/// (U+0080–U+009F), Unicode's general category Cc. Nothing with one goes into an HTTP header, a
/// user id or a terminal as it is.
package enum ControlCharacter {
    /// True for a C0 or C1 control or DEL.
    @inlinable
    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// True when `text` holds a control character.
    package static func any(in text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }
}
