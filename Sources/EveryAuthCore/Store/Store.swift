import Foundation

/// Where service settings, identities and pending web authorizations live (SPEC §3): the JSON
/// file in the config directory (`FileStore`, the default) or PostgreSQL (`PostgresStore`, in
/// `EveryAuthPostgres`); `StoreBackends` opens one from a `StoreAddress`.
/// Every method is one transaction of its own: a read sees one consistent state, and a write is
/// either wholly stored or not at all, whatever happens to the process.
public protocol Store: Sendable {
    /// Which backend and where, for `store info`, errors and traces; never carries a password.
    var location: StoreLocation { get }

    /// Every configured service's stored settings, by service name.
    func services() async throws -> [String: ServiceSettings]

    /// The stored settings of `service`, or nil when it was never configured.
    func serviceSettings(_ service: String) async throws -> ServiceSettings?

    /// The identities `filter` matches, ordered by service, user id, then id.
    func identities(matching filter: IdentityFilter) async throws -> [Identity]

    /// Calls `body` with the summary of each identity `filter` matches, in `identities(matching:)`'s
    /// order and equal to what it returns, but without the credentials' tokens ever being built,
    /// and one at a time, so a listing keeps none of them: what `identity ls` needs, for a store of
    /// 10,000 identities as for one (SPEC §3 "Cost"). An error `body` throws ends the listing.
    func identitySummaries(matching filter: IdentityFilter, _ body: (IdentitySummary) throws -> Void) async throws

    /// The identity `selector` names, or `LookupError.identityNotFound`.
    func identity(_ selector: IdentitySelector) async throws -> Identity

    /// Changes one service's settings: `body` gets what is stored now (nil when the service was
    /// never configured) and leaves what must be stored (nil removes it). Nothing is written when
    /// `body` throws or leaves the settings as they were.
    func updateService<T: Sendable>(_ service: String, _ body: (inout ServiceSettings?) throws -> T) async throws -> T

    /// Changes one identity, holding it against every other writer (the file's lock, or the row's
    /// lock in PostgreSQL, across processes and machines) from the read to the write, so that
    /// `body` may call the network: a refresh spends a refresh token exactly once. `body` gets the
    /// identity `selector` names as stored now (nil when there is none) and leaves what must be
    /// stored: nil removes it, a new identity is inserted (a selector by user id inserts under
    /// that user id). Nothing is written when `body` throws or leaves the identity as it was.
    func updateIdentity<T: Sendable>(_ selector: IdentitySelector, _ body: (inout Identity?) async throws -> T) async throws -> T

    /// Keeps a pending web authorization until `takePending` or its expiry (SPEC §2 "serve"),
    /// within `limits` (SPEC §7): expired ones are removed first, the user's oldest beyond
    /// `perUser` are dropped, and when `total` are still kept `PendingLimitReached` is thrown and
    /// nothing is written. Pending state has a lock of its own (a file lock, or an advisory lock in
    /// PostgreSQL), so a flood of starts never waits on, or delays, identity reads and writes.
    func savePending(_ pending: PendingAuthorization, limits: PendingAuthorization.Limits) async throws

    /// Removes and returns the pending authorization whose id is `id` and whose state hash is
    /// `stateHash`, if it has not expired at `now`. Both must match: a callback with a known id and
    /// a forged secret removes nothing, so the genuine callback still works. Removes every expired
    /// one on the way, so the pending set cannot grow without bound. A second call returns nil: a
    /// callback is single use.
    func takePending(id: String, stateHash: String, now: Date) async throws -> PendingAuthorization?

    /// Backend, location, schema version and counts (`store info`).
    func info() async throws -> StoreInfo

    /// Releases connections; the store is not used afterwards. A no-op for the file.
    func shutdown() async
}

/// A store that takes another store's records wholesale (`store migrate`): both backends of this
/// package. Copying between stores is the tool's work, not an app's, so it is not part of `Store`.
package protocol StoreImporting: Store {
    /// Copies `services` and `identities` in, as one transaction: identities are matched by id
    /// and, failing that, by (service, user id); a record that reads as the one stored is left
    /// alone, so importing twice changes nothing the second time. Envelopes are copied as they
    /// are; plaintext secrets are sealed under the store's first key, if it has keys.
    func importAll(services: [String: ServiceSettings], identities: [Identity]) async throws -> StoreImportCounts

    /// Every service and identity as stored: tokens and secrets as their envelopes (or plaintext),
    /// which `importAll` copies as they are. Envelopes are bound to their record, not to the
    /// backend (`StoreEnvelope`), so they open in the target with the same keys; no key is needed
    /// to copy a store.
    func exportAll() async throws -> (services: [String: ServiceSettings], identities: [Identity])
}

/// A store whose tokens and secrets can be re-encrypted under its first key (`store rekey`).
package protocol StoreRekeying: Store {
    /// Re-encrypts every record not wholly under the first key (plaintext included), under the
    /// store's locks, in steps that each leave a store every key given opens: run again after an
    /// interruption, it finishes the rest, and once done it changes nothing. `StoreError.noKey`
    /// without keys, `keyMissing` for a record no key given opens (nothing more is written then).
    func rekey() async throws -> StoreRekeyCounts
}

/// What one `rekey` did, in records holding a token or secret (identities, services with a client secret).
package struct StoreRekeyCounts: Sendable, Equatable {
    /// The id of the first key, which every record is now under.
    package var keyID: String
    /// Records written under the first key.
    package var reencrypted = 0
    /// Records already wholly under the first key.
    package var current = 0

    /// Both counts zero, for the key `keyID`.
    package init(keyID: String) { self.keyID = keyID }
}

/// A backend and where it is, with any password removed (SPEC §3 "Backends").
public struct StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// Which kind of store.
    public enum Backend: String, Sendable, Equatable {
        case file
        case postgres
    }

    /// Which kind of store.
    public var backend: Backend
    /// The store file's path, or the PostgreSQL URL without its password.
    public var redacted: String

    /// A location with the password already removed.
    public init(backend: Backend, redacted: String) {
        self.backend = backend
        self.redacted = redacted
    }

    public var description: String { redacted }
}

/// What `store info` reports.
public struct StoreInfo: Sendable, Equatable {
    /// Where the store is.
    public var location: StoreLocation
    /// The file's `version`, or the PostgreSQL schema version.
    public var schemaVersion: Int
    /// How many services have settings.
    public var services: Int
    /// How many identities are stored.
    public var identities: Int
    /// Pending web authorizations not yet expired.
    public var pending: Int
    /// How many records (identities, services with a client secret) hold a value encrypted with
    /// each key id; a record is counted under every key id it uses.
    public var recordsByKey: [String: Int]
    /// How many records hold a token or secret in plaintext.
    public var plaintextRecords: Int

    /// A report with every figure given.
    public init(location: StoreLocation, schemaVersion: Int, services: Int, identities: Int, pending: Int,
                recordsByKey: [String: Int] = [:], plaintextRecords: Int = 0) {
        self.location = location
        self.schemaVersion = schemaVersion
        self.services = services
        self.identities = identities
        self.pending = pending
        self.recordsByKey = recordsByKey
        self.plaintextRecords = plaintextRecords
    }

    /// Counts the keys of `services` and `identities` as stored into `recordsByKey` and `plaintextRecords`.
    package mutating func count(services: some Sequence<ServiceSettings>, identities: some Sequence<Identity>) {
        for usage in services.map(StoreKeys.usage(of:)) + identities.map(StoreKeys.usage(of:)) {
            for id in usage.keyIDs { recordsByKey[id, default: 0] += 1 }
            if usage.plaintext { plaintextRecords += 1 }
        }
    }
}

/// What one `importAll` did.
package struct StoreImportCounts: Sendable, Equatable {
    /// Services that were not in the store.
    package var servicesAdded = 0
    /// Services whose settings changed.
    package var servicesUpdated = 0
    /// Services already stored as given.
    package var servicesUnchanged = 0
    /// Identities that were not in the store.
    package var identitiesAdded = 0
    /// Identities that changed.
    package var identitiesUpdated = 0
    /// Identities already stored as given.
    package var identitiesUnchanged = 0

    /// All counts zero.
    package init() {}
}

extension Store {
    /// `savePending(_:limits:)` with the standard limits: 5 per user, 10,000 in all.
    public func savePending(_ pending: PendingAuthorization) async throws {
        try await savePending(pending, limits: .standard)
    }

    /// The summaries `identitySummaries(matching:_:)` lists, in its order.
    public func identitySummaries(matching filter: IdentityFilter) async throws -> [IdentitySummary] {
        var summaries: [IdentitySummary] = []
        try await identitySummaries(matching: filter) { summaries.append($0) }
        return summaries
    }

    /// The effective settings of `service`, or the error telling the user to run `service set`.
    public func settings(for service: ServiceKind) async throws -> EffectiveServiceSettings {
        guard let stored = try await serviceSettings(service.rawValue) else {
            throw LookupError.serviceNotConfigured(service.rawValue)
        }
        return EffectiveServiceSettings(service: service, stored: stored)
    }

    /// Stores a fresh credential for (service, user id): a re-authorization keeps the identity's
    /// id, creation time and tags (new tags are merged in) and clears `refresh_error`. The user id
    /// must pass `UserID`'s rule (`InvalidUserID`).
    @discardableResult
    public func upsertIdentity(
        service: ServiceKind, userId: String, kind: IdentityKind, credential: Credential,
        tags: IdentityTags = [:], email: String? = nil, now: Date = Date()
    ) async throws -> Identity {
        // Checked before any backend sees it (PostgreSQL cannot even hold a NUL to compare).
        try UserID.validate(userId)
        return try await updateIdentity(IdentitySelector(service: service, userId: userId)) { stored in
            let identity = Identity.upserted(stored, service: service, userId: userId, kind: kind, credential: credential,
                                             tags: tags, email: email, now: now)
            stored = identity
            return identity
        }
    }

    /// Removes the identity `selector` names and returns it, or throws `identityNotFound`.
    @discardableResult
    public func removeIdentity(_ selector: IdentitySelector) async throws -> Identity {
        try await updateIdentity(selector) { stored in
            guard let identity = stored else {
                throw LookupError.identityNotFound(service: selector.service.rawValue, userId: selector.userId, id: selector.id)
            }
            stored = nil
            return identity
        }
    }
}

extension Identity {
    /// What every backend checks before it writes `new` over `old` (SPEC §3): a user id that is new
    /// to the store (an identity inserted, or given another user id) must pass `UserID`'s rule.
    /// One stored before the rule existed keeps working.
    package static func checkWrite(_ new: Identity?, replacing old: Identity?) throws(InvalidUserID) {
        guard let new, !IdentityKey.same(old?.userId, new.userId) else { return }
        try UserID.validate(new.userId)
    }

    /// `stored` with a fresh credential, or a new identity when there is none (see `upsertIdentity`).
    public static func upserted(
        _ stored: Identity?, service: ServiceKind, userId: String, kind: IdentityKind, credential: Credential,
        tags: IdentityTags, email: String?, now: Date
    ) -> Identity {
        guard var identity = stored else {
            return Identity(service: service.rawValue, userId: userId, tags: tags, createdAt: now, kind: kind,
                            credential: credential, email: email)
        }
        identity.credential = credential
        identity.kind = kind
        identity.status = .authorized
        identity.tags = identity.tags.merging(tags)
        if let email { identity.email = email }
        identity.updatedAt = now
        return identity
    }
}
