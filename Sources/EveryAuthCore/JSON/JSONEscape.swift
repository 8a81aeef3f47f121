/// Which escape a JSON string's character is written with: the one definition of the canonical
/// string form. The serializer writes `canonical(_:)` for every byte that needs an escape; the
/// compactor and the store scanner accept a literal as already canonical exactly when each of its
/// escapes is that one (`canonicalLiteral`), so text that passes is what the serializer would write.
enum JSONEscape {
    /// The escape of one character, backslash first: up to six bytes packed little-endian.
    struct Sequence {
        let word: UInt64
        let count: Int

        /// Byte `offset` of the escape.
        subscript(offset: Int) -> UInt8 { UInt8(truncatingIfNeeded: word >> (8 * UInt64(offset))) }
    }

    /// The escape the serializer writes for `byte`, which must need one (`"`, `\` or a control
    /// character; `ByteView.plainRun` stops at exactly these): JSON's two-byte form where it has one,
    /// else `\u00xx` with lowercase digits. Every other character, non-ASCII ones included, is
    /// written as its UTF-8 bytes.
    static func canonical(_ byte: UInt8) -> Sequence {
        assert(byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\"), "no escape for \(byte)")
        let letter: UInt8
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): letter = byte
        case 0x0A: letter = UInt8(ascii: "n")
        case 0x0D: letter = UInt8(ascii: "r")
        case 0x09: letter = UInt8(ascii: "t")
        case 0x08: letter = UInt8(ascii: "b")
        case 0x0C: letter = UInt8(ascii: "f")
        default:
            let unicode = UInt64(0x3030_755C)  // `\u00`
            return Sequence(word: unicode | UInt64(hexDigits[Int(byte >> 4)]) << 32 | UInt64(hexDigits[Int(byte & 0xF)]) << 40, count: 6)
        }
        return Sequence(word: UInt64(UInt8(ascii: "\\")) | UInt64(letter) << 8, count: 2)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` (valid UTF-8) as a JSON string literal, quotes included, escaping only what
    /// needs it, the canonical way.
    static func appendQuoted(_ text: ByteView, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        while true {
            let end = text.plainRun(from: start).end
            out.append(text.slice(start..<end))
            guard end < text.count else { break }
            let escape = canonical(text[end])
            for offset in 0..<escape.count { out.append(escape[offset]) }
            start = end + 1
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The character the two-byte escape `\` + `letter` stands for, per JSON's grammar (which has
    /// `\/` too); nil when there is no such escape (`\u` is read on its own).
    static func decoded(letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return letter
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// The length of the escape at `position` (a backslash) when it is the one `canonical` gives
    /// for the character it stands for; nil for any other escape (`\/`, `\u00e9`, `\u000A`, `\u001F`).
    static func canonicalLength(_ bytes: ByteView, at position: Int) -> Int? {
        guard position + 1 < bytes.count else { return nil }
        let letter = bytes[position + 1]
        let character: UInt8
        if letter == UInt8(ascii: "u") {
            // The character a canonical `\u00xx` would stand for; the comparison below checks the rest.
            guard position + 5 < bytes.count, let high = hexValue(bytes[position + 4]), let low = hexValue(bytes[position + 5]) else {
                return nil
            }
            character = high << 4 | low
        } else {
            guard let decoded = decoded(letter: letter) else { return nil }
            character = decoded
        }
        guard character < 0x20 || character == UInt8(ascii: "\"") || character == UInt8(ascii: "\\") else { return nil }
        let escape = canonical(character)
        guard bytes.count - position >= escape.count else { return nil }
        for offset in 1..<escape.count where bytes[position + offset] != escape[offset] { return nil }
        return escape.count
    }

    /// A hex digit's value, either case (as JSON's `\\u` escapes allow).
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The string literal whose opening quote is at `start`, when it is exactly what `appendQuoted`
    /// writes for its text: every escape canonical, valid UTF-8. Gives where its closing quote is,
    /// whether it has an escape and whether it has a non-ASCII byte; nil for any other literal (or
    /// none at `start`), which the caller decodes or refuses.
    static func canonicalLiteral(_ bytes: ByteView, at start: Int) -> (end: Int, escaped: Bool, nonASCII: Bool)? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else { return nil }
        var position = start + 1
        var escaped = false, nonASCII = false
        while true {
            let run = bytes.plainRun(from: position)
            nonASCII = nonASCII || run.nonASCII
            guard run.end < bytes.count else { return nil }
            if bytes[run.end] == UInt8(ascii: "\"") { position = run.end; break }
            guard bytes[run.end] == UInt8(ascii: "\\"), let length = canonicalLength(bytes, at: run.end) else { return nil }
            escaped = true
            position = run.end + length
        }
        // Escapes are ASCII, so checking the text between the quotes whole checks every run in it.
        if nonASCII, bytes.slice(start + 1..<position).validString == nil { return nil }
        return (position, escaped, nonASCII)
    }
}
