import Foundation

/// `everyauth.json` in the encoder's own form, kept as its bytes with where each identity is
/// (see `StoreScanner`): a lookup decodes only the identity it finds, and a change re-encodes
/// only what changed and copies every other byte, which is exactly what encoding the whole
/// changed document would write (SPEC §3 "Cost").
struct StoreScan {
    /// A string member's content between its quotes, as written.
    struct Text: Sendable {
        var range: Range<Int>
        /// Whether it contains an escape.
        var escaped: Bool
        /// Whether every byte is ASCII.
        var ascii: Bool
        /// ASCII without escapes: the bytes are the text, and equal bytes mean equal strings.
        var plain: Bool { ascii && !escaped }
    }

    /// One identity: the bytes from its `{` to its `}`, and what it is looked up by.
    struct Entry: Sendable {
        var range: Range<Int>
        var service: Text
        var userId: Text
        var id: Text
    }

    /// What `StoreScanner` found.
    struct Layout: Sendable {
        /// The identities, in file order.
        var entries: [Entry]
        /// The identities array, from its `[` to its `]`.
        var identities: Range<Int>
        /// The services object, from its `{` to its `}`.
        var servicesRange: Range<Int>
        /// The services, decoded (there are few).
        var services: [String: ServiceSettings]
    }

    /// The file's bytes.
    let buffer: FileBuffer
    let layout: Layout
    /// The file, for errors.
    let path: String

    /// The scan of `buffer`, or nil when it is not in the encoder's form (the caller decodes it
    /// whole instead).
    init?(buffer: FileBuffer, path: String) {
        guard let layout = buffer.withUnsafeBytes({ StoreScanner.scan($0) }) else { return nil }
        self.buffer = buffer
        self.layout = layout
        self.path = path
    }

    /// The scan of a copy of `bytes` (tests and the fuzz oracle).
    init?(bytes: [UInt8], path: String) {
        self.init(buffer: FileBuffer(copying: bytes), path: path)
    }

    var services: [String: ServiceSettings] { layout.services }

    var count: Int { layout.entries.count }

    // MARK: - Reading

    /// Where the identity `selector` names is: the first of its service with its id, else with
    /// its user id (as `StoreDocument.index(of:)` finds it); nil when there is none.
    func position(of selector: IdentitySelector) -> Int? {
        let service = Wanted(selector.service.rawValue)
        if let id = selector.id {
            let id = Wanted(id)
            return firstPosition { matches($0.id, id) && matches($0.service, service) }
        }
        guard let userId = selector.userId else { return nil }
        let wanted = Wanted(userId)
        return firstPosition { matches($0.userId, wanted) && matches($0.service, service) }
    }

    /// The identity at `position`, decoded from its own bytes.
    func identity(at position: Int) throws -> Identity {
        let range = layout.entries[position].range
        return try buffer.withUnsafeBytes { raw in
            try StoreDecoder.identity(in: UnsafeRawBufferPointer(rebasing: raw[range]), position: position, path: path)
        }
    }

    /// The identities of `service` (every one when nil) and `userId` (any when nil), in file order;
    /// only those are decoded.
    func identities(service: String?, userId: String?) throws -> [Identity] {
        try positions(service: service, userId: userId).map(identity(at:))
    }

    /// Calls `body` with the summary of each identity `filter` matches (`summary(at:)`, no token
    /// read), in `IdentityFilter.apply`'s order: the positions are sorted on the scanned texts,
    /// so no summary is moved (10,000 of them), then each is read as it is handed over.
    func summaries(matching filter: IdentityFilter, _ body: (IdentitySummary) throws -> Void) throws {
        for position in listingOrder(positions(service: filter.service?.rawValue, userId: filter.userId)) {
            let summary = try summary(at: position)
            if filter.tags.isEmpty || filter.matches(summary) { try body(summary) }
        }
    }

    /// `summaries(matching:_:)` in an array (tests and the fuzz oracle).
    func summaries(matching filter: IdentityFilter) throws -> [IdentitySummary] {
        var found: [IdentitySummary] = []
        try summaries(matching: filter) { found.append($0) }
        return found
    }

    /// `positions` ordered by service, user id, then id by bytes, as `IdentityFilter.listingOrder`
    /// orders the models; equal ones keep their file order, as the sort of the decoded identities keeps it.
    private func listingOrder(_ positions: [Int]) -> [Int] {
        let entries = layout.entries
        return positions.sorted { a, b in
            let x = entries[a], y = entries[b]
            return order(x.service, y.service) ?? order(x.userId, y.userId) ?? order(x.id, y.id) ?? false
        }
    }

    /// Whether `a` comes before `b` by the bytes of their texts (`IdentityKey`); nil when they are
    /// equal. Text without escapes compares as written; escaped text is decoded first.
    private func order(_ a: Text, _ b: Text) -> Bool? {
        guard !a.escaped && !b.escaped else {
            let x = decoded(a) ?? "", y = decoded(b) ?? ""
            return IdentityKey.same(x, y) ? nil : IdentityKey.precedes(x, y)
        }
        return buffer.withUnsafeBytes { raw in
            let shorter = min(a.range.count, b.range.count)
            let sign = shorter == 0 ? 0 : memcmp(raw.baseAddress! + a.range.lowerBound, raw.baseAddress! + b.range.lowerBound, shorter)
            if sign != 0 { return sign < 0 }
            return a.range.count == b.range.count ? nil : a.range.count < b.range.count
        }
    }

    /// Where the identities of `service` (any when nil) and `userId` (any when nil) are, in file order.
    private func positions(service: String?, userId: String?) -> [Int] {
        if service == nil && userId == nil { return Array(layout.entries.indices) }
        let service = service.map(Wanted.init)
        let userId = userId.map(Wanted.init)
        return layout.entries.indices.filter { position in
            let entry = layout.entries[position]
            if let service, !matches(entry.service, service) { return false }
            if let userId, !matches(entry.userId, userId) { return false }
            return true
        }
    }

    // MARK: - Writing

    /// The file with the identity at `position` replaced by `identity`, removed (nil), or with
    /// `identity` appended (`position` nil): byte for byte what `StoreEncoder` writes for the
    /// document so changed.
    func replacing(_ position: Int?, with identity: Identity?) -> FileBuffer {
        let entries = layout.entries
        var middle: [UInt8] = []
        let replaced: Range<Int>
        switch (position, identity) {
        case (let position?, let identity?):
            replaced = entries[position].range
            StoreEncoder.appendIdentity(identity, to: &middle)
        case (let position?, nil):
            if entries.count == 1 {
                replaced = layout.identities
                middle = Array("[]".utf8)
            } else if position == 0 {
                // The first identity and the separator after it.
                replaced = entries[0].range.lowerBound..<entries[1].range.lowerBound
            } else {
                // The separator before it and the identity.
                replaced = entries[position - 1].range.upperBound..<entries[position].range.upperBound
            }
        case (nil, let identity?):
            if entries.isEmpty {
                replaced = layout.identities
                middle = Array("[\n    ".utf8)
                StoreEncoder.appendIdentity(identity, to: &middle)
                middle.append(contentsOf: "\n  ]".utf8)
            } else {
                replaced = entries[entries.count - 1].range.upperBound..<entries[entries.count - 1].range.upperBound
                middle = Array(",\n    ".utf8)
                StoreEncoder.appendIdentity(identity, to: &middle)
            }
        case (nil, nil):
            return splice(0..<0, with: [])
        }
        return splice(replaced, with: middle)
    }

    /// The file with the services replaced by `services`: what `StoreEncoder` writes for it.
    func replacingServices(_ services: [String: ServiceSettings]) -> FileBuffer {
        var middle: [UInt8] = []
        StoreEncoder.appendServices(services, to: &middle)
        return splice(layout.servicesRange, with: middle)
    }

    private func splice(_ range: Range<Int>, with middle: [UInt8]) -> FileBuffer {
        buffer.withUnsafeBytes { raw in
            let out = FileBuffer(capacity: raw.count - range.count + middle.count)
            out.append(UnsafeRawBufferPointer(rebasing: raw[..<range.lowerBound]))
            out.append(middle)
            out.append(UnsafeRawBufferPointer(rebasing: raw[range.upperBound...]))
            return out
        }
    }

    // MARK: - Matching

    /// A string looked up, with what comparing it to file bytes needs.
    private struct Wanted {
        let text: String
        let utf8: [UInt8]

        init(_ text: String) {
            self.text = text
            utf8 = Array(text.utf8)
        }
    }

    private func firstPosition(where predicate: (Entry) -> Bool) -> Int? {
        layout.entries.firstIndex(where: predicate)
    }

    /// True when `text` is `wanted` byte for byte (`IdentityKey`, SPEC §3: a Kelvin sign is not a
    /// K): text without escapes compares as written, escaped text is decoded first.
    private func matches(_ text: Text, _ wanted: Wanted) -> Bool {
        if !text.escaped {
            guard text.range.count == wanted.utf8.count else { return false }
            if wanted.utf8.isEmpty { return true }
            return buffer.withUnsafeBytes { raw in
                wanted.utf8.withUnsafeBufferPointer { memcmp(raw.baseAddress! + text.range.lowerBound, $0.baseAddress!, $0.count) == 0 }
            }
        }
        return decoded(text).map { IdentityKey.same($0, wanted.text) } ?? false
    }

    /// The string `text` holds, escapes resolved.
    func decoded(_ text: Text) -> String? {
        buffer.withUnsafeBytes { raw in
            // The quotes are part of the literal the reader reads.
            var reader = JSONReader(bytes: UnsafeRawBufferPointer(rebasing: raw[text.range.lowerBound - 1..<text.range.upperBound + 1]))
            return try? reader.readString()
        }
    }
}
