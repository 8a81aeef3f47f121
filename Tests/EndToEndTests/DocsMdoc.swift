import Foundation

/// Escaping and line building for mdoc(7), so that no parser text can turn into a roff request.
enum DocsMdoc {
    /// mdoc's delimiters: as a bare macro argument they would be set as punctuation.
    private static let delimiters: Set<String> = [".", ",", ";", ":", "(", ")", "[", "]", "?", "!", "|"]

    /// Text for a text line: backslashes, leading control characters and non-ASCII made safe.
    static func text(_ value: String) -> String {
        var escaped = escapeCharacters(value)
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }

    /// One macro argument: quoted when it has spaces, protected when it looks like a macro name or delimiter.
    static func argument(_ value: String) -> String {
        var escaped = escapeCharacters(value).replacingOccurrences(of: "\"", with: "\\(dq")
        if escaped.isEmpty { return "\"\"" }
        if looksLikeMacro(escaped) || delimiters.contains(escaped) || escaped.hasPrefix(".") || escaped.hasPrefix("'") {
            escaped = "\\&" + escaped
        }
        return escaped.contains(" ") || escaped.contains("\t") ? "\"\(escaped)\"" : escaped
    }

    /// Prose as text lines: one line per source line, blank lines as paragraph breaks.
    static func paragraphs(_ value: String) -> [String] {
        var lines: [String] = []
        var pendingBreak = false
        for raw in value.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                pendingBreak = !lines.isEmpty
                continue
            }
            if pendingBreak { lines.append(".Pp"); pendingBreak = false }
            lines.append(text(line))
        }
        return lines
    }

    /// Lines of a literal display, where spacing matters but control characters still must not start a line.
    static func literal(_ value: String) -> [String] {
        value.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.isEmpty ? "" : text(String(line))
        }
    }

    private static func escapeCharacters(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\e"
            case "\t": result += " "
            case _ where scalar.value < 0x20: continue
            case _ where scalar.value > 0x7E: result += String(format: "\\[u%04X]", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `Ar`, `Fl`, `Nm`, `Brq`: words that mdoc would call as macros inside a macro line.
    private static func looksLikeMacro(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard (2...3).contains(scalars.count), let first = scalars.first else { return false }
        return CharacterSet.uppercaseLetters.contains(first)
            && scalars.dropFirst().allSatisfy { CharacterSet.lowercaseLetters.contains($0) }
    }
}
