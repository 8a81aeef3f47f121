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
                  let tags = bytes.tags(in: statusEnd + Self.tagsLead.utf8CodeUnitCount ..< tagsEnd),
                  let id = text(entry.id, in: bytes), let service = text(entry.service, in: bytes),
                  let userId = text(entry.userId, in: bytes),
                  // The credential lies between createdAt and the id (an email, if any, comes after it).
                  let native = bytes.nativeMembers(in: created + 20 ..< entry.id.range.lowerBound) else { return nil }
            return IdentitySummary(id: id, service: service, userId: userId, kind: kind, tags: tags,
                                   scope: Credential.scope(native.scope), expiresAt: Credential.expiry(native.expiresAt),
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

    /// `native`'s `scope` and `expires_at` values in the credential's bytes `range` (nil when
    /// absent): read after the only lines indented ten spaces, its members', in one pass from line
    /// break to line break (a dozen in a credential) over the tokens between them. Nil when a
    /// value does not read.
    func nativeMembers(in range: Range<Int>) -> (scope: JSONValue?, expiresAt: JSONValue?)? {
        guard range.lowerBound >= 0, range.upperBound <= raw.count else { return nil }
        var found: (scope: JSONValue?, expiresAt: JSONValue?) = (nil, nil)
        var cursor = range.lowerBound
        while cursor < range.upperBound, let hit = memchr(raw.baseAddress! + cursor, 0x0A, range.upperBound - cursor) {
            let line = raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
            cursor = line + 1
            guard has(Self.nativeMemberLead, at: line) else { continue }
            let name = line + Self.nativeMemberLead.utf8CodeUnitCount
            let isScope = has(Self.scopeName, at: name)
            guard isScope || has(Self.expiresAtName, at: name) else { continue }
            let start = name + (isScope ? Self.scopeName : Self.expiresAtName).utf8CodeUnitCount
            var reader = JSONReader(bytes: slice(start..<range.upperBound))
            guard let value = try? reader.value(depth: 5) else { return nil }
            if isScope {
                // Members come in byte order: nothing after scope is looked for.
                found.scope = value
                return found
            }
            found.expiresAt = value
        }
        return found
    }

    private static let nativeMemberLead: StaticString = "\n          \""
    private static let scopeName: StaticString = "scope\": "
    private static let expiresAtName: StaticString = "expires_at\": "

    /// The tags object in `range`, in the encoder's form (`StoreScanner.tags`: names plain ASCII,
    /// one member a line, `{}` when empty), read as `StoreDecoder` reads tags; nil when it is not
    /// in that form.
    func tags(in range: Range<Int>) -> IdentityTags? {
        guard range.lowerBound >= 0, range.upperBound <= raw.count, range.count >= 2, raw[range.lowerBound] == UInt8(ascii: "{") else {
            return nil
        }
        if range.count == 2 { return raw[range.lowerBound + 1] == UInt8(ascii: "}") ? IdentityTags() : nil }
        var tags = IdentityTags()
        var cursor = range.lowerBound + 1
        while true {
            guard has(Self.tagLead, at: cursor) else { return nil }
            let nameStart = cursor + Self.tagLead.utf8CodeUnitCount
            var nameEnd = nameStart
            while nameEnd < range.upperBound, raw[nameEnd] != UInt8(ascii: "\"") {
                guard raw[nameEnd] >= 0x20, raw[nameEnd] < 0x80, raw[nameEnd] != UInt8(ascii: "\\") else { return nil }
                nameEnd += 1
            }
            guard has(Self.tagSeparator, at: nameEnd) else { return nil }
            let valueStart = nameEnd + Self.tagSeparator.utf8CodeUnitCount
            var valueEnd = valueStart
            var escaped = false
            while valueEnd < range.upperBound, raw[valueEnd] != UInt8(ascii: "\"") {
                if raw[valueEnd] == UInt8(ascii: "\\") { escaped = true; valueEnd += 1 }
                valueEnd += 1
            }
            guard valueEnd < range.upperBound else { return nil }
            let value: String
            if escaped {
                // The quotes are part of the literal the reader reads.
                var reader = JSONReader(bytes: slice(valueStart - 1 ..< valueEnd + 1))
                guard let text = try? reader.readString() else { return nil }
                value = text
            } else {
                value = String(decoding: slice(valueStart..<valueEnd), as: UTF8.self)
            }
            tags[String(decoding: slice(nameStart..<nameEnd), as: UTF8.self)] = value
            cursor = valueEnd + 1
            if cursor < range.upperBound, raw[cursor] == UInt8(ascii: ",") {
                cursor += 1
                continue
            }
            return has(Self.tagsEnd, at: cursor) && cursor + Self.tagsEnd.utf8CodeUnitCount == range.upperBound ? tags : nil
        }
    }

    private static let tagLead: StaticString = "\n        \""
    private static let tagSeparator: StaticString = "\": \""
    private static let tagsEnd: StaticString = "\n      }"
}
