import Foundation

/// Checks untrusted JSON and writes it in canonical compact form in the same pass: the bytes
/// `JSONValue.parse` followed by `write(pretty: false)` would give (members in name byte order, a
/// repeated name keeping its last value, strings escaped the serializer's way, numbers as their
/// literal text), without building the tree. A listing's pages go through it once, as they arrive;
/// json/ndjson then copy the result and other formats parse it.
///
/// The grammar is `JSONReader`'s (it drives a reader step by step), so it refuses exactly what
/// `JSONValue.parse` refuses. What it adds is speed: the output and its bookkeeping live in
/// buffers it owns and reuses across values, so writing a value costs a few copies of its bytes
/// (checking and copying 10,000 incidents through a tree, then through a second reading pass, was
/// most of a listing's CPU).
struct JSONCompactor: ~Copyable {
    /// One member of an object being written: where its name's decoded bytes are and where its
    /// `"name":value` bytes are in the output.
    private struct Member {
        /// The name's first eight bytes, big-endian and zero-padded: names that differ there compare
        /// as integers, and only ties compare the bytes.
        var prefix: UInt64
        /// Offset of the name's bytes: into the input when ≥ 0, else into `decodedNames` at `~name`
        /// (a name with escapes, decoded).
        var name: Int
        var nameCount: Int
        /// The member's bytes in the output, the separator excluded.
        var start: Int
        var end: Int
    }

    private var output: OwnedBytes
    /// How many bytes of `output` are written.
    var count: Int { output.count }
    /// An object's bytes while its members are put in order.
    private var scratch = OwnedBytes(capacity: 4096)
    /// The members of the objects being written, innermost last.
    private var members: [Member] = []
    /// Indices into `members` in name order, while an object is put in order.
    private var order: [Int] = []
    /// Recently sorted object shapes, in `shapeSlots` slots of up to `shapeLimit` members: how many
    /// members, the prefixes of their names in the order read, and the order that sorted them (kept
    /// only for objects without a repeated name). The objects of a listing come in a few shapes, so
    /// most are put in order by comparing their prefixes with a remembered shape's instead of by
    /// sorting; names that share a prefix are still compared whole before the order is used.
    private var shapeCounts = [Int](repeating: 0, count: shapeSlots)
    private var shapePrefixes = [UInt64](repeating: 0, count: shapeSlots * shapeLimit)
    private var shapeOrders = [Int32](repeating: 0, count: shapeSlots * shapeLimit)
    private static let shapeSlots = 16
    private static let shapeLimit = 48
    /// Names that had escapes, decoded, for the objects being written.
    private var decodedNames: [UInt8] = []
    /// A string with escapes, re-escaped the serializer's way.
    private var escaped: [UInt8] = []
    /// The input being read: names that had no escapes are compared where they are.
    private var input: ByteView?

    init(capacity: Int = 1 << 16) {
        output = OwnedBytes(capacity: capacity)
        members.reserveCapacity(64)
        order.reserveCapacity(64)
    }

    /// The bytes written so far, handed over without a copy; the compactor starts again empty, with
    /// a small buffer of its own.
    mutating func takeData() -> Data {
        output.takeData()
    }

    /// `data` (one JSON value, whitespace around it allowed) in canonical compact form; throws
    /// `JSONSyntaxError` where `JSONValue.parse` throws. Remembered shapes carry over between calls.
    mutating func compact(_ data: Data) throws -> Data {
        output.truncate(to: 0)
        try JSONReader.read(data) { reader in try write(&reader, depth: 0) }
        return takeData()
    }

    /// Writes the value at the reader's cursor (which `depth` containers surround) and steps over it.
    /// On a syntax error the output holds a partial value; `compact` starts each text afresh.
    mutating func write(_ reader: inout JSONReader, depth: Int) throws {
        input = reader.bytes
        decodedNames.removeAll(keepingCapacity: true)
        try value(&reader, depth: depth)
    }

    /// Writes each element of the array at the cursor (which is at depth `depth`) one after the
    /// other, nothing between them, and steps over the array; returns each element's bytes in the
    /// output.
    mutating func writeElements(_ reader: inout JSONReader, depth: Int) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        guard try reader.enterArray(depth: depth) else { return ranges }
        repeat {
            let start = count
            try write(&reader, depth: depth + 1)
            ranges.append(start..<count)
        } while try reader.nextElement()
        return ranges
    }

    private mutating func value(_ reader: inout JSONReader, depth: Int) throws {
        guard let byte = reader.next else { throw reader.fail("unexpected end") }
        switch byte {
        case UInt8(ascii: "\""):
            if let literal = reader.canonicalStringLiteral() {
                // Already escaped the serializer's way: it would write these very bytes.
                output.append(literal)
            } else {
                escaped.removeAll(keepingCapacity: true)
                try reader.withStringBytes { text, _ in JSONEscape.appendQuoted(text, to: &escaped) }
                output.append(escaped)
            }
        case UInt8(ascii: "{"): try object(&reader, depth: depth)
        case UInt8(ascii: "["):
            guard try reader.enterArray(depth: depth) else { return output.append(UInt8(ascii: "["), UInt8(ascii: "]")) }
            output.append(UInt8(ascii: "["))
            try value(&reader, depth: depth + 1)
            while try reader.nextElement() {
                output.append(UInt8(ascii: ","))
                try value(&reader, depth: depth + 1)
            }
            output.append(UInt8(ascii: "]"))
        default:
            // Numbers keep their literal text and literals are themselves: the checked bytes as they are.
            let start = reader.index
            try reader.skipValue(depth: depth)
            output.append(reader.bytes.slice(start..<reader.index))
        }
    }

    private mutating func object(_ reader: inout JSONReader, depth: Int) throws {
        guard try reader.enterObject(depth: depth) else { return output.append(UInt8(ascii: "{"), UInt8(ascii: "}")) }
        output.append(UInt8(ascii: "{"))
        let body = count
        let firstMember = members.count
        defer { members.removeSubrange(firstMember...) }
        var ordered = true
        repeat {
            if members.count > firstMember { output.append(UInt8(ascii: ",")) }
            let start = count
            var member = try name(&reader, start: start)
            try reader.nameSeparator()
            output.append(UInt8(ascii: ":"))
            try value(&reader, depth: depth + 1)
            member.end = count
            if ordered, members.count > firstMember, !precedes(members[members.count - 1], member) { ordered = false }
            members.append(member)
        } while try reader.nextMember()
        if !ordered { reorder(from: firstMember, body: body) }
        output.append(UInt8(ascii: "}"))
    }

    /// Writes the member name at the cursor and steps over it; the member it starts, its end unset.
    private mutating func name(_ reader: inout JSONReader, start: Int) throws -> Member {
        let nameStart = reader.index + 1
        if let literal = try reader.plainStringLiteral() {
            output.append(literal)
            let name = literal.slice(1..<(literal.count - 1))
            return Member(prefix: name.prefixWord, name: nameStart, nameCount: name.count, start: start, end: start)
        }
        let offset = decodedNames.count
        escaped.removeAll(keepingCapacity: true)
        let prefix = try reader.withStringBytes { text, _ in
            decodedNames.append(text)
            JSONEscape.appendQuoted(text, to: &escaped)
            return text.prefixWord
        }
        output.append(escaped)
        return Member(prefix: prefix, name: ~offset, nameCount: decodedNames.count - offset, start: start, end: start)
    }

    /// Rewrites an object's members (all of the output from `body` on) in name order, each name once
    /// with its last value, as a `JSONObject` holds them and the serializer sorts them.
    private mutating func reorder(from firstMember: Int, body: Int) {
        let end = count
        scratch.truncate(to: 0)
        scratch.append(output, body..<end)
        output.truncate(to: body)
        let memberTotal = members.count - firstMember
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: repeatElement(0, count: memberTotal))
        if !rememberedOrder(from: firstMember, count: memberTotal) {
            sort(from: firstMember, count: memberTotal)
        }
        var first = true
        for position in 0..<memberTotal {
            let member = members[order[position]]
            if position + 1 < memberTotal {
                // Of equal names, only the last one read (sorted last) is written.
                let next = members[order[position + 1]]
                if member.prefix == next.prefix, !precedes(member, next) { continue }
            }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(scratch, (member.start - body)..<(member.end - body))
        }
    }

    /// Fills `order` from a remembered shape whose prefixes equal the object's, when that order
    /// sorts the object's names strictly (names that share a prefix are compared whole); false
    /// otherwise.
    private mutating func rememberedOrder(from firstMember: Int, count: Int) -> Bool {
        guard count <= Self.shapeLimit else { return false }
        let slot = shapeSlot(from: firstMember, count: count)
        guard shapeCounts[slot] == count else { return false }
        let base = slot * Self.shapeLimit
        for position in 0..<count where shapePrefixes[base + position] != members[firstMember + position].prefix { return false }
        for position in 0..<count { order[position] = firstMember + Int(shapeOrders[base + position]) }
        return strictlyIncreasing(count: count)
    }

    /// Puts the object's members in `order` by name, and remembers the shape when no two names are
    /// equal.
    private mutating func sort(from firstMember: Int, count: Int) {
        // An insertion sort (objects have a few dozen members at most), stable, so that among
        // equal names the last one read comes last.
        for position in 0..<count {
            let member = firstMember + position
            let prefix = members[member].prefix
            var slot = position
            while slot > 0 {
                let previous = members[order[slot - 1]].prefix
                guard prefix < previous || (prefix == previous && precedes(members[member], members[order[slot - 1]])) else { break }
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = member
        }
        guard count <= Self.shapeLimit, strictlyIncreasing(count: count) else { return }
        let slot = shapeSlot(from: firstMember, count: count)
        shapeCounts[slot] = count
        for position in 0..<count {
            shapePrefixes[slot * Self.shapeLimit + position] = members[firstMember + position].prefix
            shapeOrders[slot * Self.shapeLimit + position] = Int32(order[position] - firstMember)
        }
    }

    /// Whether the names in `order` strictly increase (given that their prefixes do not decrease).
    private func strictlyIncreasing(count: Int) -> Bool {
        guard count > 1 else { return true }
        for position in 1..<count {
            let previous = members[order[position - 1]], member = members[order[position]]
            if previous.prefix > member.prefix { return false }
            if previous.prefix == member.prefix, !precedes(previous, member) { return false }
        }
        return true
    }

    /// The shape slot of an object's members, from their count and prefixes.
    private func shapeSlot(from firstMember: Int, count: Int) -> Int {
        var hash = UInt64(count)
        for position in 0..<count { hash = (hash ^ members[firstMember + position].prefix) &* 0x9E37_79B9_7F4A_7C15 }
        return Int(hash >> 60) % Self.shapeSlots
    }

    /// Whether member `lhs`'s name comes before `rhs`'s in byte order (`JSONKey`'s order).
    private func precedes(_ lhs: Member, _ rhs: Member) -> Bool {
        if lhs.prefix != rhs.prefix { return lhs.prefix < rhs.prefix }
        return withName(lhs) { left in withName(rhs) { right in left.compare(right) < 0 } }
    }

    private func withName<T>(_ member: Member, _ body: (ByteView) -> T) -> T {
        if member.name >= 0, let input {
            return body(input.slice(member.name..<(member.name + member.nameCount)))
        }
        return ByteView.with(decodedNames) { body($0.slice(~member.name..<(~member.name + member.nameCount))) }
    }
}
