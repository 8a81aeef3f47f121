import Foundation

/// The JSON file as a `Store`: every change is a read-modify-write of `everyauth.json` under the
/// lock (SPEC §3), and pending web authorizations live beside it in `everyauth-pending.json`,
/// changed under a lock of their own (`everyauth-pending.lock`), so a flood of web starts never
/// waits on, or delays, identity writes. A file in the encoder's own form (every file everyauth
/// wrote) is scanned rather than decoded: a lookup decodes one identity, and a change of one
/// identity or service re-encodes only that and copies the rest (`StoreScan`); any other file is
/// decoded and encoded whole, as before.
extension FileStore: Store {
    /// Where the file is: `<config dir>/everyauth.json`.
    public var location: StoreLocation { StoreLocation(backend: .file, redacted: fileURL.path) }

    /// `Store` requirement: every service's stored settings.
    public func services() async throws -> [String: ServiceSettings] {
        try keys.open(storedServices(), location: location.redacted)
    }

    /// `Store` requirement: one service's stored settings, nil when not set.
    public func serviceSettings(_ service: String) async throws -> ServiceSettings? {
        try storedServices()[service].map { try keys.open($0, service: service, location: location.redacted) }
    }

    /// The services as stored: client secrets not opened.
    func storedServices() throws -> [String: ServiceSettings] {
        switch try readContents() {
        case .scanned(let scan): return scan.services
        case .decoded(let document): return document.services
        }
    }

    /// `Store` requirement: the identities `filter` matches, ordered by service, user id, then id.
    public func identities(matching filter: IdentityFilter) async throws -> [Identity] {
        switch try readContents() {
        case .scanned(let scan):
            // Decodes only the identities of the service and user id asked for; tags are checked on the models.
            return try filter.apply(to: try scan.identities(service: filter.service?.rawValue, userId: filter.userId))
                .map { try keys.open($0, location: location.redacted) }
        case .decoded(let document):
            return try filter.apply(to: document.identities).map { try keys.open($0, location: location.redacted) }
        }
    }

    /// `Store` requirement: the summaries `filter` matches, without building any credential.
    public func identitySummaries(matching filter: IdentityFilter, _ body: (IdentitySummary) throws -> Void) async throws {
        switch try readContents() {
        case .scanned(let scan):
            // Each identity's bytes are read for its summary alone: no token becomes a `String`.
            try scan.summaries(matching: filter, body)
        case .decoded(let document):
            for identity in filter.apply(to: document.identities) { try body(IdentitySummary(identity)) }
        }
    }

    /// `Store` requirement: the identity `selector` names, or `LookupError.identityNotFound`.
    public func identity(_ selector: IdentitySelector) async throws -> Identity {
        switch try readContents() {
        case .scanned(let scan):
            guard let position = scan.position(of: selector) else {
                throw LookupError.identityNotFound(service: selector.service.rawValue, userId: selector.userId, id: selector.id)
            }
            return try keys.open(try scan.identity(at: position), location: location.redacted)
        case .decoded(let document):
            return try keys.open(document.identities[try document.index(of: selector)], location: location.redacted)
        }
    }

    /// `Store` requirement: changes one service's settings under the store's lock.
    public func updateService<T: Sendable>(_ service: String, _ body: (inout ServiceSettings?) throws -> T) throws -> T {
        let lock = try acquireLock()
        defer { lock.release() }
        switch try readContents() {
        case .scanned(let scan):
            var services = scan.services
            let result = try changeService(service, in: &services, contents: .scanned(scan), body)
            if services != scan.services { try writeAtomically(scan.replacingServices(services), to: fileURL) }
            return result
        case .decoded(var document):
            let original = document
            let result = try changeService(service, in: &document.services, contents: .decoded(original), body)
            if document != original { try writeAtomically(document.encoded(), to: fileURL) }
            return result
        }
    }

    /// Runs `body` on `service`'s settings opened, and stores what it leaves sealed in `services`
    /// (as stored), unless nothing changed.
    private func changeService<T>(_ service: String, in services: inout [String: ServiceSettings], contents: Contents,
                                  _ body: (inout ServiceSettings?) throws -> T) throws -> T {
        let stored = services[service]
        let opened = try stored.map { try keys.open($0, service: service, location: location.redacted) }
        var settings = opened
        let result = try body(&settings)
        if settings != opened {
            let sealed = settings.map { keys.seal($0, service: service, replacing: stored, opened: opened) }
            try checkPlaintext(sealed.map { StoreKeys.usage(of: $0) }, over: stored.map { StoreKeys.usage(of: $0) }, in: contents)
            services[service] = sealed
        }
        return result
    }

    /// Refuses, without keys, a write that would put a new plaintext secret into a file holding
    /// envelopes (`StoreKeys.writesNewPlaintext`): a search of the bytes the write copies anyway.
    private func checkPlaintext(_ new: StoreKeys.Usage?, over old: StoreKeys.Usage?, in contents: Contents) throws {
        guard keys.writesNewPlaintext(new, over: old) else { return }
        let found: Substring?
        switch contents {
        case .scanned(let scan):
            found = ByteView.with(scan.buffer) { StoreKeys.firstEnvelopeKeyID(in: $0) }
        case .decoded(let document):
            let usages = document.identities.map { StoreKeys.usage(of: $0) } + document.services.values.map { StoreKeys.usage(of: $0) }
            found = usages.lazy.compactMap { $0.keyIDs.first }.first.map { Substring($0) }
        }
        if let found { throw StoreKeys.plaintextRefused(keyID: found, location: location.redacted) }
    }

    /// `Store` requirement: changes one identity under the store's lock (refreshes go through here).
    public func updateIdentity<T: Sendable>(_ selector: IdentitySelector, _ body: (inout Identity?) async throws -> T) async throws -> T {
        let lock = try await acquireLock()
        defer { lock.release() }
        switch try readContents() {
        case .scanned(let scan):
            let position = scan.position(of: selector)
            let stored = try position.map(scan.identity(at:))
            let original = try stored.map { try keys.open($0, location: location.redacted) }
            var identity = original
            let result = try await body(&identity)
            try Identity.checkWrite(identity, replacing: original)
            if identity != original {
                let sealed = identity.map { keys.seal($0, replacing: stored, opened: original) }
                try checkPlaintext(sealed.map { StoreKeys.usage(of: $0) }, over: stored.map { StoreKeys.usage(of: $0) }, in: .scanned(scan))
                try writeAtomically(scan.replacing(position, with: sealed), to: fileURL)
            }
            return result
        case .decoded(var document):
            let original = document
            let index = Self.position(of: selector, in: document)
            let stored = index.map { document.identities[$0] }
            let opened = try stored.map { try keys.open($0, location: location.redacted) }
            var identity = opened
            let result = try await body(&identity)
            try Identity.checkWrite(identity, replacing: opened)
            guard identity != opened else { return result }
            identity = identity.map { keys.seal($0, replacing: stored, opened: opened) }
            try checkPlaintext(identity.map { StoreKeys.usage(of: $0) }, over: stored.map { StoreKeys.usage(of: $0) }, in: .decoded(original))
            switch (index, identity) {
            case (let index?, let identity?):
                if document.identities[index] != identity { document.identities[index] = identity }
            case (let index?, nil):
                document.identities.remove(at: index)
            case (nil, let identity?):
                document.identities.append(identity)
            case (nil, nil):
                break
            }
            if document != original { try writeAtomically(document.encoded(), to: fileURL) }
            return result
        }
    }

    /// Where `selector`'s identity is in `document`, nil when it is not there.
    private static func position(of selector: IdentitySelector, in document: StoreDocument) -> Int? {
        if let id = selector.id {
            return document.identities.firstIndex { IdentityKey.same($0.id, id) && IdentityKey.same($0.service, selector.service.rawValue) }
        }
        guard let userId = selector.userId else { return nil }
        return document.identityIndex(service: selector.service.rawValue, userId: userId)
    }

    // MARK: - Pending web authorizations

    /// `everyauth-pending.json`, beside the store.
    var pendingURL: URL { directory.appendingPathComponent("everyauth-pending.json", isDirectory: false) }

    /// `everyauth-pending.lock`: the pending file's own lock, trusted like the store's.
    var pendingLockURL: URL { directory.appendingPathComponent("everyauth-pending.lock", isDirectory: false) }

    /// `Store` requirement: keeps a pending web authorization within `limits`.
    public func savePending(_ pending: PendingAuthorization, limits: PendingAuthorization.Limits) async throws {
        try UserID.validate(pending.userId)
        let lock = try await acquireLock(pendingLockURL)
        defer { lock.release() }
        let entries = try PendingAuthorization.admitting(pending, into: try readPending(), now: Date(), limits: limits)
        try writeAtomically(PendingFile.encode(entries), to: pendingURL)
    }

    /// `Store` requirement: removes and returns the pending authorization whose id and state hash both match.
    public func takePending(id: String, stateHash: String, now: Date) async throws -> PendingAuthorization? {
        let lock = try await acquireLock(pendingLockURL)
        defer { lock.release() }
        let entries = try readPending()
        let found = entries.firstIndex {
            IdentityKey.same($0.id, id) && ConstantTime.equal($0.stateHash, stateHash) && $0.expiresAt > now
        }
        let kept = entries.indices.filter { $0 != found && entries[$0].expiresAt > now }.map { entries[$0] }
        if kept.count != entries.count { try writeAtomically(PendingFile.encode(kept), to: pendingURL) }
        return found.map { entries[$0] }
    }

    func readPending() throws -> [PendingAuthorization] {
        guard let data = try readTrustedFile(pendingURL) else { return [] }
        return try PendingFile.decode(data, path: pendingURL.path)
    }

    /// `Store` requirement: nothing to release for a file.
    public func shutdown() async {}
}

/// The pending file's format: `{"version": 1, "pending": [{...}]}`.
enum PendingFile {
    static func encode(_ entries: [PendingAuthorization]) -> Data {
        let list: [JSONValue] = entries.map { entry in
            var members: [String: JSONValue] = [
                "id": .string(entry.id), "stateHash": .string(entry.stateHash), "service": .string(entry.service),
                "userId": .string(entry.userId), "codeVerifier": .string(entry.codeVerifier),
                "redirectUri": .string(entry.redirectURI), "tags": .object(entry.tags.mapValues(JSONValue.string)),
                "createdAt": .string(Timestamp.format(entry.createdAt)), "expiresAt": .string(Timestamp.format(entry.expiresAt)),
            ]
            if let finished = entry.finishedURL { members["finishedUrl"] = .string(finished) }
            return .object(members)
        }
        let document = JSONValue.object(["version": .number(1), "pending": .array(list)])
        return Data((document.serialized(pretty: true) + "\n").utf8)
    }

    static func decode(_ data: Data, path: String) throws -> [PendingAuthorization] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw StoreError.corrupt(path: path, reason: "\(error)")
        }
        guard document["version"]?.intValue == 1, let list = document["pending"]?.arrayValue else {
            throw StoreError.corrupt(path: path, reason: "expected {\"version\": 1, \"pending\": [...]}")
        }
        return try list.map { entry in
            func text(_ key: String) throws -> String {
                guard let value = entry[key]?.stringValue else {
                    throw StoreError.corrupt(path: path, reason: "a pending authorization has no \(key)")
                }
                return value
            }
            func date(_ key: String) throws -> Date {
                guard let value = Timestamp.parse(try text(key)) else {
                    throw StoreError.corrupt(path: path, reason: "a pending authorization's \(key) is not a time")
                }
                return value
            }
            var tags: [String: String] = [:]
            for (key, value) in entry["tags"]?.objectValue ?? JSONObject() {
                guard let text = value.stringValue else { throw StoreError.corrupt(path: path, reason: "a tag is not a string") }
                tags[key] = text
            }
            return PendingAuthorization(
                id: try text("id"), stateHash: try text("stateHash"), service: try text("service"), userId: try text("userId"),
                codeVerifier: try text("codeVerifier"), redirectURI: try text("redirectUri"), tags: tags,
                finishedURL: entry["finishedUrl"]?.stringValue, createdAt: try date("createdAt"), expiresAt: try date("expiresAt"))
        }
    }
}

