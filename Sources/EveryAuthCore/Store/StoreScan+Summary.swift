import Foundation

/// `identity ls` of a scanned file: each identity's summary is read from the places where
/// `StoreScanner` found its fields, without a pass over its tokens (which make up most of its
/// bytes). 10,000 identities decoded whole cost `identity ls` five times a store of one.
extension StoreScan {
    /// The summary of the identity at `position`: `listedSummary(at:)`, or from the identity
    /// decoded whole should a field not read.
    func summary(at position: Int) throws -> IdentitySummary {
        if let summary = listedSummary(at: position) { return summary }
        return IdentitySummary(try identity(at: position))
    }

    /// The summary of the identity at `position`, each field read where the scanner found it, as
    /// the decoder reads it. Nil when a field does not read, which the scanner's checks rule out.
    func listedSummary(at position: Int) -> IdentitySummary? {
        let entry = layout.entries[position]
        return ByteView.with(buffer) { bytes -> IdentitySummary? in
            guard let createdAt = Timestamp.parseExact(utf8: bytes.slice(entry.createdAt.range)),
                  let updatedAt = Timestamp.parseExact(utf8: bytes.slice(entry.updatedAt.range)),
                  let tags = StoreDecoder.tags(in: bytes.slice(entry.tags.range)),
                  let scope = Self.value(entry.scope, in: bytes), let expiresAt = Self.value(entry.expiresAt, in: bytes),
                  let id = text(entry.id, in: bytes), let service = text(entry.service, in: bytes),
                  let userId = text(entry.userId, in: bytes) else { return nil }
            var summary = IdentitySummary(id: id, service: service, userId: userId, kind: entry.kind, tags: tags,
                                          scope: Credential.scope(scope), expiresAt: Credential.expiry(expiresAt),
                                          status: entry.status, createdAt: createdAt, updatedAt: updatedAt)
            if !entry.check.isEmpty {
                guard let value = Self.value(entry.check, in: bytes), let json = value, let mark = IdentityCheckMark(json: json) else { return nil }
                summary.check = mark
            }
            return summary
        }
    }

    /// The string `text` holds: its bytes when it has no escape (the scanner checked the UTF-8).
    private func text(_ text: Text, in bytes: ByteView) -> String? {
        text.escaped ? decoded(text) : bytes.slice(text.range).string
    }

    /// The JSON value at `extent` (`.some(nil)` when the member is absent); nil when it does not read.
    private static func value(_ extent: Extent, in bytes: ByteView) -> JSONValue?? {
        if extent.isEmpty { return .some(nil) }
        var reader = JSONReader(bytes: bytes.slice(extent.range))
        guard let value = try? reader.value(depth: 5), reader.index == extent.range.count else { return nil }
        return .some(value)
    }
}
