import Foundation

/// `everyauth.json` in the encoder's own form, kept as its bytes with where each identity is
/// (see `StoreScanner`): a lookup decodes only the identity it finds, and a change re-encodes
/// only what changed and copies every other byte, which is exactly what encoding the whole
/// changed document would write (SPEC §3 "Cost").
struct StoreScan {
    /// Bytes of the file from `start` up to `end`, in 32-bit offsets: a scan records a dozen places
    /// per identity, and 100,000 identities' worth of `Range<Int>`s would double the memory the
    /// scan takes beside the file's own bytes (files of 4 GiB or more are decoded whole instead).
    struct Extent: Sendable {
        var start: UInt32
        var end: UInt32

        init(_ range: Range<Int>) {
            start = UInt32(truncatingIfNeeded: range.lowerBound)
            end = UInt32(truncatingIfNeeded: range.upperBound)
        }

        var range: Range<Int> { Int(start)..<Int(end) }
        /// No bytes: a field that is absent.
        static let none = Extent(0..<0)
        var isEmpty: Bool { start == end }
    }

    /// A string member's content between its quotes, as written.
    struct Text: Sendable {
        var extent: Extent
        /// Whether it contains an escape.
        var escaped: Bool
        /// Whether every byte is ASCII.
        var ascii: Bool
        var range: Range<Int> { extent.range }
        /// ASCII without escapes: the bytes are the text, and equal bytes mean equal strings.
        var plain: Bool { ascii && !escaped }
    }

    /// One identity: the bytes from its `{` to its `}`, what it is looked up by, and where the
    /// scanner found the fields of its summary (`summary(at:)` reads them there, nothing else).
    struct Entry: Sendable {
        var extent: Extent
        var service: Text
        var userId: Text
        var id: Text
        var kind: IdentityKind
        var status: IdentityStatus
        /// The 20 characters of each time, between its quotes.
        var createdAt: Extent
        var updatedAt: Extent
        /// The tags object, from its `{` to its `}`.
        var tags: Extent
        /// The values of `native`'s `scope` and `expires_at` members (`none` when absent).
        var scope: Extent
        var expiresAt: Extent
        /// The `check` object, from its `{` to its `}` (`none` when never checked).
        var check: Extent = .none
        var range: Range<Int> { extent.range }
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
        guard let layout = ByteView.with(buffer, { StoreScanner.scan($0) }) else { return nil }
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
        return try ByteView.with(buffer) { bytes in
            try StoreDecoder.identity(in: bytes.slice(range), position: position, path: path)
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
        let sign = ByteView.with(buffer) { bytes in bytes.slice(a.range).compare(bytes.slice(b.range)) }
        return sign == 0 ? nil : sign < 0
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
        let out = FileBuffer(capacity: buffer.count - range.count + middle.count)
        out.append(buffer, 0..<range.lowerBound)
        out.append(middle)
        out.append(buffer, range.upperBound..<buffer.count)
        return out
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
            return ByteView.with(buffer) { $0.slice(text.range).equals(wanted.utf8) }
        }
        return decoded(text).map { IdentityKey.same($0, wanted.text) } ?? false
    }

    /// The string `text` holds, escapes resolved.
    func decoded(_ text: Text) -> String? {
        ByteView.with(buffer) { bytes in
            // The quotes are part of the literal the reader reads.
            var reader = JSONReader(bytes: bytes.slice(text.range.lowerBound - 1..<text.range.upperBound + 1))
            return try? reader.readString()
        }
    }
}
