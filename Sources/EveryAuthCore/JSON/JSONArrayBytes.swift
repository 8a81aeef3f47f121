import Foundation

/// The elements of a JSON array, checked and kept as bytes in canonical compact form (what
/// `JSONValue.write(pretty: false)` gives the parsed element) rather than built into values. A
/// listing written as json/ndjson goes from these bytes to stdout without a `JSONValue` tree in
/// between (parsing and re-serializing the trees of 10,000 incidents cost most of the listing's
/// CPU); formats that look inside an element (table, csv, `--fields`) ask for `values`.
package struct JSONArrayBytes: Sendable {
    /// The elements' canonical compact bytes, one after the other.
    package let data: Data
    /// Each element's bytes in `data`, in order.
    let ranges: [Range<Int>]

    private init(data: Data, ranges: [Range<Int>]) {
        self.data = data
        self.ranges = ranges
    }

    /// No elements.
    package init() {
        self.init(data: Data(), ranges: [])
    }

    /// The elements of `data`, which must be one JSON array; throws `JSONSyntaxError` where
    /// `JSONValue.parse` would, and when the value is not an array.
    package init(array data: Data) throws {
        self = try JSONReader.read(data) { reader in
            guard reader.next == UInt8(ascii: "[") else { throw reader.fail("expected an array") }
            return try JSONArrayBytes(reading: &reader, depth: 0)
        }
    }

    /// The elements of the array at the reader's cursor (at depth `depth`), which it steps over.
    init(reading reader: inout JSONReader, depth: Int) throws {
        var compactor = JSONCompactor(capacity: reader.bytes.count - reader.index)
        let ranges = try compactor.writeElements(&reader, depth: depth)
        self.init(data: compactor.takeData(), ranges: ranges)
    }

    package var count: Int { ranges.count }
    package var isEmpty: Bool { ranges.isEmpty }

    /// The first `count` elements.
    package func prefix(_ count: Int) -> JSONArrayBytes {
        JSONArrayBytes(data: data, ranges: Array(ranges.prefix(max(count, 0))))
    }

    /// The element at `index` as a value.
    package func value(at index: Int) -> JSONValue {
        read(index) { reader in
            // The bytes were checked by the same reader when they arrived, so this cannot fail.
            (try? reader.value(depth: 1)) ?? .null
        }
    }

    /// Every element as a value.
    package var values: [JSONValue] {
        ranges.indices.map(value(at:))
    }

    /// Appends every element as `JSONValue.write(into:pretty:indent:)` would write its parsed
    /// value (keys in byte order, a repeated name keeping its last value, strings escaped the
    /// serializer's way, numbers as their literal text), byte for byte; `before` and `after` add
    /// what goes around each one.
    package func writeElements(
        into out: inout [UInt8], pretty: Bool, indent: String = "",
        before: (inout [UInt8]) -> Void = { _ in }, after: (inout [UInt8]) -> Void = { _ in }
    ) {
        ByteView.with(data) { bytes in
            guard pretty else {
                // The elements are already in that form.
                for range in ranges {
                    before(&out)
                    out.append(bytes.slice(range))
                    after(&out)
                }
                return
            }
            let prefix = Array(indent.utf8)
            for range in ranges {
                before(&out)
                JSONPrettyPrinter.write(bytes.slice(range), indent: prefix, into: &out)
                after(&out)
            }
        }
    }

    private func read<T>(_ index: Int, _ body: (inout JSONReader) -> T) -> T {
        let range = ranges[index]
        return ByteView.with(data) { bytes in
            var reader = JSONReader(bytes: bytes.slice(range))
            return body(&reader)
        }
    }
}

extension JSONReader {
    /// Checks the value at the cursor and steps over it without building anything (strings without
    /// escapes are not even copied). Refuses exactly what `value(depth:)` refuses.
    mutating func skipValue(depth: Int) throws {
        guard index < bytes.count else { throw fail("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "\""): if try plainStringLiteral() == nil { try withStringBytes { _, _ in } }
        case UInt8(ascii: "{"): try readObjectNames(depth: depth) { _, reader in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): try readArray(depth: depth) { reader in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let length = JSONNumber.grammarLength(bytes, from: index)
            guard length > 0 else { throw fail("malformed number") }
            index += length
        default: throw fail("unexpected character")
        }
    }

    /// The string literal at the cursor, quotes included, when its bytes are exactly what
    /// `JSONValue.writeQuoted` writes for its text (`JSONEscape.canonicalLiteral`), and steps over
    /// it. Nil, with the cursor unmoved, for any other literal (`\/`, `\u00e9`, or one the reader
    /// refuses): the caller decodes it, or refuses it with the reader's reason.
    mutating func canonicalStringLiteral() -> ByteView? {
        guard let literal = JSONEscape.canonicalLiteral(bytes, at: index) else { return nil }
        defer { index = literal.end + 1 }
        return bytes.slice(index..<literal.end + 1)
    }

    /// The string literal at the cursor, quotes included, when it has no escape (so nothing in it
    /// needs escaping either); checks its UTF-8 and steps over it. Nil, with the cursor unmoved,
    /// when it has an escape.
    mutating func plainStringLiteral() throws -> ByteView? {
        let (end, nonASCII) = bytes.plainRun(from: index + 1)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        if nonASCII, bytes.slice(index + 1..<end).validString == nil {
            index += 1
            throw fail("invalid UTF-8")
        }
        let literal = bytes.slice(index..<end + 1)
        index = end + 1
        return literal
    }
}
