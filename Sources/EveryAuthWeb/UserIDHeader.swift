import EveryAuthCore
import HTTPTypes

/// The user id an authenticating proxy put in a request header (`everyauth serve`'s
/// `--user-id-header`), read from the field's bytes and held to the user-id rule (SPEC §3):
/// 1 to 256 bytes of valid UTF-8 without control characters. An app mounting
/// `AuthorizationRoutes` behind such a proxy can use it as its `mapToUserId`.
public enum UserIDHeader {
    /// The value of the one field `name` in `headers`: nil when there is none, it is empty, or
    /// there are several (something in front did not overwrite what the client sent: nobody is
    /// signed in). A value breaking the rule throws `InvalidUserID` (a 400 page). SwiftNIO's HTTP/1
    /// parser has already turned invalid UTF-8 into U+FFFD when the field reaches us, so a U+FFFD
    /// is refused as invalid UTF-8: it is never stored as if it were the user's own text.
    public static func value(in headers: HTTPFields, named name: HTTPField.Name) throws(InvalidUserID) -> String? {
        let fields = headers[fields: name]
        guard fields.count == 1 else { return nil }
        var bytes = fields[0].withUnsafeBytesOfValue { Array($0) }
        // Leading and trailing spaces and tabs belong to HTTP's syntax, not to the value (RFC 9110 §5.5).
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
        let value = bytes[start...]
        if value.isEmpty { return nil }
        if containsReplacementCharacter(value) { throw InvalidUserID(problem: .invalidUTF8) }
        return try UserID.validate(bytes: value)
    }

    /// True when `bytes` hold U+FFFD's UTF-8 (EF BF BD).
    private static func containsReplacementCharacter(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex {
            if bytes[index] == 0xEF && bytes[index + 1] == 0xBF && bytes[index + 2] == 0xBD { return true }
            index += 1
        }
        return false
    }
}
