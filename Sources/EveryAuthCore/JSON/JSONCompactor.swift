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

    private var output: UnsafeMutablePointer<UInt8>
    private var outputCapacity: Int
    /// How many bytes of `output` are written.
    private(set) var count = 0
    /// An object's bytes while its members are put in order.
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// The members of the objects being written, innermost last.
    private var members: UnsafeMutablePointer<Member>
    private var memberCapacity: Int
    private var memberCount = 0
    /// Indices into `members` in name order, while an object is put in order.
    private var order: UnsafeMutablePointer<Int>
    private var orderCapacity: Int
    /// Recently sorted object shapes, in `shapeSlots` slots of up to `shapeLimit` members: how many
    /// members, the prefixes of their names in the order read, and the order that sorted them (kept
    /// only for objects without a repeated name). The objects of a listing come in a few shapes, so
    /// most are put in order by comparing their prefixes with a remembered shape's instead of by
    /// sorting; names that share a prefix are still compared whole before the order is used.
    private var shapeCounts: UnsafeMutablePointer<Int>
    private var shapePrefixes: UnsafeMutablePointer<UInt64>
    private var shapeOrders: UnsafeMutablePointer<Int32>
    private static let shapeSlots = 16
    private static let shapeLimit = 48
    /// Names that had escapes, decoded, for the objects being written.
    private var decodedNames: [UInt8] = []
    /// A string with escapes, re-escaped the serializer's way.
    private var escaped: [UInt8] = []
    /// The input being read: names that had no escapes are compared where they are.
    private var input: UnsafeRawPointer?

    init(capacity: Int = 1 << 16) {
        outputCapacity = max(capacity, 64)
        output = .allocate(capacity: outputCapacity)
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
        memberCapacity = 64
        members = .allocate(capacity: memberCapacity)
        orderCapacity = 64
        order = .allocate(capacity: orderCapacity)
        shapeCounts = .allocate(capacity: Self.shapeSlots)
        shapeCounts.initialize(repeating: 0, count: Self.shapeSlots)
        shapePrefixes = .allocate(capacity: Self.shapeSlots * Self.shapeLimit)
        shapeOrders = .allocate(capacity: Self.shapeSlots * Self.shapeLimit)
    }

    deinit {
        output.deallocate()
        scratch.deallocate()
        members.deallocate()
        order.deallocate()
        shapeCounts.deallocate()
        shapePrefixes.deallocate()
        shapeOrders.deallocate()
    }

    /// The bytes written so far, handed over without a copy; the compactor starts again empty, with
    /// a small buffer of its own.
    mutating func takeData() -> Data {
        let taken = Data(bytesNoCopy: output, count: count, deallocator: .custom { pointer, _ in
            pointer.assumingMemoryBound(to: UInt8.self).deallocate()
        })
        outputCapacity = 64
        output = .allocate(capacity: outputCapacity)
        count = 0
        return taken
    }

    /// `data` (one JSON value, whitespace around it allowed) in canonical compact form; throws
    /// `JSONSyntaxError` where `JSONValue.parse` throws. Remembered shapes carry over between calls.
    mutating func compact(_ data: Data) throws -> Data {
        count = 0
        try JSONReader.read(data) { reader in try write(&reader, depth: 0) }
        return takeData()
    }

    /// Writes the value at the reader's cursor (which `depth` containers surround) and steps over it.
    /// On a syntax error the output holds a partial value; `compact` starts each text afresh.
    mutating func write(_ reader: inout JSONReader, depth: Int) throws {
        input = reader.bytes.baseAddress
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
                append(literal)
            } else {
                escaped.removeAll(keepingCapacity: true)
                try reader.withStringBytes { text, _ in JSONValue.writeQuoted(bytes: text, into: &escaped) }
                escaped.withUnsafeBytes { append($0) }
            }
        case UInt8(ascii: "{"): try object(&reader, depth: depth)
        case UInt8(ascii: "["):
            guard try reader.enterArray(depth: depth) else { return append(UInt8(ascii: "["), UInt8(ascii: "]")) }
            append(UInt8(ascii: "["))
            try value(&reader, depth: depth + 1)
            while try reader.nextElement() {
                append(UInt8(ascii: ","))
                try value(&reader, depth: depth + 1)
            }
            append(UInt8(ascii: "]"))
        default:
            // Numbers keep their literal text and literals are themselves: the checked bytes as they are.
            let start = reader.index
            try reader.skipValue(depth: depth)
            append(UnsafeRawBufferPointer(rebasing: reader.bytes[start..<reader.index]))
        }
    }

    private mutating func object(_ reader: inout JSONReader, depth: Int) throws {
        guard try reader.enterObject(depth: depth) else { return append(UInt8(ascii: "{"), UInt8(ascii: "}")) }
        append(UInt8(ascii: "{"))
        let body = count
        let firstMember = memberCount
        defer { memberCount = firstMember }
        var ordered = true
        repeat {
            if memberCount > firstMember { append(UInt8(ascii: ",")) }
            let start = count
            var member = try name(&reader, start: start)
            try reader.nameSeparator()
            append(UInt8(ascii: ":"))
            try value(&reader, depth: depth + 1)
            member.end = count
            if ordered, memberCount > firstMember, !precedes(members[memberCount - 1], member) { ordered = false }
            push(member)
        } while try reader.nextMember()
        if !ordered { reorder(from: firstMember, body: body) }
        append(UInt8(ascii: "}"))
    }

    /// Writes the member name at the cursor and steps over it; the member it starts, its end unset.
    private mutating func name(_ reader: inout JSONReader, start: Int) throws -> Member {
        if let literal = try reader.plainStringLiteral() {
            append(literal)
            let name = UnsafeRawBufferPointer(rebasing: literal[1..<(literal.count - 1)])
            let offset = name.baseAddress.map { $0 - input! } ?? 0
            return Member(prefix: Self.prefix(name), name: offset, nameCount: name.count, start: start, end: start)
        }
        let offset = decodedNames.count
        escaped.removeAll(keepingCapacity: true)
        let prefix = try reader.withStringBytes { text, _ in
            decodedNames.append(contentsOf: text.assumingMemoryBound(to: UInt8.self))
            JSONValue.writeQuoted(bytes: text, into: &escaped)
            return Self.prefix(text)
        }
        escaped.withUnsafeBytes { append($0) }
        return Member(prefix: prefix, name: ~offset, nameCount: decodedNames.count - offset, start: start, end: start)
    }

    /// Rewrites an object's members (all of the output from `body` on) in name order, each name once
    /// with its last value, as a `JSONObject` holds them and the serializer sorts them.
    private mutating func reorder(from firstMember: Int, body: Int) {
        let length = count - body
        if length > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(length, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        scratch.update(from: output + body, count: length)
        count = body
        let memberTotal = memberCount - firstMember
        if memberTotal > orderCapacity {
            order.deallocate()
            orderCapacity = max(memberTotal, orderCapacity * 2)
            order = .allocate(capacity: orderCapacity)
        }
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
            if !first { append(UInt8(ascii: ",")) }
            first = false
            append(UnsafeRawBufferPointer(start: scratch + (member.start - body), count: member.end - member.start))
        }
    }

    /// Fills `order` from a remembered shape whose prefixes equal the object's, when that order
    /// sorts the object's names strictly (names that share a prefix are compared whole); false
    /// otherwise.
    private func rememberedOrder(from firstMember: Int, count: Int) -> Bool {
        guard count <= Self.shapeLimit else { return false }
        let slot = shapeSlot(from: firstMember, count: count)
        guard shapeCounts[slot] == count else { return false }
        let prefixes = shapePrefixes + slot * Self.shapeLimit
        for position in 0..<count where prefixes[position] != members[firstMember + position].prefix { return false }
        let orders = shapeOrders + slot * Self.shapeLimit
        for position in 0..<count { order[position] = firstMember + Int(orders[position]) }
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
        return withName(lhs) { left in
            withName(rhs) { right in
                let common = min(left.count, right.count)
                if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                    let order = memcmp(l, r, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
    }

    private func withName<T>(_ member: Member, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        if member.name >= 0 {
            return body(UnsafeRawBufferPointer(start: input.map { $0 + member.name }, count: member.nameCount))
        }
        return decodedNames.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[~member.name..<(~member.name + member.nameCount)])) }
    }

    /// `Member.prefix` of a name.
    private static func prefix(_ name: UnsafeRawBufferPointer) -> UInt64 {
        if name.count >= 8, let base = name.baseAddress {
            return UInt64(bigEndian: base.loadUnaligned(as: UInt64.self))
        }
        var prefix: UInt64 = 0
        for index in 0..<8 {
            prefix = prefix << 8 | UInt64(index < name.count ? name[index] : 0)
        }
        return prefix
    }

    private mutating func push(_ member: Member) {
        if memberCount == memberCapacity {
            let grown = UnsafeMutablePointer<Member>.allocate(capacity: memberCapacity * 2)
            grown.moveInitialize(from: members, count: memberCount)
            members.deallocate()
            members = grown
            memberCapacity *= 2
        }
        (members + memberCount).initialize(to: member)
        memberCount += 1
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > outputCapacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let capacity = max(outputCapacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: output, count: count)
        output.deallocate()
        output = grown
        outputCapacity = capacity
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        output[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        output[count] = first
        output[count + 1] = second
        count += 2
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(output + count).copyMemory(from: base, byteCount: bytes.count)
        count += bytes.count
    }
}
