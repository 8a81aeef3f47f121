import Foundation

/// Which values of a record are secret and how a record is opened and sealed. Backends keep
/// records as stored (envelopes or plaintext) and open only the ones they hand out, so a lookup
/// among 10,000 identities decrypts one (SPEC §3 "Cost"), and a listing decrypts none.
extension StoreKeys {
    /// A secret field of a record: its name in the store and how to read and write it.
    struct SecretField<Record>: Sendable {
        let name: String
        let get: @Sendable (Record) -> String?
        let set: @Sendable (inout Record, String) -> Void
    }

    /// The tokens of an identity: the access token (also under `native`, as the token endpoint
    /// sent it), the refresh token, and an OpenID `id_token`. An API key is an access token.
    static let identityFields: [SecretField<Identity>] = [
        SecretField(name: "accessToken", get: { $0.credential.accessToken }, set: { $0.credential.accessToken = $1 }),
        SecretField(name: "refresh_token", get: { $0.credential.refreshToken }, set: { $0.credential.refreshToken = $1 }),
        SecretField(name: "native.access_token", get: { $0.credential.native["access_token"]?.stringValue },
                    set: { $0.credential.native["access_token"] = .string($1) }),
        SecretField(name: "native.id_token", get: { $0.credential.native["id_token"]?.stringValue },
                    set: { $0.credential.native["id_token"] = .string($1) }),
    ]

    /// The client secret of a service's settings.
    static let settingsFields: [SecretField<ServiceSettings>] = [
        SecretField(name: "clientSecret", get: { $0.clientSecret }, set: { $0.clientSecret = $1 }),
    ]

    // MARK: - Identities

    /// `identity` as stored, with every secret opened; `location` names the store in errors.
    package func open(_ identity: Identity, location: String) throws(StoreError) -> Identity {
        try open(identity, fields: Self.identityFields, location: location) { .identity(id: identity.id, service: identity.service, field: $0) }
    }

    /// `identity` as it must be stored, replacing `stored` (as stored) whose opened form was
    /// `opened`: each secret that did not change keeps its envelope when that is under the
    /// encrypting key for the same record; every other one is sealed afresh (kept plaintext
    /// without keys). So a record written with a key is wholly under the first key.
    package func seal(_ identity: Identity, replacing stored: Identity? = nil, opened: Identity? = nil) -> Identity {
        let sameRecord = stored.map { IdentityKey.same($0.id, identity.id) && IdentityKey.same($0.service, identity.service) } ?? false
        return seal(identity, fields: Self.identityFields, replacing: sameRecord ? stored : nil, opened: opened) {
            .identity(id: identity.id, service: identity.service, field: $0)
        }
    }

    // MARK: - Service settings

    /// `settings` of `service` as stored, with the client secret opened.
    package func open(_ settings: ServiceSettings, service: String, location: String) throws(StoreError) -> ServiceSettings {
        try open(settings, fields: Self.settingsFields, location: location) { .service(service, field: $0) }
    }

    /// `settings` of `service` as they must be stored (see `seal(_:replacing:opened:)` of an identity).
    package func seal(_ settings: ServiceSettings, service: String, replacing stored: ServiceSettings? = nil,
                      opened: ServiceSettings? = nil) -> ServiceSettings {
        seal(settings, fields: Self.settingsFields, replacing: stored, opened: opened) { .service(service, field: $0) }
    }

    /// Every service's settings opened.
    package func open(_ services: [String: ServiceSettings], location: String) throws(StoreError) -> [String: ServiceSettings] {
        var opened: [String: ServiceSettings] = [:]
        for (name, settings) in services { opened[name] = try open(settings, service: name, location: location) }
        return opened
    }

    // MARK: - Re-encrypting and counting

    /// Which keys a stored record's secrets are under, and whether any is plaintext.
    package struct Usage: Sendable, Equatable {
        /// The key ids of its envelopes.
        package var keyIDs: Set<String> = []
        /// True when a secret is stored in plaintext.
        package var plaintext = false
        /// True when it has a secret at all.
        package var hasSecret: Bool { plaintext || !keyIDs.isEmpty }
    }

    /// The usage of a stored identity.
    package static func usage(of identity: Identity) -> Usage { usage(of: identity, fields: identityFields) }

    /// The usage of a service's stored settings.
    package static func usage(of settings: ServiceSettings) -> Usage { usage(of: settings, fields: settingsFields) }

    /// True when every secret of a record with `usage` is under the encrypting key.
    package func isCurrent(_ usage: Usage) -> Bool {
        guard let encrypting else { return true }
        return !usage.plaintext && usage.keyIDs.allSatisfy { $0 == encrypting.id }
    }

    /// A stored identity re-encrypted under the encrypting key, or nil when it already is. Opened
    /// either way: a record "under" the first key's id that this key does not open (another key
    /// given that id) is `undecryptable`, not current.
    package func resealed(_ identity: Identity, location: String) throws(StoreError) -> Identity? {
        let opened = try open(identity, location: location)
        return isCurrent(Self.usage(of: identity)) ? nil : seal(opened)
    }

    /// A service's stored settings re-encrypted under the encrypting key, or nil when they already
    /// are (opened either way, as an identity is).
    package func resealed(_ settings: ServiceSettings, service: String, location: String) throws(StoreError) -> ServiceSettings? {
        let opened = try open(settings, service: service, location: location)
        return isCurrent(Self.usage(of: settings)) ? nil : seal(opened, service: service)
    }

    // MARK: - Imports

    /// An imported identity as it is stored: its envelopes as they are (they name their record,
    /// not a backend), its plaintext secrets sealed under the first key (kept without keys).
    package func importing(_ identity: Identity) -> Identity {
        sealPlaintext(identity, fields: Self.identityFields) { .identity(id: identity.id, service: identity.service, field: $0) }
    }

    /// Imported settings of `service` as they are stored (see `importing(_:)` of an identity).
    package func importing(_ settings: ServiceSettings, service: String) -> ServiceSettings {
        sealPlaintext(settings, fields: Self.settingsFields) { .service(service, field: $0) }
    }

    /// True when an import of `incoming` over `stored` changes nothing a reader sees: the same
    /// stored text, or the same once both are opened (a plaintext import of a sealed record).
    package func same(_ stored: Identity, _ incoming: Identity) -> Bool {
        if stored == incoming { return true }
        guard let a = try? open(stored, location: ""), let b = try? open(incoming, location: "") else { return false }
        return a == b
    }

    /// `same` for the settings of `service`.
    package func same(_ stored: ServiceSettings, _ incoming: ServiceSettings, service: String) -> Bool {
        if stored == incoming { return true }
        guard let a = try? open(stored, service: service, location: ""), let b = try? open(incoming, service: service, location: "") else {
            return false
        }
        return a == b
    }

    // MARK: - Writing without keys

    /// True when, without keys, writing `new` over `old` would put a secret in plaintext into a
    /// record that held none in plaintext (a new identity, a first client secret): in a store that
    /// already holds envelopes, that is a forgotten key, and the write is refused
    /// (`plaintextRefused`) rather than leave the store partly plaintext. A record that was
    /// plaintext stays writable (a refresh of an identity not yet rekeyed).
    package func writesNewPlaintext(_ new: Usage?, over old: Usage?) -> Bool {
        isEmpty && (new?.plaintext ?? false) && !(old?.plaintext ?? false)
    }

    /// `keyMissing` for a store whose envelopes name `keyID`, refusing a plaintext write.
    package static func plaintextRefused(keyID: Substring, location: String) -> StoreError {
        .keyMissing(keyID: String(keyID), record: "the store", location: location)
    }

    /// The key id of the first envelope in a store file's `bytes` (a `"ea1:` string), nil when it has none.
    static func firstEnvelopeKeyID(in bytes: ByteView) -> Substring? {
        let quote = UInt8(ascii: "\"")
        var index = 0
        while index < bytes.count {
            if bytes[index] == quote, bytes.has("\"ea1:", at: index) {
                var end = index + 5
                while end < bytes.count, bytes[end] != UInt8(ascii: ":"), bytes[end] != quote { end += 1 }
                return Substring(bytes.slice(index + 5..<end).string)
            }
            index += 1
        }
        return nil
    }

    // MARK: - Generic

    private func open<Record>(
        _ record: Record, fields: [SecretField<Record>], location: String, place: (String) -> StoreEnvelope.Place
    ) throws(StoreError) -> Record {
        var opened = record
        for field in fields {
            guard let text = field.get(record), StoreEnvelope.keyID(of: text) != nil else { continue }
            field.set(&opened, try StoreEnvelope.open(text, keys: self, for: place(field.name), location: location))
        }
        return opened
    }

    private func seal<Record>(
        _ record: Record, fields: [SecretField<Record>], replacing stored: Record?, opened: Record?,
        place: (String) -> StoreEnvelope.Place
    ) -> Record {
        guard let encrypting else { return record }
        var sealed = record
        for field in fields {
            guard let value = field.get(record) else { continue }
            if let stored, let opened, let kept = field.get(stored), field.get(opened) == value,
               StoreEnvelope.keyID(of: kept) == Substring(encrypting.id) {
                field.set(&sealed, kept)
            } else {
                field.set(&sealed, StoreEnvelope.seal(value, with: encrypting, for: place(field.name)))
            }
        }
        return sealed
    }

    private func sealPlaintext<Record>(_ record: Record, fields: [SecretField<Record>], place: (String) -> StoreEnvelope.Place) -> Record {
        guard let encrypting else { return record }
        var sealed = record
        for field in fields {
            guard let value = field.get(record), StoreEnvelope.keyID(of: value) == nil else { continue }
            field.set(&sealed, StoreEnvelope.seal(value, with: encrypting, for: place(field.name)))
        }
        return sealed
    }

    private static func usage<Record>(of record: Record, fields: [SecretField<Record>]) -> Usage {
        var usage = Usage()
        for field in fields {
            guard let text = field.get(record) else { continue }
            if let id = StoreEnvelope.keyID(of: text) { usage.keyIDs.insert(String(id)) } else { usage.plaintext = true }
        }
        return usage
    }
}
