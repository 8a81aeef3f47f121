import Foundation

/// Writes the value at a reader's cursor straight to bytes, in the form `JSONValue.write` gives
/// the parsed value with no key order: the same bytes, without the tree. Objects whose names
/// already come in byte order (and once each) are written as they are read; others are written,
/// then their members put in order in place.
struct JSONCanonicalWriter {
    /// One member written to `out`: its name (in `names`) and its bytes, the separator excluded.
    private struct Member {
        var name: Range<Int>
        var bytes: Range<Int>
        /// The name's first eight bytes, big-endian and zero-padded: names that differ there compare
        /// as integers, and only ties (a shared first eight bytes) compare the bytes.
        var prefix: UInt64
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
            let prefix = Self.prefix(name)
            if members.count > firstMember {
                if ordered, !precedes(members[members.count - 1].name, members[members.count - 1].prefix, nameRange, prefix) {
                    ordered = false
                }
                out.append(UInt8(ascii: ","))
            }
            let memberStart = out.count
            newline(into: &out)
            if let literal = Self.inputLiteral(of: name, in: reader.bytes) {
                // The name came without escapes: its literal in the input, quotes included, is what
                // writeQuoted would write.
                out.append(contentsOf: literal.assumingMemoryBound(to: UInt8.self))
            } else {
                JSONValue.writeQuoted(bytes: name, into: &out)
            }
            if pretty { out.append(contentsOf: ": ".utf8) } else { out.append(UInt8(ascii: ":")) }
            try write(&reader, depth: depth + 1, into: &out)
            members.append(Member(name: nameRange, bytes: memberStart..<out.count, prefix: prefix))
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
            while position > 0, precedes(members[member], members[order[position - 1]]) { position -= 1 }
            order.insert(member, at: position)
        }
        var first = true
        for (position, member) in order.enumerated() {
            if position + 1 < order.count, !precedes(members[member], members[order[position + 1]]) { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            let bytes = members[member].bytes
            out.append(contentsOf: scratch[(bytes.lowerBound - body)..<(bytes.upperBound - body)])
        }
    }

    /// Whether member `lhs`'s name comes before `rhs`'s in byte order (`JSONKey`'s order).
    private func precedes(_ lhs: Member, _ rhs: Member) -> Bool {
        precedes(lhs.name, lhs.prefix, rhs.name, rhs.prefix)
    }

    /// Whether a name comes before another in byte order, by their prefixes first.
    private func precedes(_ lhs: Range<Int>, _ lhsPrefix: UInt64, _ rhs: Range<Int>, _ rhsPrefix: UInt64) -> Bool {
        if lhsPrefix != rhsPrefix { return lhsPrefix < rhsPrefix }
        return precedes(lhs, rhs)
    }

    /// `Member.prefix` of a name.
    private static func prefix(_ name: UnsafeRawBufferPointer) -> UInt64 {
        var prefix: UInt64 = 0
        for index in 0..<8 {
            prefix = prefix << 8 | UInt64(index < name.count ? name[index] : 0)
        }
        return prefix
    }

    /// The name's literal in the input, quotes included, when `name` points into `input` (the
    /// reader found no escape in it, so the literal is exactly what `writeQuoted` would write).
    private static func inputLiteral(of name: UnsafeRawBufferPointer, in input: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let start = name.baseAddress, let base = input.baseAddress else { return nil }
        let offset = start - base
        guard offset >= 1, offset + name.count < input.count else { return nil }
        return UnsafeRawBufferPointer(rebasing: input[(offset - 1)...(offset + name.count)])
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
