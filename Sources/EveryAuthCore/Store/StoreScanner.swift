import Foundation

/// One pass over `everyauth.json` that accepts exactly the text `StoreEncoder` writes — pretty,
/// keys in byte order, every identity with the format's fields and no others — and records where
/// each identity is without building it (SPEC §3 "Cost"). Bytes it accepts decode, with
/// `StoreDecoder`, to a document that encodes to the same bytes; so a read decodes only the
/// identity it needs, and a write copies the other identities' bytes as they are.
///
/// Anything else (a file edited by hand, an unknown field, a string escaped differently, a
/// problem of any kind) is not accepted, and the caller decodes the whole file as before, which
/// also reports problems exactly as before. Being strict is what makes it cheap to be sure.
struct StoreScanner {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private var index = 0

    /// Deeper `native` values are left to the full decoder (which allows 512 levels).
    private static let maxDepth = 64

    private init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        count = bytes.count
    }

    /// Where the identities and services of `bytes` are, or nil when `bytes` are not exactly the
    /// store encoder's text for some document.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> StoreScan.Layout? {
        guard bytes.count > 0 else { return nil }
        var scanner = StoreScanner(bytes)
        return scanner.document(bytes)
    }

    // MARK: - The document

    private mutating func document(_ bytes: UnsafeRawBufferPointer) -> StoreScan.Layout? {
        guard consume("{\n  \"identities\": ") else { return nil }
        let arrayStart = index
        var entries: [StoreScan.Entry] = []
        // A guess at the count from the size (an identity takes some 700 bytes), to grow at most once.
        entries.reserveCapacity(count / 512 + 1)
        guard consume("[") else { return nil }
        if !consume("]") {
            guard consume("\n    ") else { return nil }
            while true {
                guard let entry = identity() else { return nil }
                entries.append(entry)
                if consume(",\n    ") { continue }
                guard consume("\n  ]") else { return nil }
                break
            }
        }
        let arrayEnd = index
        guard consume(",\n  \"services\": ") else { return nil }
        let servicesStart = index
        let suffix: StaticString = ",\n  \"version\": 1\n}\n"
        let servicesEnd = count - suffix.utf8CodeUnitCount
        guard servicesEnd > servicesStart else { return nil }
        index = servicesEnd
        guard consume(suffix), index == count else { return nil }
        // Few and small: decoded as the full decoder does, then checked to be written as the encoder writes them.
        let section = UnsafeRawBufferPointer(rebasing: bytes[servicesStart..<servicesEnd])
        guard let services = StoreDecoder.services(in: section) else { return nil }
        var encoded: [UInt8] = []
        StoreEncoder.appendServices(services, to: &encoded)
        guard encoded.elementsEqual(section) else { return nil }
        return StoreScan.Layout(entries: entries, identities: arrayStart..<arrayEnd, servicesRange: servicesStart..<servicesEnd,
                                services: services)
    }

    /// One identity, its `{` at the cursor and its members six spaces in, in the encoder's order.
    private mutating func identity() -> StoreScan.Entry? {
        let start = index
        guard consume("{\n      \"createdAt\": "), time(),
              consume(",\n      \"credential\": {\n        \"accessToken\": "), string() != nil,
              consume(",\n        \"native\": "), at(index) == UInt8(ascii: "{"), value(indent: 8, depth: 4) else { return nil }
        if consume(",\n        \"refresh_token\": ") {
            guard string() != nil else { return nil }
        }
        guard consume("\n      },\n      \"") else { return nil }
        if consume("email\": ") {
            guard string() != nil, consume(",\n      \"") else { return nil }
        }
        guard consume("id\": "), let id = string(),
              consume(",\n      \"kind\": "), let kind = string(), isOne(of: Self.kinds, kind),
              consume(",\n      \"service\": "), let service = string(),
              consume(",\n      \"status\": "), let status = string(), isOne(of: Self.statuses, status),
              consume(",\n      \"tags\": "), tags(),
              consume(",\n      \"updatedAt\": "), time(),
              consume(",\n      \"userId\": "), let userId = string(),
              consume("\n    }") else { return nil }
        return StoreScan.Entry(range: start..<index, service: service, userId: userId, id: id)
    }

    /// Tags: strings under ASCII names without escapes. The decoder keeps tags in a Swift
    /// dictionary, whose `String` keys compare by canonical equivalence ("\u{e9}" == "e\u{301}"),
    /// so other names might not come back as written; those files take the full path.
    private mutating func tags() -> Bool {
        guard consume("{") else { return false }
        if consume("}") { return true }
        var previous: StoreScan.Text?
        while true {
            guard newline(indent: 8), let name = string(), name.plain, follows(previous, name),
                  consume(": "), string() != nil else { return false }
            previous = name
            if consume(",") { continue }
            return newline(indent: 6) && consume("}")
        }
    }

    /// A time in `Timestamp`'s one form, which reads back to itself.
    private mutating func time() -> Bool {
        guard count - index >= 22, base[index] == UInt8(ascii: "\""), base[index + 21] == UInt8(ascii: "\""),
              Timestamp.parseExact(utf8: UnsafeRawBufferPointer(start: base + index + 1, count: 20)) != nil else { return false }
        index += 22
        return true
    }

    // MARK: - Any value, as `JSONValue.write` writes it pretty

    /// The value at the cursor, on a line indented by `indent` spaces.
    private mutating func value(indent: Int, depth: Int) -> Bool {
        switch at(index) {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object(indent: indent, depth: depth)
        case UInt8(ascii: "["): return array(indent: indent, depth: depth)
        case UInt8(ascii: "t"): return consume("true")
        case UInt8(ascii: "f"): return consume("false")
        case UInt8(ascii: "n"): return consume("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // Numbers are written as their literal text, so any literal is written as read.
            let length = JSONNumber.grammarLength(UnsafeRawBufferPointer(start: base, count: count), from: index)
            index += length
            return length > 0
        default: return false
        }
    }

    /// Members in strictly increasing byte order (so no name twice), names without escapes.
    private mutating func object(indent: Int, depth: Int) -> Bool {
        guard depth < Self.maxDepth, consume("{") else { return false }
        if consume("}") { return true }
        var previous: StoreScan.Text?
        while true {
            guard newline(indent: indent + 2), let name = string(), !name.escaped, follows(previous, name),
                  consume(": "), value(indent: indent + 2, depth: depth + 1) else { return false }
            previous = name
            if consume(",") { continue }
            return newline(indent: indent) && consume("}")
        }
    }

    private mutating func array(indent: Int, depth: Int) -> Bool {
        guard depth < Self.maxDepth, consume("[") else { return false }
        if consume("]") { return true }
        while true {
            guard newline(indent: indent + 2), value(indent: indent + 2, depth: depth + 1) else { return false }
            if consume(",") { continue }
            return newline(indent: indent) && consume("]")
        }
    }

    // MARK: - Strings

    /// A string literal at the cursor in the form `JSONValue.writeQuoted` gives (only `"`, `\` and
    /// control characters escaped, each in its one spelling), with valid UTF-8; nil otherwise.
    private mutating func string() -> StoreScan.Text? {
        guard at(index) == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var cursor = start
        var escaped = false, ascii = true
        while true {
            // Tokens make up most of a store: eight bytes at a time while none needs a look.
            while count - cursor >= 8 {
                let word = UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self)
                if Self.needsLook(word) { break }
                cursor += 8
            }
            guard cursor < count else { return nil }
            let byte = base[cursor]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                guard let length = escapeLength(at: cursor) else { return nil }
                escaped = true
                cursor += length
                continue
            }
            guard byte >= 0x20 else { return nil }
            if byte >= 0x80 { ascii = false }
            cursor += 1
        }
        if !ascii, String(validating: UnsafeRawBufferPointer(start: base + start, count: cursor - start), as: UTF8.self) == nil {
            return nil
        }
        index = cursor + 1
        return StoreScan.Text(range: start..<cursor, escaped: escaped, ascii: ascii)
    }

    /// True when one of the eight bytes is `"`, `\`, a control character or not ASCII (the
    /// bit tricks of "Bit Twiddling Hacks": a byte below n sets its high bit in `(w - n) & ~w`).
    private static func needsLook(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let below = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- ones &* 0x20) & ~word)
        return (below | word) & highs != 0
    }

    /// The length of the escape at `position` when it is the one `writeQuoted` writes for its
    /// character: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, or `\u00xx` (lowercase) for the other
    /// control characters.
    private func escapeLength(at position: Int) -> Int? {
        switch at(position + 1) {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"),
             UInt8(ascii: "b"), UInt8(ascii: "f"):
            return 2
        case UInt8(ascii: "u"):
            guard at(position + 2) == UInt8(ascii: "0"), at(position + 3) == UInt8(ascii: "0") else { return nil }
            let high = at(position + 4), low = at(position + 5)
            guard high == UInt8(ascii: "0") || high == UInt8(ascii: "1") else { return nil }
            let lowValue: UInt8
            switch low {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): lowValue = low - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): lowValue = low - UInt8(ascii: "a") + 10
            default: return nil
            }
            switch (high - UInt8(ascii: "0")) << 4 | lowValue {
            case 0x08, 0x09, 0x0A, 0x0C, 0x0D: return nil  // Written as \b, \t, \n, \f, \r.
            default: return 6
            }
        default:
            return nil
        }
    }

    /// The raw values of `IdentityKind` and `IdentityStatus`, as bytes.
    private static let kinds = IdentityKind.allCases.map { Array($0.rawValue.utf8) }
    private static let statuses = IdentityStatus.allCases.map { Array($0.rawValue.utf8) }

    /// True when `string` is plain and spells one of `words`. Plain: an enum's raw value compares
    /// by canonical equivalence, and "api\u{212A}ey", with a Kelvin sign, would read as `apiKey`
    /// and be written back as "apiKey".
    private func isOne(of words: [[UInt8]], _ string: StoreScan.Text) -> Bool {
        guard string.plain else { return false }
        return words.contains { word in
            word.count == string.range.count && word.withUnsafeBytes { memcmp(base + string.range.lowerBound, $0.baseAddress!, word.count) == 0 }
        }
    }

    /// True when `name` comes after `previous` in byte order (names without escapes are their bytes).
    private func follows(_ previous: StoreScan.Text?, _ name: StoreScan.Text) -> Bool {
        guard let previous else { return true }
        let shorter = min(previous.range.count, name.range.count)
        let order = memcmp(base + previous.range.lowerBound, base + name.range.lowerBound, shorter)
        return order < 0 || (order == 0 && previous.range.count < name.range.count)
    }

    // MARK: - Bytes

    /// The byte at `position`, or 0 (never valid where it is asked for) past the end.
    private func at(_ position: Int) -> UInt8 {
        position < count ? base[position] : 0
    }

    /// Consumes `literal` when it comes next.
    private mutating func consume(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard count - index >= length, memcmp(base + index, literal.utf8Start, length) == 0 else { return false }
        index += length
        return true
    }

    /// Consumes a line break and `indent` spaces.
    private mutating func newline(indent: Int) -> Bool {
        guard count - index > indent, base[index] == 0x0A else { return false }
        for offset in 0..<indent where base[index + 1 + offset] != 0x20 { return false }
        index += indent + 1
        return true
    }
}
