import Foundation

/// Why bytes are not JSON, with the byte offset where that was seen.
package struct JSONSyntaxError: Error, Equatable, LocalizedError {
    /// Offset of the offending byte from the start of the input.
    package var offset: Int
    /// What was wrong, in a few words.
    package var reason: String

    package var errorDescription: String? { "not JSON: \(reason) at byte \(offset)" }
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
    let bytes: ByteView
    var index = 0
    /// Deep enough for any API body or store file.
    static let maxDepth = 512

    init(bytes: ByteView) { self.bytes = bytes }

    /// Parses `data`; throws `JSONSyntaxError` unless it is exactly one JSON value (surrounding
    /// whitespace allowed).
    static func parse(_ data: Data) throws -> JSONValue {
        try read(data) { reader in try reader.value(depth: 0) }
    }

    /// Runs `body` with a reader at the first value of `data` (encoding checks done, whitespace
    /// skipped), then checks that nothing but whitespace follows what `body` consumed.
    static func read<T>(_ data: Data, _ body: (inout JSONReader) throws -> T) throws -> T {
        try ByteView.with(data) { bytes in
            var reader = JSONReader(bytes: bytes)
            try reader.checkEncoding()
            reader.skipWhitespace()
            let result = try body(&reader)
            reader.skipWhitespace()
            guard reader.index == bytes.count else { throw reader.fail("text after the JSON value") }
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
        guard bytes.has(word, at: index) else { throw fail("unknown literal") }
        index += count
    }

    /// An object at the cursor: `body` gets each member's name with the cursor at its value, and
    /// must consume that value. `depth` is the object's own nesting level.
    mutating func readObject(depth: Int, _ body: (String, inout JSONReader) throws -> Void) throws {
        try readObjectNames(depth: depth) { name, reader in try body(String(decoding: name, as: UTF8.self), &reader) }
    }

    /// `readObject` with each name as its (checked) UTF-8 bytes, valid only during `body`: the
    /// store matches names against its own without making a `String` of each one.
    mutating func readObjectNames(depth: Int, _ body: (ByteView, inout JSONReader) throws -> Void) throws {
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
        guard try separator(closing: UInt8(ascii: "}"), "expected ',' or '}'") else { return false }
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
        guard try separator(closing: UInt8(ascii: "]"), "expected ',' or ']'") else { return false }
        guard next != nil else { throw fail("unexpected end") }
        return true
    }

    /// After a member or an element: true past a `,` (whitespace skipped), false past `closing`.
    @inline(__always)
    private mutating func separator(closing: UInt8, _ expected: @autoclosure () -> String) throws -> Bool {
        skipWhitespace()
        guard let byte = next else { throw fail("unexpected end") }
        if byte == closing { index += 1; return false }
        guard byte == UInt8(ascii: ",") else { throw fail(expected()) }
        index += 1
        skipWhitespace()
        if next == closing { throw fail("trailing comma") }
        return true
    }

    /// The string literal at the cursor as checked UTF-8 bytes, valid only during `body`; without
    /// escapes (the common case) these are the input's own bytes and nothing is allocated.
    mutating func withStringBytes<T>(_ body: (ByteView, inout JSONReader) throws -> T) throws -> T {
        let start = index + 1
        let (end, nonASCII) = bytes.plainRun(from: start)
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let run = bytes.slice(start..<end)
            if nonASCII, run.validString == nil { index = start; throw fail("invalid UTF-8") }
            index = end + 1
            return try body(run, &self)
        }
        let text = try readString()
        return try ByteView.with(utf8: text) { try body($0, &self) }
    }

    /// A string literal starting at the opening quote. Runs without escapes are copied whole.
    mutating func readString() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the common case for API bodies.
        let (end, nonASCII) = bytes.plainRun(from: index)
        index = end
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let run = bytes.slice(start..<index)
            // ASCII needs no validation; making the `String` then only copies.
            guard let text = nonASCII ? run.validString : run.string else { throw fail("invalid UTF-8") }
            index += 1
            return text
        }
        var decoded: [UInt8] = bytes.slice(start..<index).array
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
                let end = bytes.plainRun(from: index).end
                decoded.append(bytes.slice(index..<end))
                index = end
                continue
            }
            index += 1
            guard index < bytes.count else { throw fail("unterminated string") }
            let escape = bytes[index]
            index += 1
            if escape == UInt8(ascii: "u") {
                appendScalar(try unicodeEscape(), to: &decoded)
            } else if let character = JSONEscape.decoded(letter: escape) {
                decoded.append(character)
            } else {
                index -= 1
                throw fail("unknown escape")
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
            guard let digit = JSONEscape.hexValue(bytes[index]) else { throw fail("bad hex digit in \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    func appendScalar(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }

    /// A number per JSON's grammar, kept as its text; no conversion happens until someone asks.
    mutating func readNumber() throws -> JSONNumber {
        let length = JSONNumber.grammarLength(bytes, from: index)
        guard length > 0 else { throw fail("malformed number") }
        let text = bytes.slice(index..<index + length).string
        index += length
        return JSONNumber(checkedLiteral: text)
    }
}
