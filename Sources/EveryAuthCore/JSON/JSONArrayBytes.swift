import Foundation

/// The elements of a JSON array as byte ranges of the body they came in: checked by `JSONReader`
/// but not built into values. A listing written as json/ndjson goes from these bytes to stdout
/// through `writeElements` without a `JSONValue` tree in between (parsing and re-serializing the
/// trees of 10,000 incidents cost most of the listing's CPU); formats that look inside an
/// element (table, csv, `--fields`) ask for `values`.
public struct JSONArrayBytes: Sendable {
    /// The whole text the elements were found in.
    public let data: Data
    /// Each element's bytes in `data`, in order; each is exactly one checked JSON value.
    let ranges: [Range<Int>]

    init(data: Data, ranges: [Range<Int>]) {
        self.data = data
        self.ranges = ranges
    }

    /// No elements.
    public init() {
        self.init(data: Data(), ranges: [])
    }

    /// The elements of `data`, which must be one JSON array; throws `JSONSyntaxError` where
    /// `JSONValue.parse` would, and when the value is not an array.
    public init(array data: Data) throws {
        let ranges = try JSONReader.read(data) { reader in
            guard reader.next == UInt8(ascii: "[") else { throw reader.fail("expected an array") }
            return try reader.readArrayRanges(depth: 0)
        }
        self.init(data: data, ranges: ranges)
    }

    public var count: Int { ranges.count }
    public var isEmpty: Bool { ranges.isEmpty }

    /// The first `count` elements.
    public func prefix(_ count: Int) -> JSONArrayBytes {
        JSONArrayBytes(data: data, ranges: Array(ranges.prefix(max(count, 0))))
    }

    /// The element at `index` as a value.
    public func value(at index: Int) -> JSONValue {
        read(index) { reader in
            // The bytes were checked by the same reader when they arrived, so this cannot fail.
            (try? reader.value(depth: 1)) ?? .null
        }
    }

    /// Every element as a value.
    public var values: [JSONValue] {
        ranges.indices.map(value(at:))
    }

    /// Appends every element as `JSONValue.write(into:pretty:indent:)` would write its parsed
    /// value (keys in byte order, a repeated name keeping its last value, strings escaped the
    /// serializer's way, numbers as their literal text), byte for byte; `before` and `after` add
    /// what goes around each one.
    public func writeElements(
        into out: inout [UInt8], pretty: Bool, indent: String = "",
        before: (inout [UInt8]) -> Void = { _ in }, after: (inout [UInt8]) -> Void = { _ in }
    ) {
        // One writer for the page: its buffers are allocated once, not per element.
        var writer = JSONCanonicalWriter(pretty: pretty, indent: indent)
        data.withUnsafeBytes { raw in
            for range in ranges {
                before(&out)
                var reader = JSONReader(bytes: UnsafeRawBufferPointer(rebasing: raw[range]))
                let start = out.count
                // The bytes were checked when they arrived; on the impossible failure nothing
                // half-written is left behind.
                do { try writer.write(&reader, depth: 1, into: &out) } catch {
                    out.removeLast(out.count - start)
                    out.append(contentsOf: "null".utf8)
                }
                after(&out)
            }
        }
    }

    private func read<T>(_ index: Int, _ body: (inout JSONReader) -> T) -> T {
        let range = ranges[index]
        return data.withUnsafeBytes { raw in
            var reader = JSONReader(bytes: UnsafeRawBufferPointer(rebasing: raw[range]))
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

    /// The string literal at the cursor, quotes included, when it has no escape (so nothing in it
    /// needs escaping either); checks its UTF-8 and steps over it. Nil, with the cursor unmoved,
    /// when it has an escape.
    mutating func plainStringLiteral() throws -> UnsafeRawBufferPointer? {
        let (end, nonASCII) = Self.plainRun(bytes, from: index + 1)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        if nonASCII, String(validating: UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self) == nil {
            index += 1
            throw fail("invalid UTF-8")
        }
        let literal = UnsafeRawBufferPointer(rebasing: bytes[index...end])
        index = end + 1
        return literal
    }

    /// The array at the cursor, checked, as the byte range of each element (offsets into `bytes`).
    mutating func readArrayRanges(depth: Int) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        try readArray(depth: depth) { reader in
            let start = reader.index
            try reader.skipValue(depth: depth + 1)
            ranges.append(start..<reader.index)
        }
        return ranges
    }
}
