@testable import EveryAuthCore
import Foundation
import Testing

/// Encryption at rest (SPEC §3): the keys' text, the envelope's binding to its record, and the
/// file store sealing, opening, refusing and re-encrypting.
@Suite struct StoreEncryptionTests {
    static func keyText(_ id: String, _ byte: UInt8) -> String { "\(id):" + Data(repeating: byte, count: 32).base64EncodedString() }
    static let a = keyText("a", 1)
    static let b = keyText("b", 2)

    /// A temporary config directory, 0700.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-crypt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    /// An OAuth credential with every secret field: access token (also in native), refresh token, id token.
    static func credential(_ name: String) -> Credential {
        Credential(accessToken: "AT-\(name)-secret",
                   native: ["access_token": .string("AT-\(name)-secret"), "id_token": .string("IDT-\(name)-secret"),
                            "token_type": .string("bearer"), "scope": .string("read write"), "expires_at": .number(4_102_444_800_000)],
                   refreshToken: "RT-\(name)-secret")
    }

    /// A store of `users` OAuth identities and a service with a client secret, written with `keys`.
    static func seeded(_ directory: URL, keys: StoreKeys, users: [String]) async throws -> FileStore {
        let store = FileStore(directory: directory, keys: keys)
        try store.updateService("pagerduty") { $0 = ServiceSettings(clientId: "cid", clientSecret: "CS-secret") }
        for user in users {
            try await store.upsertIdentity(service: .pagerduty, userId: user, kind: .oauth, credential: credential(user))
        }
        return store
    }

    // MARK: - Keys

    @Test func keysParseInOrderAndShowOnlyTheirIds() throws {
        let keys = try StoreKeys(parsing: " \(Self.b), \(Self.a)\n")
        #expect(keys.ids == ["b", "a"])
        #expect(keys.encrypting?.id == "b")
        #expect(keys.description == "StoreKeys(b, a)")
        var dumped = ""
        dump(keys, to: &dumped)
        #expect(!dumped.contains(Data(repeating: 2, count: 32).base64EncodedString()) && !dumped.contains("bytes"))
        let none = try StoreKeys(environment: [:])
        #expect(StoreKeys().isEmpty && none.isEmpty)
    }

    @Test(arguments: [
        ("k1:" + Data(repeating: 1, count: 31).base64EncodedString(), "31 bytes"),
        ("k1:not*base64", "not valid base64"),
        (":" + Data(repeating: 1, count: 32).base64EncodedString(), "empty id"),
        ("k/1:" + Data(repeating: 1, count: 32).base64EncodedString(), "characters other than"),
        (Data(repeating: 1, count: 32).base64EncodedString(), "not ID:BASE64"),
        ("k1:" + Data(repeating: 1, count: 32).base64EncodedString() + ",k1:" + Data(repeating: 2, count: 32).base64EncodedString(), "given twice"),
        ("k1:" + Data(repeating: 1, count: 32).base64EncodedString() + ",", "not ID:BASE64"),
    ])
    func malformedKeysAreRefusedWithoutQuotingThem(_ text: String, _ problem: String) throws {
        let error = try #require(throws: InvalidInput.self) { try StoreKeys(environment: ["EVERYAUTH_STORE_KEY": text]) }
        #expect(error.input == .storeKeys(from: .environment("EVERYAUTH_STORE_KEY")))
        #expect(error.problem.contains(problem), "\(error.problem)")
        // No key material in the message: neither the base64 nor the text after an id.
        for part in text.split(separator: ",") {
            let material = part.split(separator: ":").last.map(String.init) ?? ""
            #expect(material.count < 8 || !error.description.contains(material), "\(error.description)")
        }
    }

    @Test func aKeyFileMustBeTheUsersAlone() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("keys")
        try Data((Self.a + "\n").utf8).write(to: file)
        chmod(file.path, 0o644)
        let loose = try #require(throws: StoreError.self) { try StoreKeys(environment: ["EVERYAUTH_STORE_KEY_FILE": file.path]) }
        #expect(loose.errorDescription?.contains("chmod 600 \(file.path)") == true, "\(loose)")
        chmod(file.path, 0o600)
        #expect(try StoreKeys(environment: ["EVERYAUTH_STORE_KEY_FILE": file.path]).ids == ["a"])
        let both = try #require(throws: InvalidInput.self) {
            try StoreKeys(environment: ["EVERYAUTH_STORE_KEY_FILE": file.path, "EVERYAUTH_STORE_KEY": Self.b])
        }
        #expect(both.problem.contains("only one"))
    }

    // MARK: - Envelopes

    @Test func anEnvelopeOpensOnlyInItsPlaceWithItsKey() throws {
        let keys = try StoreKeys(parsing: Self.a)
        let key = try #require(keys.encrypting)
        let place = StoreEnvelope.Place.identity(id: "idn-1", service: "pagerduty", field: "accessToken")
        let sealed = StoreEnvelope.seal("tok", with: key, for: place)
        #expect(sealed.hasPrefix("ea1:a:") && !sealed.contains("tok"))
        #expect(try StoreEnvelope.open(sealed, keys: keys, for: place, location: "s") == "tok")
        #expect(StoreEnvelope.seal("tok", with: key, for: place) != sealed, "a fresh nonce each time")
        for other in [StoreEnvelope.Place.identity(id: "idn-2", service: "pagerduty", field: "accessToken"),
                      .identity(id: "idn-1", service: "pagerduty", field: "refresh_token"), .service("pagerduty", field: "clientSecret")] {
            #expect(throws: StoreError.undecryptable(keyID: "a", record: other.description, location: "s")) {
                try StoreEnvelope.open(sealed, keys: keys, for: other, location: "s")
            }
        }
        // Another key under the same id, a flipped byte, and a key that is not given.
        #expect(throws: StoreError.self) { try StoreEnvelope.open(sealed, keys: try StoreKeys(parsing: Self.keyText("a", 9)), for: place, location: "s") }
        var bytes = Array(sealed.utf8)
        // A character inside the base64 (the last ones may be padding or unused bits).
        let inside = "ea1:a:".utf8.count + 8
        bytes[inside] = bytes[inside] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: StoreError.self) { try StoreEnvelope.open(String(decoding: bytes, as: UTF8.self), keys: keys, for: place, location: "s") }
        #expect(throws: StoreError.keyMissing(keyID: "a", record: place.description, location: "s")) {
            try StoreEnvelope.open(sealed, keys: try StoreKeys(parsing: Self.b), for: place, location: "s")
        }
    }

    // MARK: - The file store

    @Test func theFileHoldsNoSecretInTheClearAndReadsBack() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.seeded(directory, keys: try StoreKeys(parsing: Self.a), users: ["alice", "bob"])
        let text = try String(contentsOf: store.fileURL, encoding: .utf8)
        #expect(!text.contains("-secret"), "\(text)")
        #expect(text.contains("\"ea1:a:"))
        let alice = try await store.identity(IdentitySelector(service: .pagerduty, userId: "alice"))
        #expect(alice.credential == Self.credential("alice"))
        #expect(try await store.serviceSettings("pagerduty")?.clientSecret == "CS-secret")
        // Still in the scanner's form: a lookup decodes (and decrypts) one identity.
        #expect(StoreScan(bytes: Array(text.utf8), path: "p") != nil)
        let info = try await store.info()
        #expect(info.recordsByKey == ["a": 3] && info.plaintextRecords == 0)
    }

    @Test func withoutTheKeyNothingOpensAndNothingIsWritten() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await Self.seeded(directory, keys: try StoreKeys(parsing: Self.a), users: ["alice"])
        let file = directory.appendingPathComponent("everyauth.json")
        let before = try Data(contentsOf: file)
        for keys in [StoreKeys(), try StoreKeys(parsing: Self.b)] {
            let store = FileStore(directory: directory, keys: keys)
            await #expect(throws: StoreError.self) { try await store.identity(IdentitySelector(service: .pagerduty, userId: "alice")) }
            await #expect(throws: StoreError.self) { try await store.removeIdentity(IdentitySelector(service: .pagerduty, userId: "alice")) }
            #expect(throws: StoreError.self) { try store.updateService("pagerduty") { $0?.clientId = "x" } }
            // Listing needs no token.
            #expect(try await store.identitySummaries(matching: IdentityFilter()).map(\.userId) == ["alice"])
        }
        let error = await #expect(throws: StoreError.self) {
            try await FileStore(directory: directory).identity(IdentitySelector(service: .pagerduty, userId: "alice"))
        }
        guard case .keyMissing(let keyID, _, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(keyID == "a")
        #expect(try Data(contentsOf: file) == before)
    }

    @Test func withoutKeysANewPlaintextSecretIsRefusedBesideEnvelopes() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.seeded(directory, keys: try StoreKeys(parsing: Self.a), users: ["alice"])
        let before = try Data(contentsOf: store.fileURL)
        let keyless = FileStore(directory: directory)
        let error = await #expect(throws: StoreError.self) {
            try await keyless.upsertIdentity(service: .pagerduty, userId: "zed", kind: .apiKey, credential: .apiKey("u+zed"))
        }
        #expect(error == StoreError.keyMissing(keyID: "a", record: "the store", location: store.location.redacted))
        #expect(try Data(contentsOf: store.fileURL) == before)
        // A record already in plaintext stays writable without keys (not yet rekeyed), as a plaintext store is.
        let other = try Self.directory()
        defer { try? FileManager.default.removeItem(at: other) }
        let plain = try await Self.seeded(other, keys: StoreKeys(), users: ["alice"])
        try await plain.upsertIdentity(service: .pagerduty, userId: "zed", kind: .apiKey, credential: .apiKey("u+zed"))
        #expect(try await plain.identity(IdentitySelector(service: .pagerduty, userId: "zed")).credential.accessToken == "u+zed")
    }

    @Test func anEnvelopeMovedToAnotherIdentityDoesNotOpen() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.seeded(directory, keys: try StoreKeys(parsing: Self.a), users: ["alice", "bob"])
        try store.update { document in
            let bobToken = document.identities[1].credential.accessToken
            document.identities[0].credential.accessToken = bobToken
        }
        let error = await #expect(throws: StoreError.self) { try await store.identity(IdentitySelector(service: .pagerduty, userId: "alice")) }
        guard case .undecryptable(let keyID, let record, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(keyID == "a" && record.contains("accessToken"))
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: "bob")).credential.accessToken == "AT-bob-secret")
    }

    @Test func rekeyFinishesAPartlyRekeyedStoreAndThenChangesNothing() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Plaintext first: alice, bob, carol and the service.
        let plain = try await Self.seeded(directory, keys: StoreKeys(), users: ["alice", "bob", "carol"])
        #expect(try await plain.info().plaintextRecords == 4)
        await #expect(throws: StoreError.noKey(location: plain.location.redacted)) { try await plain.rekey() }
        let underA = FileStore(directory: directory, keys: try StoreKeys(parsing: Self.a))
        #expect(try await underA.rekey() == StoreRekeyCounts(keyID: "a", reencrypted: 4, current: 0))
        // As a rekey to b cut short: carol rewritten under b, the rest still under a.
        let rotating = FileStore(directory: directory, keys: try StoreKeys(parsing: "\(Self.b),\(Self.a)"))
        try await rotating.upsertIdentity(service: .pagerduty, userId: "carol", kind: .oauth, credential: Self.credential("carol2"))
        #expect(try await rotating.info().recordsByKey == ["a": 3, "b": 1])
        #expect(try await rotating.rekey() == StoreRekeyCounts(keyID: "b", reencrypted: 3, current: 1))
        let bytes = try Data(contentsOf: underA.fileURL)
        #expect(try await rotating.rekey() == StoreRekeyCounts(keyID: "b", reencrypted: 0, current: 4))
        #expect(try Data(contentsOf: underA.fileURL) == bytes, "a second run writes nothing")
        // a can go: b alone opens everything.
        let onlyB = FileStore(directory: directory, keys: try StoreKeys(parsing: Self.b))
        #expect(try await onlyB.identities(matching: IdentityFilter()).map(\.credential.accessToken)
            == ["AT-alice-secret", "AT-bob-secret", "AT-carol2-secret"])
        #expect(try await onlyB.info().recordsByKey == ["b": 4])
    }

    @Test func anImportIntoAKeyedStoreSealsPlaintextAndChangesNothingTwice() async throws {
        let source = try Self.directory(), target = try Self.directory()
        defer { try? FileManager.default.removeItem(at: source); try? FileManager.default.removeItem(at: target) }
        let plain = try await Self.seeded(source, keys: StoreKeys(), users: ["alice", "bob"])
        let keyed = FileStore(directory: target, keys: try StoreKeys(parsing: Self.a))
        let records = try await plain.exportAll()
        let first = try await keyed.importAll(services: records.services, identities: records.identities)
        #expect(first.identitiesAdded == 2 && first.servicesAdded == 1)
        #expect(!(try String(contentsOf: keyed.fileURL, encoding: .utf8)).contains("-secret"))
        let second = try await keyed.importAll(services: records.services, identities: records.identities)
        #expect(second.identitiesUnchanged == 2 && second.servicesUnchanged == 1, "plaintext that reads as the sealed record is unchanged")
        #expect(try await keyed.identities(matching: IdentityFilter()) == (try await plain.identities(matching: IdentityFilter())))
    }

    @Test func aWriteKeepsUnchangedEnvelopesOnlyUnderTheFirstKey() throws {
        let a = try StoreKeys(parsing: Self.a), ba = try StoreKeys(parsing: "\(Self.b),\(Self.a)")
        let identity = Identity(id: "idn-1", service: "pagerduty", userId: "u", kind: .oauth, credential: Self.credential("u"))
        let stored = a.seal(identity)
        let opened = try a.open(stored, location: "s")
        var changed = opened
        changed.status = .refreshError
        // Same keys: the envelopes are kept as they were.
        #expect(a.seal(changed, replacing: stored, opened: opened).credential == stored.credential)
        // A new first key: every secret is sealed under it.
        #expect(StoreKeys.usage(of: ba.seal(changed, replacing: stored, opened: opened)).keyIDs == ["b"])
    }
}

extension StoreRekeyCounts {
    init(keyID: String, reencrypted: Int, current: Int) {
        self.init(keyID: keyID)
        self.reencrypted = reencrypted
        self.current = current
    }
}
