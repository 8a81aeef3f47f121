import Foundation

/// The file's records wholesale: `store info`'s counts, `store migrate` (copying records as
/// stored) and `store rekey` (re-encrypting them), each under the store's lock where it writes.
extension FileStore: StoreImporting, StoreRekeying {
    /// `Store` requirement: what `store info` reports, with the keys the records are under.
    public func info() async throws -> StoreInfo {
        let version: Int
        let services: [String: ServiceSettings]
        let identities: [Identity]
        switch try readContents() {
        case .scanned(let scan):
            (version, services, identities) = (StoreDocument.currentVersion, scan.services, try scan.identities(service: nil, userId: nil))
        case .decoded(let document):
            (version, services, identities) = (document.version, document.services, document.identities)
        }
        let pending = try readPending().filter { $0.expiresAt > Date() }.count
        var info = StoreInfo(location: location, schemaVersion: version, services: services.count,
                             identities: identities.count, pending: pending)
        info.count(services: services.values, identities: identities)
        return info
    }

    /// `StoreImporting` requirement: every record as stored.
    package func exportAll() async throws -> (services: [String: ServiceSettings], identities: [Identity]) {
        switch try readContents() {
        case .scanned(let scan): return (scan.services, try scan.identities(service: nil, userId: nil))
        case .decoded(let document): return (document.services, document.identities)
        }
    }

    /// `StoreImporting` requirement: copies services and identities in, envelopes as they are and
    /// plaintext secrets sealed under the first key (`StoreKeys.importing`), reporting what changed;
    /// a record that reads the same as the one stored is unchanged (`StoreKeys.same`).
    package func importAll(services: [String: ServiceSettings], identities: [Identity]) async throws -> StoreImportCounts {
        try update { document in
            var counts = StoreImportCounts()
            for (name, settings) in services {
                switch document.services[name] {
                case nil: counts.servicesAdded += 1
                case let stored? where keys.same(stored, settings, service: name): counts.servicesUnchanged += 1; continue
                default: counts.servicesUpdated += 1
                }
                document.services[name] = keys.importing(settings, service: name)
            }
            var byID: [IdentityKey: Int] = [:]
            for (position, identity) in document.identities.enumerated() { byID[IdentityKey(identity.id)] = position }
            for identity in identities {
                let found = byID[IdentityKey(identity.id)] ?? document.identityIndex(service: identity.service, userId: identity.userId)
                guard let index = found else {
                    document.identities.append(keys.importing(identity))
                    byID[IdentityKey(identity.id)] = document.identities.count - 1
                    counts.identitiesAdded += 1
                    continue
                }
                if keys.same(document.identities[index], identity) {
                    counts.identitiesUnchanged += 1
                } else {
                    document.identities[index] = keys.importing(identity)
                    counts.identitiesUpdated += 1
                }
            }
            return counts
        }
    }

    /// `StoreRekeying` requirement: one read-modify-write under the lock, so the file is either
    /// as it was or wholly re-encrypted; a second run finds every record current.
    package func rekey() async throws -> StoreRekeyCounts {
        guard let encrypting = keys.encrypting else { throw StoreError.noKey(location: location.redacted) }
        let place = location.redacted
        return try update { document in
            var counts = StoreRekeyCounts(keyID: encrypting.id)
            for name in document.services.keys.sorted() {
                guard let settings = document.services[name], StoreKeys.usage(of: settings).hasSecret else { continue }
                if let resealed = try keys.resealed(settings, service: name, location: place) {
                    document.services[name] = resealed
                    counts.reencrypted += 1
                } else {
                    counts.current += 1
                }
            }
            var identities = document.identities
            for index in identities.indices where StoreKeys.usage(of: identities[index]).hasSecret {
                if let resealed = try keys.resealed(identities[index], location: place) {
                    identities[index] = resealed
                    counts.reencrypted += 1
                } else {
                    counts.current += 1
                }
            }
            if counts.reencrypted > 0 { document.identities = identities }
            return counts
        }
    }
}
