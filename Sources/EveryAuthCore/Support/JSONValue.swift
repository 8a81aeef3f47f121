import Foundation

/// Any JSON value; used where a server's fields must be kept as they came (`native`).
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 9.0e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, when this is one (or a string holding one).
    public var doubleValue: Double? {
        switch self {
        case .number(let value): return value
        case .string(let value): return Double(value)
        default: return nil
        }
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Member lookup on objects; nil otherwise.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Serializes with object keys in `keyOrder` first (in that order), then the rest sorted,
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
        write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: &prefix)
    }

    /// `indent` grows by two spaces per level and is restored on the way out.
    private func write(into out: inout [UInt8], pretty: Bool, keyOrder: [String], indent: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): JSONValue.writeNumber(value, into: &out)
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
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            indent.append(contentsOf: "  ".utf8)
            var first = true
            func member(_ key: String, _ value: JSONValue) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if pretty { out.append(0x0A); out.append(contentsOf: indent) }
                JSONValue.writeQuoted(key, into: &out)
                if pretty { out.append(contentsOf: ": ".utf8) } else { out.append(UInt8(ascii: ":")) }
                value.write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: &indent)
            }
            var rest: [(key: String, value: JSONValue)] = []
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

    /// Whole numbers without `.0` (as EveryAuth prints them); others in Swift's shortest form.
    private static func writeNumber(_ value: Double, into out: inout [UInt8]) {
        guard value.rounded() == value, abs(value) < 9.0e15 else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var whole = Int64(value)
        if whole == 0 { out.append(UInt8(ascii: "0")); return }
        if whole < 0 { out.append(UInt8(ascii: "-")); whole = -whole }
        let start = out.count
        while whole > 0 {
            out.append(UInt8(ascii: "0") + UInt8(whole % 10))
            whole /= 10
        }
        out[start...].reverse()
    }

    /// A JSON string literal for `text`.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        writeQuoted(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON string literal for `text`: `"`, `\\` and control characters escaped,
    /// everything else (including non-ASCII) as its UTF-8 bytes.
    private static func writeQuoted(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
