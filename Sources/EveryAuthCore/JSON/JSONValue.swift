import Foundation

/// Any JSON value, as read by `JSONReader` (the one reader of untrusted bytes in the core) or built
/// by code. Numbers keep their literal text and object names are compared byte for byte, so a
/// value read and written again is the value that was sent.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A number the code computed; infinities and NaN, which JSON cannot express, become `null`
    /// (as in JavaScript's `JSON.stringify`) rather than a text no reader accepts.
    public static func number(_ value: Double) -> JSONValue {
        JSONNumber(value).map(JSONValue.number) ?? .null
    }

    /// An integer.
    public static func number(_ value: Int) -> JSONValue {
        .number(JSONNumber(value))
    }

    /// An object from a Swift dictionary.
    public static func object(_ members: [String: JSONValue]) -> JSONValue {
        .object(JSONObject(members))
    }

    /// Parses JSON text (RFC 8259, UTF-8); throws `JSONSyntaxError` with the offset of the problem.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONReader.parse(data)
    }

    /// An error answer's body when it is JSON, nil when it is not (an HTML page from a proxy, an
    /// empty body): callers then describe the answer by its status instead.
    public static func parseIfJSON(_ data: Data) -> JSONValue? {
        do {
            return try JSONReader.parse(data)
        } catch {
            return nil
        }
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, when this is one or a string holding exactly one number literal (some OAuth
    /// servers send `"expires_in": "3600"`); `"nan"`, `"inf"` and the like are not numbers.
    public var numberValue: JSONNumber? {
        switch self {
        case .number(let value): return value
        case .string(let value): return JSONNumber(literal: value)
        default: return nil
        }
    }

    /// The number as a finite `Double` (see `numberValue`); nil beyond `Double`'s range.
    public var doubleValue: Double? { numberValue?.doubleValue }

    /// The number as an exact `Int` (see `numberValue`); nil when not whole or out of range.
    public var intValue: Int? { numberValue?.intValue }

    /// The members, when this is an object.
    public var objectValue: JSONObject? {
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
}
