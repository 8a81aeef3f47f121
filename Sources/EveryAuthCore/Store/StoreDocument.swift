import Foundation

/// The whole of `everyauth.json`: `{"version": 1, "services": {...}, "identities": [...]}`.
public struct StoreDocument: Sendable, Equatable {
    /// The only format version this build reads and writes.
    public static let currentVersion = 1

    public var version: Int
    public var services: [String: ServiceSettings]
    /// The identities in file order. Any change drops the lookup index (rebuilt on the next read).
    public var identities: [Identity] {
        didSet { index = nil }
    }
    /// Position of the first identity of each (service, user id), built once when the file is read
    /// so that finding one identity among 10,000 does not scan them all; nil after a change.
    private var index: [DocumentIndexKey: Int]?

    public init(version: Int = StoreDocument.currentVersion, services: [String: ServiceSettings] = [:], identities: [Identity] = []) {
        self.version = version
        self.services = services
        self.identities = identities
    }

    /// Equal when the stored data are; the index is a cache.
    public static func == (lhs: StoreDocument, rhs: StoreDocument) -> Bool {
        lhs.version == rhs.version && lhs.services == rhs.services && lhs.identities == rhs.identities
    }

    /// Decodes a store file's bytes; `path` names the file in errors. Reads the models straight
    /// from the bytes (see `StoreDecoder`) and indexes the identities.
    public static func decode(_ data: Data, path: String) throws -> StoreDocument {
        var document = try StoreDecoder.decode(data, path: path)
        document.buildIndex()
        return document
    }

    /// The bytes written to disk: pretty, sorted keys, trailing newline.
    public func encoded() -> Data {
        StoreEncoder.encode(self)
    }

    /// Settings of one service, or the error telling the user to run `service set`.
    public func settings(for service: ServiceKind) throws -> EffectiveServiceSettings {
        guard let stored = services[service.rawValue] else {
            throw LookupError.serviceNotConfigured(service.rawValue)
        }
        return EffectiveServiceSettings(service: service, stored: stored)
    }

    /// Position of the first identity of `service` and `userId`, or nil.
    public func identityIndex(service: String, userId: String) -> Int? {
        if let index { return index[DocumentIndexKey(service: service, userId: userId)] }
        return identities.firstIndex { $0.service == service && $0.userId == userId }
    }

    /// Position of the identity `selector` names, or a not-found error.
    public func index(of selector: IdentitySelector) throws -> Int {
        if selector.id == nil, let userId = selector.userId {
            guard let found = identityIndex(service: selector.service.rawValue, userId: userId) else {
                throw LookupError.identityNotFound(service: selector.service.rawValue, userId: userId, id: nil)
            }
            return found
        }
        return try selector.index(in: identities)
    }

    /// Indexes the identities as they are now; later changes drop the index again.
    public mutating func buildIndex() {
        var built: [DocumentIndexKey: Int] = Dictionary(minimumCapacity: identities.count)
        for (position, identity) in identities.enumerated() {
            let key = DocumentIndexKey(service: identity.service, userId: identity.userId)
            if built[key] == nil { built[key] = position }
        }
        index = built
    }
}

/// What an identity is looked up by; `String` equality, as in `IdentitySelector` and
/// `upsertIdentity`, so the index finds exactly what a scan would.
struct DocumentIndexKey: Hashable, Sendable {
    let service: String
    let userId: String
}
