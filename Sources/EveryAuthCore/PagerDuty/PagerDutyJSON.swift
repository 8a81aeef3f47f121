import Foundation

/// Fast parsing of API bodies into `JSONValue`: Foundation's `JSONSerialization` is several
/// times quicker than decoding `JSONValue` through `Decodable`, which matters at 10,000 incidents.
enum PagerDutyJSON {
    /// Parses `data`; throws when it is not JSON.
    static func parse(_ data: Data) throws -> JSONValue {
        value(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private static func value(_ any: Any) -> JSONValue {
        switch any {
        case let text as String: return .string(text)
        case let number as NSNumber:
            // JSON booleans arrive as NSNumber with the C type `char`.
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        case let array as [Any]: return .array(array.map(value))
        case let object as [String: Any]: return .object(object.mapValues(value))
        default: return .null
        }
    }
}
