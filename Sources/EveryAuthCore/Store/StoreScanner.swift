import Foundation

/// One pass over `everyauth.json` that accepts exactly the text `StoreEncoder` writes — pretty,
/// keys in byte order, every identity with the format's fields and no others — and records where
/// each identity is and where its looked-up and listed fields are, without building it (SPEC §3
/// "Cost"). Bytes it accepts decode, with `StoreDecoder`, to a document that encodes to the same
/// bytes; so a read decodes only the identity it needs, a listing reads only the fields it shows,
/// and a write copies the other identities' bytes as they are.
///
/// Anything else (a file edited by hand, an unknown field, a string escaped differently, a
/// problem of any kind) is not accepted, and the caller decodes the whole file as before, which
/// also reports problems exactly as before. Being strict is what makes it cheap to be sure.
struct StoreScanner {
    private let bytes: ByteView
    private var index = 0
    /// Where the current identity's `native` has its `scope` and `expires_at` values.
    private var scope = StoreScan.Extent.none
    private var expiresAt = StoreScan.Extent.none

    /// Deeper `native` values are left to the full decoder (which allows 512 levels).
    private static let maxDepth = 64

    private init(_ bytes: ByteView) { self.bytes = bytes }

    /// Where the identities and services of `bytes` are, or nil when `bytes` are not exactly the
    /// store encoder's text for some document.
    static func scan(_ bytes: ByteView) -> StoreScan.Layout? {
        // Places are recorded in 32 bits (`StoreScan.Extent`).
        guard bytes.count > 0, bytes.count < Int(UInt32.max) else { return nil }
        var scanner = StoreScanner(bytes)
        return scanner.document()
    }

    // MARK: - The document

    private mutating func document() -> StoreScan.Layout? {
        guard consume("{\n  \"identities\": ") else { return nil }
        let arrayStart = index
        var entries: [StoreScan.Entry] = []
        // A guess at the count from the size (an identity takes some 700 bytes), to grow at most once.
        entries.reserveCapacity(bytes.count / 512 + 1)
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
        let servicesEnd = bytes.count - suffix.utf8CodeUnitCount
        guard servicesEnd > servicesStart else { return nil }
        index = servicesEnd
        guard consume(suffix), index == bytes.count else { return nil }
        // Few and small: decoded as the full decoder does, then checked to be written as the encoder writes them.
        let section = bytes.slice(servicesStart..<servicesEnd)
        guard let services = StoreDecoder.services(in: section) else { return nil }
        var encoded: [UInt8] = []
        StoreEncoder.appendServices(services, to: &encoded)
        guard section.equals(encoded) else { return nil }
        return StoreScan.Layout(entries: entries, identities: arrayStart..<arrayEnd, servicesRange: servicesStart..<servicesEnd,
                                services: services)
    }

    /// One identity, its `{` at the cursor and its members six spaces in, in the encoder's order.
    private mutating func identity() -> StoreScan.Entry? {
        let start = index
        scope = .none
        expiresAt = .none
        guard consume("{\n      \"") else { return nil }
        var check = StoreScan.Extent.none
        if consume("check\": ") {
            let mark = index
            guard checkMark() else { return nil }
            check = .init(mark..<index)
            guard consume(",\n      \"") else { return nil }
        }
        guard consume("createdAt\": "), let createdAt = time(),
              consume(",\n      \"credential\": {\n        \"accessToken\": "), string() != nil,
              consume(",\n        \"native\": "), at(index) == UInt8(ascii: "{"), object(indent: 8, depth: 4, native: true) else { return nil }
        if consume(",\n        \"refresh_token\": ") {
            guard string() != nil else { return nil }
        }
        guard consume("\n      },\n      \"") else { return nil }
        if consume("email\": ") {
            guard string() != nil, consume(",\n      \"") else { return nil }
        }
        guard consume("id\": "), let id = string(),
              consume(",\n      \"kind\": "), let kind = string().flatMap({ word($0, of: Self.kinds) }),
              consume(",\n      \"service\": "), let service = string(),
              consume(",\n      \"status\": "), let status = string().flatMap({ word($0, of: Self.statuses) }),
              consume(",\n      \"tags\": "), let tags = tags(),
              consume(",\n      \"updatedAt\": "), let updatedAt = time(),
              consume(",\n      \"userId\": "), let userId = string(),
              consume("\n    }") else { return nil }
        return StoreScan.Entry(extent: .init(start..<index), service: service, userId: userId, id: id, kind: kind, status: status,
                               createdAt: createdAt, updatedAt: updatedAt, tags: tags, scope: scope, expiresAt: expiresAt, check: check)
    }

    /// An `IdentityCheckMark` exactly as the encoder writes one: `at`, an optional `reason`, a known `state`.
    private mutating func checkMark() -> Bool {
        guard consume("{\n        \"at\": "), time() != nil else { return false }
        if consume(",\n        \"reason\": ") {
            guard string() != nil else { return false }
        }
        guard consume(",\n        \"state\": "), let state = string(), word(state, of: Self.checkStates) != nil else { return false }
        return consume("\n      }")
    }

    /// Tags: strings under ASCII names without escapes. The decoder keeps tags in a Swift
    /// dictionary, whose `String` keys compare by canonical equivalence ("\u{e9}" == "e\u{301}"),
    /// so other names might not come back as written; those files take the full path.
    private mutating func tags() -> StoreScan.Extent? {
        let start = index
        guard consume("{") else { return nil }
        if consume("}") { return .init(start..<index) }
        var previous: StoreScan.Text?
        while true {
            guard newline(indent: 8), let name = string(), name.plain, follows(previous, name),
                  consume(": "), string() != nil else { return nil }
            previous = name
            if consume(",") { continue }
            return newline(indent: 6) && consume("}") ? .init(start..<index) : nil
        }
    }

    /// A time in `Timestamp`'s one form, which reads back to itself: its 20 characters.
    private mutating func time() -> StoreScan.Extent? {
        guard bytes.count - index >= 22, bytes[index] == UInt8(ascii: "\""), bytes[index + 21] == UInt8(ascii: "\""),
              Timestamp.parseExact(utf8: bytes.slice(index + 1..<index + 21)) != nil else { return nil }
        index += 22
        return .init(index - 21..<index - 1)
    }

    // MARK: - Any value, as `JSONValue.write` writes it pretty

    /// The value at the cursor, on a line indented by `indent` spaces.
    private mutating func value(indent: Int, depth: Int) -> Bool {
        switch at(index) {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object(indent: indent, depth: depth, native: false)
        case UInt8(ascii: "["): return array(indent: indent, depth: depth)
        case UInt8(ascii: "t"): return consume("true")
        case UInt8(ascii: "f"): return consume("false")
        case UInt8(ascii: "n"): return consume("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // Numbers are written as their literal text, so any literal is written as read.
            let length = JSONNumber.grammarLength(bytes, from: index)
            index += length
            return length > 0
        default: return false
        }
    }

    /// Members in strictly increasing byte order (so no name twice), names without escapes. In
    /// `native` (an identity's credential), notes where `scope` and `expires_at` are.
    private mutating func object(indent: Int, depth: Int, native: Bool) -> Bool {
        guard depth < Self.maxDepth, consume("{") else { return false }
        if consume("}") { return true }
        var previous: StoreScan.Text?
        while true {
            guard newline(indent: indent + 2), let name = string(), !name.escaped, follows(previous, name),
                  consume(": ") else { return false }
            let start = index
            guard value(indent: indent + 2, depth: depth + 1) else { return false }
            if native {
                let spelled = bytes.slice(name.range)
                if spelled.spells("scope") { scope = .init(start..<index) }
                if spelled.spells("expires_at") { expiresAt = .init(start..<index) }
            }
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

    /// A string literal at the cursor in the form `JSONValue.writeQuoted` gives (`JSONEscape`'s
    /// canonical form), with valid UTF-8; nil otherwise.
    private mutating func string() -> StoreScan.Text? {
        guard let literal = JSONEscape.canonicalLiteral(bytes, at: index) else { return nil }
        let text = StoreScan.Text(extent: .init(index + 1..<literal.end), escaped: literal.escaped, ascii: !literal.nonASCII)
        index = literal.end + 1
        return text
    }

    /// The raw values of `IdentityKind` and `IdentityStatus`, as bytes.
    private static let kinds = IdentityKind.allCases.map { ($0, Array($0.rawValue.utf8)) }
    private static let statuses = IdentityStatus.allCases.map { ($0, Array($0.rawValue.utf8)) }
    private static let checkStates = IdentityCheckMark.State.allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// The value whose raw value `string` spells, when it is plain. Plain: an enum's raw value
    /// compares by canonical equivalence, and "api\u{212A}ey", with a Kelvin sign, would read as
    /// `apiKey` and be written back as "apiKey".
    private func word<Value>(_ string: StoreScan.Text, of words: [(Value, [UInt8])]) -> Value? {
        guard string.plain else { return nil }
        let spelled = bytes.slice(string.range)
        return words.first { spelled.equals($0.1) }?.0
    }

    /// True when `name` comes after `previous` in byte order (names without escapes are their bytes).
    private func follows(_ previous: StoreScan.Text?, _ name: StoreScan.Text) -> Bool {
        guard let previous else { return true }
        return bytes.slice(previous.range).compare(bytes.slice(name.range)) < 0
    }

    // MARK: - Bytes

    /// The byte at `position`, or 0 (never valid where it is asked for) past the end.
    private func at(_ position: Int) -> UInt8 {
        position < bytes.count ? bytes[position] : 0
    }

    /// Consumes `literal` when it comes next.
    private mutating func consume(_ literal: StaticString) -> Bool {
        guard bytes.has(literal, at: index) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    /// Consumes a line break and `indent` spaces.
    private mutating func newline(indent: Int) -> Bool {
        guard bytes.count - index > indent, bytes[index] == 0x0A else { return false }
        for offset in 0..<indent where bytes[index + 1 + offset] != 0x20 { return false }
        index += indent + 1
        return true
    }
}
