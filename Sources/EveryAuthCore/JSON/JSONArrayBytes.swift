import Foundation

/// The elements of a JSON array as byte ranges of the body they came in: checked by `JSONReader`
/// but not built into values. A listing written as json/ndjson goes from these bytes to stdout
/// through `writeElement` without a `JSONValue` tree in between (parsing and re-serializing the
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
        var end = index + 1
        var high: UInt8 = 0
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= byte
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        if high >= 0x80, String(validating: UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self) == nil {
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

/// Writes the value at a reader's cursor straight to bytes, in the form `JSONValue.write` gives
/// the parsed value with no key order: the same bytes, without the tree. Objects whose names
/// already come in byte order (and once each) are written as they are read; others are written,
/// then their members put in order in place.
struct JSONCanonicalWriter {
    /// One member written to `out`: its name (in `names`) and its bytes, the separator excluded.
    private struct Member {
        var name: Range<Int>
        var bytes: Range<Int>
    }

    private let pretty: Bool
    private var indent: [UInt8]
    /// The members of the objects being written, innermost last.
    private var members: [Member] = []
    /// Their names as decoded UTF-8 (what `JSONKey` compares), innermost last.
    private var names: [UInt8] = []
    /// An unordered object's bytes while its members are put in order.
    private var scratch: [UInt8] = []
    /// Indices into `members` in name order, while an object is put in order.
    private var order: [Int] = []

    init(pretty: Bool, indent: String) {
        self.pretty = pretty
        self.indent = Array(indent.utf8)
    }

    mutating func write(_ reader: inout JSONReader, depth: Int, into out: inout [UInt8]) throws {
        guard let byte = reader.next else { throw reader.fail("unexpected end") }
        switch byte {
        case UInt8(ascii: "\""):
            if let literal = try reader.plainStringLiteral() {
                // Nothing in it to escape or decode: the serializer would write these very bytes.
                out.append(contentsOf: literal.assumingMemoryBound(to: UInt8.self))
            } else {
                try reader.withStringBytes { text, _ in JSONValue.writeQuoted(bytes: text, into: &out) }
            }
        case UInt8(ascii: "{"): try writeObject(&reader, depth: depth, into: &out)
        case UInt8(ascii: "["):
            let start = out.count
            out.append(UInt8(ascii: "["))
            indent.append(contentsOf: "  ".utf8)
            var count = 0
            try reader.readArray(depth: depth) { reader in
                if count > 0 { out.append(UInt8(ascii: ",")) }
                count += 1
                newline(into: &out)
                try write(&reader, depth: depth + 1, into: &out)
            }
            indent.removeLast(2)
            if count == 0 {
                out.removeLast(out.count - start)
                out.append(contentsOf: "[]".utf8)
            } else {
                newline(into: &out)
                out.append(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            // Numbers keep their literal text and literals are themselves: the checked bytes as they are.
            let start = reader.index
            try reader.skipValue(depth: depth)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: reader.bytes[start..<reader.index]).assumingMemoryBound(to: UInt8.self))
        default: throw reader.fail("unexpected character")
        }
    }

    private mutating func writeObject(_ reader: inout JSONReader, depth: Int, into out: inout [UInt8]) throws {
        let firstMember = members.count
        let firstName = names.count
        defer {
            members.removeLast(members.count - firstMember)
            names.removeLast(names.count - firstName)
        }
        let start = out.count
        out.append(UInt8(ascii: "{"))
        let body = out.count
        indent.append(contentsOf: "  ".utf8)
        var ordered = true
        try reader.readObjectNames(depth: depth) { name, reader in
            let nameStart = names.count
            names.append(contentsOf: name.assumingMemoryBound(to: UInt8.self))
            let nameRange = nameStart..<names.count
            if members.count > firstMember {
                if ordered, !precedes(members[members.count - 1].name, nameRange) { ordered = false }
                out.append(UInt8(ascii: ","))
            }
            let memberStart = out.count
            newline(into: &out)
            JSONValue.writeQuoted(bytes: name, into: &out)
            if pretty { out.append(contentsOf: ": ".utf8) } else { out.append(UInt8(ascii: ":")) }
            try write(&reader, depth: depth + 1, into: &out)
            members.append(Member(name: nameRange, bytes: memberStart..<out.count))
        }
        indent.removeLast(2)
        if members.count == firstMember {
            out.removeLast(out.count - start)
            out.append(contentsOf: "{}".utf8)
            return
        }
        if !ordered { reorder(from: firstMember, body: body, into: &out) }
        newline(into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Rewrites an object's members (all of `out` from `body` on) in name order, each name once
    /// with its last value, as a `JSONObject` holds and the serializer sorts them.
    private mutating func reorder(from firstMember: Int, body: Int, into out: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: out[body...])
        out.removeLast(out.count - body)
        // An insertion sort (objects have a few dozen members at most) that is stable, so that
        // among equal names the last one read comes last; the buffer is reused across objects.
        order.removeAll(keepingCapacity: true)
        for member in firstMember..<members.count {
            var position = order.count
            while position > 0, precedes(members[member].name, members[order[position - 1]].name) { position -= 1 }
            order.insert(member, at: position)
        }
        var first = true
        for (position, member) in order.enumerated() {
            if position + 1 < order.count, !precedes(members[member].name, members[order[position + 1]].name) { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            let bytes = members[member].bytes
            out.append(contentsOf: scratch[(bytes.lowerBound - body)..<(bytes.upperBound - body)])
        }
    }

    /// Whether name `lhs` comes before name `rhs` in byte order (`JSONKey`'s order).
    private func precedes(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        names.withUnsafeBufferPointer { buffer in
            let left = UnsafeBufferPointer(rebasing: buffer[lhs])
            let right = UnsafeBufferPointer(rebasing: buffer[rhs])
            let common = min(left.count, right.count)
            if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                let order = memcmp(l, r, common)
                if order != 0 { return order < 0 }
            }
            return left.count < right.count
        }
    }

    private func newline(into out: inout [UInt8]) {
        guard pretty else { return }
        out.append(0x0A)
        out.append(contentsOf: indent)
    }
}
