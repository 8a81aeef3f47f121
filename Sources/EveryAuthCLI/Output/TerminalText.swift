/// Server text made safe for a terminal (SPEC §6): C0 and C1 controls, DEL and whole escape
/// sequences (CSI, OSC, DCS and friends) become one visible placeholder each, so a title or an
/// error message cannot move the cursor, retitle the window, or forge a line of output.
enum TerminalText {
    /// What a control character or escape sequence is shown as.
    static let placeholder: Character = "\u{FFFD}"

    /// `text` with every control and escape sequence replaced; `keepNewlines` keeps LF for
    /// multi-line messages of our own.
    static func sanitized(_ text: String, keepNewlines: Bool = false) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { isControl($0) && !(keepNewlines && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard isControl(scalar), !(keepNewlines && scalar == "\n") else {
                out.append(scalar)
                continue
            }
            out.append(contentsOf: String(placeholder).unicodeScalars)
            index = endOfSequence(scalars, startingAfter: index - 1)
        }
        return String(out)
    }

    /// C0 controls, DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
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
