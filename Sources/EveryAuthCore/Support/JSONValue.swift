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
        var out = ""
        write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: indent)
        return out
    }

    private func write(into out: inout String, pretty: Bool, keyOrder: [String], indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 9.0e15 {
                out += String(Int64(value))
            } else {
                out += String(value)
            }
        case .string(let value): out += JSONValue.quote(value)
        case .array(let values):
            if values.isEmpty { out += "[]"; return }
            let inner = indent + "  "
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                if pretty { out += "\n" + inner }
                value.write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: inner)
            }
            if pretty { out += "\n" + indent }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            let inner = indent + "  "
            let known = keyOrder.filter { members[$0] != nil }
            let rest = members.keys.filter { !keyOrder.contains($0) }.sorted()
            out += "{"
            for (index, key) in (known + rest).enumerated() {
                if index > 0 { out += "," }
                if pretty { out += "\n" + inner }
                out += JSONValue.quote(key)
                out += pretty ? ": " : ":"
                members[key]!.write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: inner)
            }
            if pretty { out += "\n" + indent }
            out += "}"
        }
    }

    /// A JSON string literal for `text`.
    public static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }
}
