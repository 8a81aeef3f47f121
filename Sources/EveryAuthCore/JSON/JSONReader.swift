import Foundation

/// Why bytes are not JSON, with the byte offset where that was seen.
public struct JSONSyntaxError: Error, Equatable, LocalizedError {
    /// Offset of the offending byte from the start of the input.
    public var offset: Int
    /// What was wrong, in a few words.
    public var reason: String

    public var errorDescription: String? { "not JSON: \(reason) at byte \(offset)" }
}

/// The one reader of untrusted JSON bytes in the core: the store file, token responses, API errors
/// and pages. One pass over the bytes, building values directly: listing 10,000 incidents is
/// CPU-bound, and both `Decodable` and `JSONSerialization` (plus converting its `Any` tree) cost
/// several times more. The store decodes its models straight from the cursor (`readObject`,
/// `readArray`, `readString`), without building a tree first.
///
/// It follows RFC 8259 strictly, and so differs from Foundation's `JSONSerialization` on purpose:
/// - trailing commas (`[1,]`, `{"a":1,}`) are refused: the grammar has none, and a file that
///   needs them was edited by hand into something other readers refuse too;
/// - a leading byte order mark is refused: §8.1 says senders MUST NOT add one, and a BOM inside the
///   store would mean an editor rewrote it;
/// - UTF-16 and UTF-32 text is refused: §8.1 requires UTF-8 between systems, and guessing an
///   encoding from NUL bytes turns garbage into text;
/// - numbers keep their literal text (see `JSONNumber`) and names are compared byte for byte
///   (see `JSONKey`), where Foundation converts and normalizes.
/// Nesting is limited to `maxDepth`, so hostile input cannot overflow the stack.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    var index = 0
    /// Deep enough for any API body or store file.
    static let maxDepth = 512

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses `data`; throws `JSONSyntaxError` unless it is exactly one JSON value (surrounding
    /// whitespace allowed).
    static func parse(_ data: Data) throws -> JSONValue {
        try read(data) { reader in try reader.value(depth: 0) }
    }

    /// Runs `body` with a reader at the first value of `data` (encoding checks done, whitespace
    /// skipped), then checks that nothing but whitespace follows what `body` consumed.
    static func read<T>(_ data: Data, _ body: (inout JSONReader) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in
            var reader = JSONReader(bytes: raw)
            try reader.checkEncoding()
            reader.skipWhitespace()
            let result = try body(&reader)
            reader.skipWhitespace()
            guard reader.index == raw.count else { throw reader.fail("text after the JSON value") }
            return result
        }
    }

    func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: index, reason: reason) }

    /// Refuses a byte order mark and UTF-16/32 text with a reason that says so (see the type's comment).
    func checkEncoding() throws {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw fail("byte order mark (RFC 8259 allows none)")
        }
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 || (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            throw fail("UTF-16 or UTF-32 text (RFC 8259 requires UTF-8)")
        }
    }

    /// The next byte, if any.
    var next: UInt8? { index < bytes.count ? bytes[index] : nil }

    @inline(__always)
    mutating func skipWhitespace() {
        // Compact text has no whitespace: one comparison for the usual case, the loop for the rest.
        if index < bytes.count, bytes[index] > 0x20 { return }
        skipWhitespaceRun()
    }

    private mutating func skipWhitespaceRun() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Any value, as a tree; `depth` counts the containers around it.
    mutating func value(depth: Int) throws -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "{"):
            var members = JSONObject()
            try readObject(depth: depth) { key, reader in members[JSONKey(key)] = try reader.value(depth: depth + 1) }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try readArray(depth: depth) { reader in elements.append(try reader.value(depth: depth + 1)) }
            return .array(elements)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw fail("unexpected character")
        }
    }

    /// Consumes `null` when it comes next; true if it did.
    mutating func readNull() throws -> Bool {
        guard next == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail("unexpected end") }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] {
            throw fail("unknown literal")
        }
        index += count
    }

    /// An object at the cursor: `body` gets each member's name with the cursor at its value, and
    /// must consume that value. `depth` is the object's own nesting level.
    mutating func readObject(depth: Int, _ body: (String, inout JSONReader) throws -> Void) throws {
        try readObjectNames(depth: depth) { name, reader in try body(String(decoding: name, as: UTF8.self), &reader) }
    }

    /// `readObject` with each name as its (checked) UTF-8 bytes, valid only during `body`: the
    /// store matches names against its own without making a `String` of each one.
    mutating func readObjectNames(depth: Int, _ body: (UnsafeRawBufferPointer, inout JSONReader) throws -> Void) throws {
        guard try enterObject(depth: depth) else { return }
        repeat {
            try withStringBytes { name, reader in
                try reader.nameSeparator()
                try body(name, &reader)
            }
        } while try nextMember()
    }

    /// An array at the cursor: `body` is called with the cursor at each element and must consume it.
    mutating func readArray(depth: Int, _ body: (inout JSONReader) throws -> Void) throws {
        guard try enterArray(depth: depth) else { return }
        repeat {
            try body(&self)
        } while try nextElement()
    }

    // The grammar of objects and arrays, step by step, for readers that keep their own state
    // between members (`JSONCompactor`); `readObjectNames` and `readArray` are these steps in a loop.

    /// Steps into the object at the cursor (its depth is `depth`): true with the cursor at the first
    /// member's name, false when the object is empty (and consumed).
    mutating func enterObject(depth: Int) throws -> Bool {
        guard depth < Self.maxDepth else { throw fail("nested too deeply") }
        index += 1
        skipWhitespace()
        if next == UInt8(ascii: "}") { index += 1; return false }
        guard next == UInt8(ascii: "\"") else { throw fail("expected a member name") }
        return true
    }

    /// The `:` after a member's name (the cursor just past the name), leaving the cursor at the value.
    mutating func nameSeparator() throws {
        skipWhitespace()
        guard next == UInt8(ascii: ":") else { throw fail("expected ':'") }
        index += 1
        skipWhitespace()
    }

    /// After a member's value: true with the cursor at the next member's name, false at the
    /// object's end (consumed).
    mutating func nextMember() throws -> Bool {
        skipWhitespace()
        guard let byte = next else { throw fail("unexpected end") }
        if byte == UInt8(ascii: "}") { index += 1; return false }
        guard byte == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
        index += 1
        skipWhitespace()
        if next == UInt8(ascii: "}") { throw fail("trailing comma") }
        guard next == UInt8(ascii: "\"") else { throw fail("expected a member name") }
        return true
    }

    /// Steps into the array at the cursor (its depth is `depth`): true with the cursor at the first
    /// element, false when the array is empty (and consumed).
    mutating func enterArray(depth: Int) throws -> Bool {
        guard depth < Self.maxDepth else { throw fail("nested too deeply") }
        index += 1
        skipWhitespace()
        if next == UInt8(ascii: "]") { index += 1; return false }
        guard next != nil else { throw fail("unexpected end") }
        return true
    }

    /// After an element: true with the cursor at the next element, false at the array's end (consumed).
    mutating func nextElement() throws -> Bool {
        skipWhitespace()
        guard let byte = next else { throw fail("unexpected end") }
        if byte == UInt8(ascii: "]") { index += 1; return false }
        guard byte == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
        index += 1
        skipWhitespace()
        if next == UInt8(ascii: "]") { throw fail("trailing comma") }
        guard next != nil else { throw fail("unexpected end") }
        return true
    }

    /// Where the run of string bytes that need no escape starts at `start` ends: the index of the first
    /// `"`, `\\` or control character (or `bytes.count`), and whether a byte of the run is non-ASCII
    /// (so UTF-8 must be checked). Eight bytes at a time: most strings in API bodies are runs of
    /// plain ASCII, and a byte loop over them was a tenth of a listing's CPU.
    @inline(__always)
    static func plainRun(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (end: Int, nonASCII: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        var seen: UInt64 = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                // A byte of `word` equal to `"` or `\\`, or below 0x20: the classic "has a zero byte"
                // test (exact for whether any byte matches) on word ^ pattern, and "has a byte < n".
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)) & highs
                if special != 0 {
                    // A borrow can mark bytes above a matching one, never below it: the lowest mark
                    // is the first match (the word was loaded little-endian).
                    let plain = special.trailingZeroBitCount >> 3
                    seen |= word & ((1 &<< UInt64(plain &* 8)) &- 1)
                    return (index + plain, seen & highs != 0)
                }
                seen |= word
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            seen |= UInt64(byte)
            index += 1
        }
        return (index, seen & highs != 0)
    }

    /// The string literal at the cursor as checked UTF-8 bytes, valid only during `body`; without
    /// escapes (the common case) these are the input's own bytes and nothing is allocated.
    mutating func withStringBytes<T>(_ body: (UnsafeRawBufferPointer, inout JSONReader) throws -> T) throws -> T {
        let start = index + 1
        let (end, nonASCII) = Self.plainRun(bytes, from: start)
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let run = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            if nonASCII, String(validating: run, as: UTF8.self) == nil { index = start; throw fail("invalid UTF-8") }
            index = end + 1
            return try body(run, &self)
        }
        var text = try readString()
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0), &self) }
    }

    /// A string literal starting at the opening quote. Runs without escapes are copied whole.
    mutating func readString() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the common case for API bodies.
        index = Self.plainRun(bytes, from: index).end
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let text = try utf8(start..<index)
            index += 1
            return text
        }
        var decoded: [UInt8] = Array(bytes[start..<index])
        while true {
            guard index < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let text = String(validating: decoded, as: UTF8.self) else { throw fail("invalid UTF-8") }
                return text
            }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                // The run up to the next quote, escape or control character, whole.
                let end = Self.plainRun(bytes, from: index).end
                decoded.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]).assumingMemoryBound(to: UInt8.self))
                index = end
                continue
            }
            index += 1
            guard index < bytes.count else { throw fail("unterminated string") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"): appendScalar(try unicodeEscape(), to: &decoded)
            default: index -= 1; throw fail("unknown escape")
            }
        }
    }

    /// The scalar of a `\u` escape (four hex digits after the `u`), joining a UTF-16 surrogate pair.
    mutating func unicodeEscape() throws -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("lone high surrogate")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low), let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                throw fail("high surrogate without a low one")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw fail("lone low surrogate") }
        return scalar
    }

    mutating func hex4() throws -> UInt32 {
        guard bytes.count - index >= 4 else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("bad hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    func appendScalar(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }

    func utf8(_ range: Range<Int>) throws -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        // ASCII needs no validation; `String(decoding:)` then only copies.
        var ascii = true
        for byte in slice where byte >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else { throw fail("invalid UTF-8") }
        return text
    }

    /// A number per JSON's grammar, kept as its text; no conversion happens until someone asks.
    mutating func readNumber() throws -> JSONNumber {
        let length = JSONNumber.grammarLength(bytes, from: index)
        guard length > 0 else { throw fail("malformed number") }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<index + length]), as: UTF8.self)
        index += length
        return JSONNumber(checkedLiteral: text)
    }
}
