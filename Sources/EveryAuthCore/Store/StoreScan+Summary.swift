import Foundation

/// `identity ls` of a scanned file: each identity's summary is read from the places the
/// encoder's form puts its fields, without a pass over its tokens (which make up most of its
/// bytes). 10,000 identities decoded whole cost `identity ls` five times a store of one.
extension StoreScan {
    /// The summary of the identity at `position`: `listedSummary(at:)`, or from the identity
    /// decoded whole should a field not be where the encoder's form puts it.
    func summary(at position: Int) throws -> IdentitySummary {
        if let summary = listedSummary(at: position) { return summary }
        return IdentitySummary(try identity(at: position))
    }

    /// The summary of the identity at `position` read where `StoreScanner.identity` found each
    /// field: `createdAt` first; `kind` between the id and the service, `status`, `tags` and
    /// `updatedAt` between the service and the user id, always with the same separators; and
    /// `native`'s `scope` and `expires_at` on the only lines indented ten spaces (its members;
    /// its values' own members are deeper, and strings hold no line break). Nil when a field is
    /// not where it should be, which the scanner's checks rule out.
    func listedSummary(at position: Int) -> IdentitySummary? {
        let entry = layout.entries[position]
        return buffer.withUnsafeBytes { raw -> IdentitySummary? in
            let bytes = FieldBytes(raw)
            // {"createdAt": "…" at the start of the entry.
            let created = entry.range.lowerBound + Self.createdAtLead.utf8CodeUnitCount
            guard bytes.has(Self.createdAtLead, endingAt: created), let createdAt = bytes.time(at: created),
                  // "id": "…", "kind": "…", "service": "…"
                  bytes.has(Self.kindLead, at: entry.id.range.upperBound),
                  bytes.has(Self.serviceLead, endingAt: entry.service.range.lowerBound),
                  let kind = bytes.word(in: entry.id.range.upperBound + Self.kindLead.utf8CodeUnitCount
                                          ..< entry.service.range.lowerBound - Self.serviceLead.utf8CodeUnitCount,
                                        of: Self.kinds),
                  // "status": "…", "tags": {…}, "updatedAt": "…", "userId": "…"
                  bytes.has(Self.statusLead, at: entry.service.range.upperBound) else { return nil }
            let statusStart = entry.service.range.upperBound + Self.statusLead.utf8CodeUnitCount
            let updatedEnd = entry.userId.range.lowerBound - Self.userIdLead.utf8CodeUnitCount
            let updatedStart = updatedEnd - 20
            let tagsEnd = updatedStart - Self.updatedAtLead.utf8CodeUnitCount
            guard bytes.has(Self.userIdLead, endingAt: entry.userId.range.lowerBound),
                  bytes.has(Self.updatedAtLead, endingAt: updatedStart), let updatedAt = bytes.time(at: updatedStart),
                  let (status, statusEnd) = bytes.word(startingAt: statusStart, of: Self.statuses),
                  bytes.has(Self.tagsLead, at: statusEnd), statusEnd + Self.tagsLead.utf8CodeUnitCount < tagsEnd,
                  let tags = StoreDecoder.tags(in: bytes.slice(statusEnd + Self.tagsLead.utf8CodeUnitCount ..< tagsEnd)),
                  let id = text(entry.id, in: bytes), let service = text(entry.service, in: bytes),
                  let userId = text(entry.userId, in: bytes) else { return nil }
            // The credential lies between createdAt and the id (an email, if any, comes after it).
            let credential = created + 20 ..< entry.id.range.lowerBound
            guard let scope = bytes.member(Self.scopeLine, in: credential),
                  let expiresAt = bytes.member(Self.expiresAtLine, in: credential) else { return nil }
            return IdentitySummary(id: id, service: service, userId: userId, kind: kind, tags: tags,
                                   scope: Credential.scope(scope), expiresAt: Credential.expiry(expiresAt),
                                   status: status, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    /// The string `text` holds: its bytes when it has no escape (the scanner checked the UTF-8).
    private func text(_ text: Text, in bytes: FieldBytes) -> String? {
        text.escaped ? decoded(text) : String(decoding: bytes.slice(text.range), as: UTF8.self)
    }

    // What `StoreEncoder` writes around each field, as `StoreScanner` reads it.
    private static let createdAtLead: StaticString = "{\n      \"createdAt\": \""
    private static let kindLead: StaticString = "\",\n      \"kind\": \""
    private static let serviceLead: StaticString = "\",\n      \"service\": \""
    private static let statusLead: StaticString = "\",\n      \"status\": \""
    private static let tagsLead: StaticString = "\",\n      \"tags\": "
    private static let updatedAtLead: StaticString = ",\n      \"updatedAt\": \""
    private static let userIdLead: StaticString = "\",\n      \"userId\": \""
    private static let scopeLine: StaticString = "\n          \"scope\": "
    private static let expiresAtLine: StaticString = "\n          \"expires_at\": "

    private static let kinds = IdentityKind.allCases.map { ($0, Array($0.rawValue.utf8)) }
    private static let statuses = IdentityStatus.allCases.map { ($0, Array($0.rawValue.utf8)) }
}

/// The file's bytes, for reading fields at known places; every read checks its bounds.
private struct FieldBytes {
    let raw: UnsafeRawBufferPointer

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: raw[range])
    }

    /// True when `literal` is at `offset`.
    func has(_ literal: StaticString, at offset: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset >= 0, raw.count - offset >= count else { return false }
        return memcmp(raw.baseAddress! + offset, literal.utf8Start, count) == 0
    }

    /// True when `literal` ends just before `offset`.
    func has(_ literal: StaticString, endingAt offset: Int) -> Bool {
        has(literal, at: offset - literal.utf8CodeUnitCount)
    }

    /// The time whose 20 characters start at `offset`.
    func time(at offset: Int) -> Date? {
        guard offset >= 0, raw.count - offset >= 20 else { return nil }
        return Timestamp.parseExact(utf8: slice(offset..<offset + 20))
    }

    /// The value whose spelling is exactly the bytes in `range`.
    func word<Value>(in range: Range<Int>, of words: [(Value, [UInt8])]) -> Value? {
        guard range.lowerBound >= 0, range.upperBound <= raw.count else { return nil }
        let found = slice(range)
        return words.first { $0.1.elementsEqual(found) }?.0
    }

    /// The value whose spelling starts at `offset` and is followed by a quote, with where that quote is.
    func word<Value>(startingAt offset: Int, of words: [(Value, [UInt8])]) -> (Value, Int)? {
        for (value, spelling) in words {
            let end = offset + spelling.count
            guard offset >= 0, end < raw.count, raw[end] == UInt8(ascii: "\"") else { continue }
            if spelling.elementsEqual(slice(offset..<end)) { return (value, end) }
        }
        return nil
    }

    /// The value after the line `line` within `range`: `.some(nil)` when there is no such line,
    /// nil when the value does not read.
    func member(_ line: StaticString, in range: Range<Int>) -> JSONValue?? {
        guard range.lowerBound >= 0, range.upperBound <= raw.count else { return nil }
        var cursor = range.lowerBound
        // From line break to line break (a dozen in a credential), over the tokens between them.
        while cursor < range.upperBound, let hit = memchr(raw.baseAddress! + cursor, 0x0A, range.upperBound - cursor) {
            let lineStart = raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
            if has(line, at: lineStart) {
                let start = lineStart + line.utf8CodeUnitCount
                var reader = JSONReader(bytes: slice(start..<range.upperBound))
                guard let value = try? reader.value(depth: 5) else { return nil }
                return .some(value)
            }
            cursor = lineStart + 1
        }
        return .some(nil)
    }
}
