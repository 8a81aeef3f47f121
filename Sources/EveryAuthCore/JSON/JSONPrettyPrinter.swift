import Foundation

/// Indents canonical compact JSON (what `JSONCompactor` writes) the way `JSONValue.write(pretty:
/// true)` indents the parsed value: two spaces per level, `": "` after names, empty containers as
/// `{}` and `[]`. The input was checked and put in order when it was compacted, so this only walks
/// its tokens: nothing is parsed, sorted or re-escaped.
enum JSONPrettyPrinter {
    /// Appends `compact` indented, its first line unindented and the others starting with `indent`.
    static func write(_ compact: ByteView, indent: [UInt8], into out: inout [UInt8]) {
        var indent = indent
        var index = 0
        let count = compact.count
        while index < count {
            let byte = compact[index]
            switch byte {
            case UInt8(ascii: "\""):
                // Copy the string whole: its escapes keep any quote inside it from ending it.
                var end = compact.plainRun(from: index + 1).end
                while end < count, compact[end] != UInt8(ascii: "\"") {
                    end = compact.plainRun(from: end + (compact[end] == UInt8(ascii: "\\") ? 2 : 1)).end
                }
                out.append(compact.slice(index..<min(end + 1, count)))
                index = end + 1
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(byte)
                if index + 1 < count, compact[index + 1] == byte + 2 {
                    // `{}` and `[]` (the closing bracket is two code points after the opening one).
                    out.append(byte + 2)
                    index += 2
                    continue
                }
                indent.append(0x20)
                indent.append(0x20)
                newline(indent, into: &out)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                indent.removeLast(2)
                newline(indent, into: &out)
                out.append(byte)
            case UInt8(ascii: ","):
                out.append(byte)
                newline(indent, into: &out)
            case UInt8(ascii: ":"):
                out.append(UInt8(ascii: ":"))
                out.append(0x20)
            default:
                // Numbers and literals, byte by byte up to the next structural byte.
                var end = index + 1
                while end < count {
                    let next = compact[end]
                    if next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]") { break }
                    end += 1
                }
                out.append(compact.slice(index..<end))
                index = end
                continue
            }
            index += 1
        }
    }

    private static func newline(_ indent: [UInt8], into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: indent)
    }
}
