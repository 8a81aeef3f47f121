import Foundation

/// Serialization of `JSONValue`: compact or pretty (two spaces), numbers as their literal text,
/// strings with only `"`, `\` and control characters escaped (`JSONEscape`).
extension JSONValue {
    /// Serializes with object keys in `keyOrder` first (in that order), then the rest in byte order,
    /// so that printed credentials look like EveryAuth's and are stable between runs.
    public func serialized(pretty: Bool, keyOrder: [String] = [], indent: String = "") -> String {
        var out: [UInt8] = []
        write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends what `serialized` returns, as UTF-8, to `out`; bytes rather than `String`s because
    /// listing 10,000 incidents spends most of its output time here.
    public func write(into out: inout [UInt8], pretty: Bool, keyOrder: [String] = [], indent: String = "") {
        var prefix = Array(indent.utf8)
        let order = keyOrder.map { JSONKey($0) }
        write(into: &out, pretty: pretty, keyOrder: order, indent: &prefix)
    }

    /// `indent` grows by two spaces per level and is restored on the way out.
    func write(into out: inout [UInt8], pretty: Bool, keyOrder: [JSONKey], indent: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): out.append(contentsOf: value.literal.utf8)
        case .string(let value): JSONValue.writeQuoted(value, into: &out)
        case .array(let values):
            if values.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            indent.append(contentsOf: "  ".utf8)
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { out.append(0x0A); out.append(contentsOf: indent) }
                value.write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: &indent)
            }
            indent.removeLast(2)
            if pretty { out.append(0x0A); out.append(contentsOf: indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            let members = object.members
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            indent.append(contentsOf: "  ".utf8)
            var first = true
            func member(_ key: JSONKey, _ value: JSONValue) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if pretty { out.append(0x0A); out.append(contentsOf: indent) }
                JSONValue.writeQuoted(key.text, into: &out)
                if pretty { out.append(contentsOf: ": ".utf8) } else { out.append(UInt8(ascii: ":")) }
                value.write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: &indent)
            }
            var rest: [(key: JSONKey, value: JSONValue)] = []
            rest.reserveCapacity(members.count)
            if keyOrder.isEmpty {
                for entry in members { rest.append(entry) }
            } else {
                for key in keyOrder { if let value = members[key] { member(key, value) } }
                for entry in members where !keyOrder.contains(entry.key) { rest.append(entry) }
            }
            rest.sort { $0.key < $1.key }
            for entry in rest { member(entry.key, entry.value) }
            indent.removeLast(2)
            if pretty { out.append(0x0A); out.append(contentsOf: indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal for `text`.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        writeQuoted(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON string literal for `text`: `"`, `\\` and control characters escaped (see
    /// `JSONEscape`), everything else (including non-ASCII) as its UTF-8 bytes.
    static func writeQuoted(_ text: String, into out: inout [UInt8]) {
        ByteView.with(utf8: text) { JSONEscape.appendQuoted($0, to: &out) }
    }
}
