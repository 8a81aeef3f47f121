import Foundation

/// The whole of `everyauth.json`: `{"version": 1, "services": {...}, "identities": [...]}`.
package struct StoreDocument: Sendable, Equatable {
    /// The only format version this build reads and writes.
    package static let currentVersion = 1

    package var version: Int
    package var services: [String: ServiceSettings]
    /// The identities in file order. Any change drops the lookup index (rebuilt on the next read).
    package var identities: [Identity] {
        didSet { index = nil }
    }
    /// Position of the first identity of each (service, user id), built once when the file is read
    /// so that finding one identity among 10,000 does not scan them all; nil after a change.
    private var index: [ServiceUser: Int]?

    package init(version: Int = StoreDocument.currentVersion, services: [String: ServiceSettings] = [:], identities: [Identity] = []) {
        self.version = version
        self.services = services
        self.identities = identities
    }

    /// Equal when the stored data are; the index is a cache.
    package static func == (lhs: StoreDocument, rhs: StoreDocument) -> Bool {
        lhs.version == rhs.version && lhs.services == rhs.services && lhs.identities == rhs.identities
    }

    /// Decodes a store file's bytes; `path` names the file in errors. Reads the models straight
    /// from the bytes (see `StoreDecoder`) and indexes the identities.
    package static func decode(_ data: Data, path: String) throws -> StoreDocument {
        var document = try StoreDecoder.decode(data, path: path)
        document.buildIndex()
        return document
    }

    /// The bytes written to disk: pretty, sorted keys, trailing newline.
    package func encoded() -> Data {
        StoreEncoder.encode(self)
    }

    /// Settings of one service, or the error telling the user to run `service set`.
    package func settings(for service: ServiceKind) throws -> EffectiveServiceSettings {
        guard let stored = services[service.rawValue] else {
            throw LookupError.serviceNotConfigured(service.rawValue)
        }
        return EffectiveServiceSettings(service: service, stored: stored)
    }

    /// Position of the first identity of `service` and `userId`, or nil.
    package func identityIndex(service: String, userId: String) -> Int? {
        if let index { return index[ServiceUser(service: service, userId: userId)] }
        return identities.firstIndex { IdentityKey.same($0.service, service) && IdentityKey.same($0.userId, userId) }
    }

    /// Position of the identity `selector` names, or a not-found error.
    package func index(of selector: IdentitySelector) throws -> Int {
        if selector.id == nil, let userId = selector.userId {
            guard let found = identityIndex(service: selector.service.rawValue, userId: userId) else {
                throw LookupError.identityNotFound(service: selector.service.rawValue, userId: userId, id: nil)
            }
            return found
        }
        return try selector.index(in: identities)
    }

    /// Indexes the identities as they are now; later changes drop the index again.
    package mutating func buildIndex() {
        var built: [ServiceUser: Int] = Dictionary(minimumCapacity: identities.count)
        for (position, identity) in identities.enumerated() {
            let key = ServiceUser(service: identity.service, userId: identity.userId)
            if built[key] == nil { built[key] = position }
        }
        index = built
    }
}

/// What an identity is looked up by, compared as bytes (`IdentityKey`), as `IdentitySelector` and
/// `upsertIdentity` compare, so the index finds exactly what a scan would.
package struct ServiceUser: Hashable, Sendable {
    let service: IdentityKey
    let userId: IdentityKey

    package init(service: String, userId: String) {
        self.service = IdentityKey(service)
        self.userId = IdentityKey(userId)
    }
}
