import EveryAuthCore

/// The one terminal sanitizer (SPEC §6): C0 and C1 controls, DEL and whole escape sequences (CSI,
/// OSC, DCS and friends) become one visible placeholder each, so a title, a URL or an error message
/// cannot move the cursor, retitle the window, plant a hyperlink or forge a line of output. Every
/// byte an `OutputSink` writes to a terminal passes through here, whatever the format; only our
/// own `TerminalControl` sequences are written as they are.
enum TerminalText {
    /// What a control character or escape sequence is shown as.
    static let placeholder: Character = "\u{FFFD}"

    /// `text` with every control and escape sequence replaced; `keepNewlines` keeps LF for
    /// multi-line messages of our own, `keepTabs` keeps TAB (TSV's separator on a terminal).
    static func sanitized(_ text: String, keepNewlines: Bool = false, keepTabs: Bool = false) -> String {
        func kept(_ scalar: Unicode.Scalar) -> Bool { (keepNewlines && scalar == "\n") || (keepTabs && scalar == "\t") }
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { isControl($0) && !kept($0) }) else { return text }
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard isControl(scalar), !kept(scalar) else {
                out.append(scalar)
                continue
            }
            out.append(contentsOf: String(placeholder).unicodeScalars)
            index = endOfSequence(scalars, startingAfter: index - 1)
        }
        return String(out)
    }

    /// UTF-8 `bytes` on their way to a terminal: unchanged (and not copied) unless they hold a
    /// control other than LF and TAB, else `sanitized` with line breaks and tabs kept. Invalid UTF-8
    /// is shown as U+FFFD too.
    static func sanitized(bytes: [UInt8]) -> [UInt8] {
        var suspicious = false
        for (index, byte) in bytes.enumerated() {
            // C0 but LF and TAB, DEL, and C1 (U+0080–U+009F is 0xC2 0x80–0x9F in UTF-8).
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F
                || (byte == 0xC2 && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1])) {
                suspicious = true
                break
            }
        }
        guard suspicious || String(validating: bytes, as: UTF8.self) == nil else { return bytes }
        return Array(sanitized(String(decoding: bytes, as: UTF8.self), keepNewlines: true, keepTabs: true).utf8)
    }

    /// C0 controls, DEL and C1 controls (`ControlCharacter`, the one definition).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        ControlCharacter.isControl(scalar)
    }

    /// The index after the escape sequence that starts at `start`, or after `start` alone.
    private static func endOfSequence(_ scalars: [Unicode.Scalar], startingAfter start: Int) -> Int {
        var index = start + 1
        var introducer = scalars[start].value
        if introducer == 0x1B {
            guard index < scalars.count else { return index }
            let next = scalars[index].value
            switch next {
            case 0x5B: introducer = 0x9B  // ESC [ : CSI
            case 0x5D: introducer = 0x9D  // ESC ] : OSC
            case 0x50, 0x58, 0x5E, 0x5F: introducer = 0x90  // DCS, SOS, PM, APC: strings like OSC
            default:
                // ESC and one character (ESC c, ESC 7 ...) when it is printable ASCII.
                return (0x20...0x7E).contains(next) ? index + 1 : index
            }
            index += 1
        }
        switch introducer {
        case 0x9B:
            // Parameters and intermediates, then one final byte 0x40...0x7E.
            while index < scalars.count {
                let value = scalars[index].value
                index += 1
                if (0x40...0x7E).contains(value) { return index }
                if !(0x20...0x3F).contains(value) { return index - 1 }
            }
            return index
        case 0x9D, 0x90, 0x98, 0x9E, 0x9F:
            // A string ended by BEL, ST (ESC \) or C1 ST.
            while index < scalars.count {
                let value = scalars[index].value
                index += 1
                if value == 0x07 || value == 0x9C { return index }
                if value == 0x1B { return index < scalars.count && scalars[index] == "\\" ? index + 1 : index }
            }
            return index
        default:
            return index
        }
    }
}

/// Our own terminal sequences: the only bytes an `OutputSink` writes to a terminal without the
/// sanitizer, so that no text from a server, a browser or a store can pass for one of them.
enum TerminalControl: Sendable {
    /// Back to the line's start and clear it (progress lines).
    case clearLine
    /// SGR colours around our own labels.
    case red, yellow, green, bold, reset

    var bytes: [UInt8] {
        switch self {
        case .clearLine: return Array("\r\u{1B}[K".utf8)
        case .red: return Array("\u{1B}[31m".utf8)
        case .yellow: return Array("\u{1B}[33m".utf8)
        case .green: return Array("\u{1B}[32m".utf8)
        case .bold: return Array("\u{1B}[1m".utf8)
        case .reset: return Array("\u{1B}[0m".utf8)
        }
    }
}

/// Which stored text may reach a shell as a completion candidate (SPEC §6): bash feeds candidates
/// to `compgen -W`, which expands `$(...)`, backticks and `${...}` in them, and every shell puts the
/// chosen one on the command line as typed. A user id or tag can arrive from any browser through
/// `everyauth serve`, so a candidate is offered only when it is an inert word in bash, zsh and fish:
/// letters, digits and `-_.@+=,/%^`, or non-ASCII text that is neither a control, a format
/// character (bidi overrides) nor white space. Anything else is left out, never quoted: a word
/// quoted for one shell is code for another, and the user can still type it. (A colon is left
/// out too: zsh's `_describe` would take what follows it for a description.)
enum ShellWord {
    /// True when `candidate` can be offered to any shell as it is.
    static func isInert(_ candidate: String) -> Bool {
        !candidate.isEmpty && candidate.unicodeScalars.allSatisfy(isInert)
    }

    /// The candidates that are inert, in their order.
    static func inert(_ candidates: [String]) -> [String] {
        candidates.filter(isInert)
    }

    private static func isInert(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "@", "+", "=", ",", "/", "%", "^": return true
            default: return false
            }
        }
        if ControlCharacter.isControl(scalar) { return false }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .control, .surrogate, .privateUse, .unassigned:
            return false
        default:
            return true
        }
    }
}
