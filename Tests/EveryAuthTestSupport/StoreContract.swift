import EveryAuthCore
import Foundation
import Testing

/// What every `Store` must do, whatever keeps the data (SPEC §3): each case runs against the JSON
/// file in a temporary directory (EveryAuthCoreTests) and against PostgreSQL in a database of its
/// own (EveryAuthPostgresTests).
public enum StoreContract: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case services, upsertKeepsIdentity, selection, listing, summaries, updateIdentity, updateIdentityConcurrent, pending, pendingForgedSecret,
         pendingLimits, info, importAll
    case identityKeys, userIDRule

    public var testDescription: String { rawValue }

    /// Whole seconds: the file keeps times without fractions.
    static let now = Date(timeIntervalSince1970: 1_764_000_000)

    static func credential(_ token: String, refresh: String? = "r-\(UUID().uuidString)") -> Credential {
        Credential(accessToken: token, native: ["token_type": .string("bearer"), "expires_at": .number(1_764_003_600_000)],
                   refreshToken: refresh)
    }

    /// Checks this behaviour on `store`, which must be empty.
    public func check(_ store: any Store) async throws {
        switch self {
        case .services: try await Self.services(store)
        case .upsertKeepsIdentity: try await Self.upsertKeepsIdentity(store)
        case .selection: try await Self.selection(store)
        case .listing: try await Self.listing(store)
        case .summaries: try await Self.summaries(store)
        case .updateIdentity: try await Self.updateIdentity(store)
        case .updateIdentityConcurrent: try await Self.updateIdentityConcurrent(store)
        case .pending: try await Self.pending(store)
        case .pendingForgedSecret: try await Self.pendingForgedSecret(store)
        case .pendingLimits: try await Self.pendingLimits(store)
        case .info: try await Self.info(store)
        case .importAll: try await Self.importAll(store)
        case .identityKeys: try await Self.identityKeys(store)
        case .userIDRule: try await Self.userIDRule(store)
        }
    }

    /// SPEC §3 "Identity keys": user ids, ids and tags compare as bytes on every backend. The Kelvin
    /// sign is not a K, a decomposed é is not a precomposed one, and listings sort by bytes.
    static func identityKeys(_ store: any Store) async throws {
        let kelvin = "\u{212A}elly"
        let kelly = try await store.upsertIdentity(service: .pagerduty, userId: "Kelly", kind: .apiKey, credential: .apiKey("k-real"),
                                                   tags: ["team": "caf\u{E9}"], now: now)
        let lookAlike = try await store.upsertIdentity(service: .pagerduty, userId: kelvin, kind: .apiKey, credential: .apiKey("k-kelvin"),
                                                       tags: ["team": "cafe\u{301}"], now: now)
        #expect(kelly.id != lookAlike.id, "the look-alike replaced the real identity")
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: "Kelly")).credential.accessToken == "k-real")
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: kelvin)).credential.accessToken == "k-kelvin")
        _ = try await store.upsertIdentity(service: .pagerduty, userId: "ren\u{E9}", kind: .apiKey, credential: .apiKey("k-rene"), now: now)
        await #expect(throws: LookupError.self) { try await store.identity(IdentitySelector(service: .pagerduty, userId: "rene\u{301}")) }
        #expect(try await store.identities(matching: IdentityFilter(userId: "rene\u{301}")).isEmpty)
        // Byte order: "K" (0x4B) < "r" (0x72) < "\u{212A}" (0xE2 0x84 0xAA).
        let order = try await store.identities(matching: IdentityFilter()).map { Array($0.userId.utf8) }
        #expect(order == [Array("Kelly".utf8), Array("ren\u{E9}".utf8), Array(kelvin.utf8)])
        let summaries = try await store.identitySummaries(matching: IdentityFilter()).map { Array($0.userId.utf8) }
        #expect(summaries == order)
        let byTag = try await store.identities(matching: IdentityFilter(tags: ["team": "cafe\u{301}"]))
        #expect(byTag.map(\.id) == [lookAlike.id])
        let summaryByTag = try await store.identitySummaries(matching: IdentityFilter(tags: ["team": "caf\u{E9}"]))
        #expect(summaryByTag.map(\.id) == [kelly.id])
        // Removing the look-alike leaves the real one.
        try await store.removeIdentity(IdentitySelector(service: .pagerduty, userId: kelvin))
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: "Kelly")).id == kelly.id)
    }

    /// SPEC §3: a user id new to the store is 1 to 256 bytes of UTF-8 without control characters.
    static func userIDRule(_ store: any Store) async throws {
        for bad in [String(repeating: "a", count: 257), "a\u{0}b", "line\nbreak", "c1\u{85}", ""] {
            await #expect(throws: InvalidUserID.self, "\(bad.debugDescription)") {
                try await store.upsertIdentity(service: .pagerduty, userId: bad, kind: .apiKey, credential: .apiKey("k"), now: now)
            }
        }
        #expect(try await store.identities(matching: IdentityFilter()).isEmpty)
        let longest = String(repeating: "\u{E9}", count: 128)
        try await store.upsertIdentity(service: .pagerduty, userId: longest, kind: .apiKey, credential: .apiKey("k"), now: now)
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: longest)).credential.accessToken == "k")
    }

    static func services(_ store: any Store) async throws {
        #expect(try await store.services().isEmpty)
        #expect(try await store.serviceSettings("pagerduty") == nil)
        let settings = ServiceSettings(scope: "read", clientId: "cid", clientSecret: "sec", region: .eu,
                                       tokenUrl: "http://127.0.0.1:9/t", redirectPort: 8123, defaultUserId: "alice")
        try await store.updateService("pagerduty") { $0 = settings }
        #expect(try await store.serviceSettings("pagerduty") == settings)
        #expect(try await store.services() == ["pagerduty": settings])
        // A throwing body writes nothing.
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await store.updateService("pagerduty") { stored in
                stored?.clientId = "changed"
                throw Refused()
            }
        }
        #expect(try await store.serviceSettings("pagerduty")?.clientId == "cid")
        let seen = try await store.updateService("pagerduty") { stored -> String? in
            let before = stored?.scope
            stored = nil
            return before
        }
        #expect(seen == "read")
        #expect(try await store.serviceSettings("pagerduty") == nil)
        #expect(try await store.services().isEmpty)
    }

    static func upsertKeepsIdentity(_ store: any Store) async throws {
        let first = try await store.upsertIdentity(service: .pagerduty, userId: "alice", kind: .oauth, credential: credential("a1"),
                                                   tags: ["team": "web"], email: "alice@example.com", now: now)
        try await store.updateIdentity(IdentitySelector(service: .pagerduty, id: first.id)) { $0?.status = .refreshError }
        let later = now.addingTimeInterval(60)
        let second = try await store.upsertIdentity(service: .pagerduty, userId: "alice", kind: .oauth, credential: credential("a2"),
                                                    tags: ["env": "prod"], now: later)
        #expect(second.id == first.id)
        let stored = try await store.identity(IdentitySelector(service: .pagerduty, userId: "alice"))
        #expect(stored.id == first.id)
        #expect(stored.createdAt == now)
        #expect(stored.updatedAt == later)
        #expect(stored.tags == ["team": "web", "env": "prod"])
        #expect(stored.status == .authorized)
        #expect(stored.email == "alice@example.com")
        #expect(stored.credential == second.credential)
        #expect(try await store.identities(matching: IdentityFilter()).count == 1)
    }

    static func selection(_ store: any Store) async throws {
        let alice = try await store.upsertIdentity(service: .pagerduty, userId: "alice", kind: .oauth, credential: credential("a"), now: now)
        let bob = try await store.upsertIdentity(service: .pagerduty, userId: "bob", kind: .apiKey, credential: .apiKey("k"), now: now)
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, id: alice.id)) == alice)
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: "bob")) == bob)
        await #expect(throws: LookupError.self) { try await store.identity(IdentitySelector(service: .pagerduty, userId: "carol")) }
        await #expect(throws: LookupError.self) { try await store.identity(IdentitySelector(service: .pagerduty, id: "idn-none")) }
        let removed = try await store.removeIdentity(IdentitySelector(service: .pagerduty, id: bob.id))
        #expect(removed == bob)
        await #expect(throws: LookupError.self) { try await store.removeIdentity(IdentitySelector(service: .pagerduty, userId: "bob")) }
    }

    static func listing(_ store: any Store) async throws {
        for (user, tags) in [("zoe", ["team": "web"]), ("adam", ["team": "web", "env": "prod"]), ("mia", ["team": "ops"])] as [(String, IdentityTags)] {
            try await store.upsertIdentity(service: .pagerduty, userId: user, kind: .oauth, credential: credential(user), tags: tags, now: now)
        }
        let all = try await store.identities(matching: IdentityFilter())
        #expect(all.map(\.userId) == ["adam", "mia", "zoe"])
        let web = try await store.identities(matching: IdentityFilter(service: .pagerduty, tags: ["team": "web"]))
        #expect(web.map(\.userId) == ["adam", "zoe"])
        let prod = try await store.identities(matching: IdentityFilter(tags: ["team": "web", "env": "prod"]))
        #expect(prod.map(\.userId) == ["adam"])
        #expect(try await store.identities(matching: IdentityFilter(userId: "mia")).map(\.userId) == ["mia"])
        #expect(try await store.identities(matching: IdentityFilter(tags: ["team": "none"])).isEmpty)
    }

    /// `identity ls` lists summaries without the tokens: for every filter they are exactly the
    /// listed identities' own, in the same order, whatever `native` holds where scope and expiry are.
    static func summaries(_ store: any Store) async throws {
        let natives: [(String, JSONObject)] = [
            ("zoe", ["scope": .string("read write"), "expires_at": .number(1_764_003_600_000), "token_type": .string("bearer")]),
            ("adam", ["token_type": .string("token")]),
            ("mia", ["scope": .number(7), "expires_at": .string("soon")]),
            ("kai", ["scope": .null, "expires_at": .number(try #require(JSONNumber(literal: "1e400")))]),
            ("lee", ["scope": .string("\u{e9}\n\"q\""), "expires_at": .number(try #require(JSONNumber(literal: "-1.5E+3")))]),
            ("ann", ["expires_at": .number(253_402_300_800_000), "nested": .object(["scope": .string("not this one")])]),
            ("\u{e9}", [:]),
        ]
        for (index, (user, native)) in natives.enumerated() {
            let credential = Credential(accessToken: "t-\(user)", native: native, refreshToken: index % 2 == 0 ? "r-\(user)" : nil)
            try await store.upsertIdentity(service: .pagerduty, userId: user, kind: [.oauth, .apiKey, .app][index % 3],
                                           credential: credential, tags: index % 2 == 0 ? ["team": "web"] : ["team": "ops", "env": "prod"],
                                           email: index == 3 ? "kai@example.com" : nil, now: now.addingTimeInterval(Double(index)))
        }
        try await store.updateIdentity(IdentitySelector(service: .pagerduty, userId: "mia")) { $0?.status = .refreshError }
        let filters = [IdentityFilter(), IdentityFilter(service: .pagerduty), IdentityFilter(userId: "mia"), IdentityFilter(userId: "nobody"),
                       IdentityFilter(tags: ["team": "web"]), IdentityFilter(service: .pagerduty, tags: ["team": "ops", "env": "prod"]),
                       IdentityFilter(tags: ["team": "none"])]
        for filter in filters {
            let identities = try await store.identities(matching: filter)
            #expect(try await store.identitySummaries(matching: filter) == identities.map(IdentitySummary.init), "\(filter)")
        }
        let all = try await store.identitySummaries(matching: IdentityFilter())
        #expect(all.map(\.userId) == ["adam", "ann", "kai", "lee", "mia", "zoe", "\u{e9}"])
        let zoe = try #require(all.last { $0.userId == "zoe" })
        #expect(zoe.scope == "read write")
        #expect(zoe.expiresAt == Date(timeIntervalSince1970: 1_764_003_600))
        #expect(all.first { $0.userId == "mia" }?.status == .refreshError)
        #expect(all.allSatisfy { $0.userId == "zoe" || $0.userId == "lee" || $0.scope == nil })
    }

    static func updateIdentity(_ store: any Store) async throws {
        let selector = IdentitySelector(service: .pagerduty, userId: "alice")
        // Insert under the selector's user id.
        let inserted = try await store.updateIdentity(selector) { stored -> Identity in
            #expect(stored == nil)
            let identity = Identity(service: "pagerduty", userId: "alice", createdAt: now, kind: .oauth, credential: credential("t1"))
            stored = identity
            return identity
        }
        #expect(try await store.identity(selector) == inserted)
        // Modify.
        try await store.updateIdentity(selector) { $0?.credential = credential("t2", refresh: "r2") }
        #expect(try await store.identity(selector).credential.accessToken == "t2")
        // A throwing body writes nothing, even after changing the identity.
        struct Failed: Error {}
        await #expect(throws: Failed.self) {
            try await store.updateIdentity(selector) { stored in
                stored?.credential = credential("t3")
                throw Failed()
            }
        }
        #expect(try await store.identity(selector).credential.refreshToken == "r2")
        await #expect(throws: Failed.self) {
            try await store.updateIdentity(IdentitySelector(service: .pagerduty, userId: "ghost")) { stored in
                stored = Identity(service: "pagerduty", userId: "ghost", kind: .oauth, credential: credential("g"))
                throw Failed()
            }
        }
        #expect(try await store.identities(matching: IdentityFilter(userId: "ghost")).isEmpty)
        // Remove.
        try await store.updateIdentity(IdentitySelector(service: .pagerduty, id: inserted.id)) { $0 = nil }
        #expect(try await store.identities(matching: IdentityFilter()).isEmpty)
    }

    /// Concurrent read-modify-writes of one identity (one not stored yet): none is lost.
    static func updateIdentityConcurrent(_ store: any Store) async throws {
        let selector = IdentitySelector(service: .pagerduty, userId: "counter")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await store.updateIdentity(selector) { stored in
                        var identity = stored ?? Identity(service: "pagerduty", userId: "counter", tags: ["n": "0"], createdAt: now,
                                                          kind: .oauth, credential: credential("c"))
                        identity.tags["n"] = String(Int(identity.tags["n"] ?? "0")! + 1)
                        stored = identity
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.identity(selector).tags["n"] == "10")
    }

    static func pending(_ store: any Store) async throws {
        // Saving purges what has expired by the real clock, so these times are near it.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        func entry(_ id: String, expires: TimeInterval) -> PendingAuthorization {
            PendingAuthorization(id: id, stateHash: "hash-\(id)", service: "pagerduty", userId: "alice", codeVerifier: "v-\(id)",
                                 redirectURI: "https://app.example/cb", tags: ["team": "web"], finishedURL: id == "a" ? "https://app.example/done" : nil,
                                 createdAt: now, expiresAt: now.addingTimeInterval(expires))
        }
        try await store.savePending(entry("a", expires: 600))
        try await store.savePending(entry("b", expires: 60))
        try await store.savePending(entry("c", expires: 600))
        #expect(try await store.takePending(id: "a", stateHash: "hash-a", now: now) == entry("a", expires: 600))
        #expect(try await store.takePending(id: "a", stateHash: "hash-a", now: now) == nil, "a callback is single use")
        #expect(try await store.takePending(id: "missing", stateHash: "hash-missing", now: now) == nil)
        // At now+120, b has expired: taking c removes it, so it is gone even for an earlier clock.
        #expect(try await store.takePending(id: "c", stateHash: "hash-c", now: now.addingTimeInterval(120)) == entry("c", expires: 600))
        #expect(try await store.takePending(id: "b", stateHash: "hash-b", now: now) == nil, "expired entries are purged")
        try await store.savePending(entry("d", expires: 60))
        #expect(try await store.takePending(id: "d", stateHash: "hash-d", now: now.addingTimeInterval(61)) == nil, "an expired entry is not returned")
    }

    static func pendingEntry(_ id: String, user: String = "alice", created: TimeInterval = 0) -> PendingAuthorization {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        return PendingAuthorization(id: id, stateHash: "hash-\(id)", service: "pagerduty", userId: user, codeVerifier: "v-\(id)",
                                    redirectURI: "https://app.example/cb", createdAt: now.addingTimeInterval(created),
                                    expiresAt: now.addingTimeInterval(600))
    }

    /// Issue 23 item 9: the id and the hash must both match; a wrong hash removes nothing.
    static func pendingForgedSecret(_ store: any Store) async throws {
        let now = Date()
        try await store.savePending(pendingEntry("p"))
        #expect(try await store.takePending(id: "p", stateHash: "forged", now: now) == nil)
        #expect(try await store.info().pending == 1, "a forged secret burnt the genuine state")
        #expect(try await store.takePending(id: "p", stateHash: "hash-p", now: now)?.codeVerifier == "v-p")
        #expect(try await store.info().pending == 0)
    }

    /// SPEC §7: per user the oldest go beyond `perUser` (user ids compared as bytes); beyond
    /// `total` a save is refused and writes nothing; an invalid user id is never stored.
    static func pendingLimits(_ store: any Store) async throws {
        let now = Date()
        let limits = PendingAuthorization.Limits(perUser: 3, total: 5)
        for index in 0..<5 { try await store.savePending(pendingEntry("k\(index)", user: "K", created: Double(index)), limits: limits) }
        #expect(try await store.info().pending == 3)
        for gone in ["k0", "k1"] { #expect(try await store.takePending(id: gone, stateHash: "hash-\(gone)", now: now) == nil, "\(gone)") }
        // The Kelvin sign is another user: its entries do not push K's out.
        try await store.savePending(pendingEntry("kelvin", user: "\u{212A}", created: 9), limits: limits)
        #expect(try await store.info().pending == 4)
        try await store.savePending(pendingEntry("other", user: "bob"), limits: limits)
        #expect(try await store.info().pending == 5)
        await #expect(throws: PendingLimitReached(limit: 5)) {
            try await store.savePending(pendingEntry("full", user: "carol"), limits: limits)
        }
        #expect(try await store.info().pending == 5)
        // A user at their own cap replaces their oldest: the total does not grow, so it is taken.
        try await store.savePending(pendingEntry("k5", user: "K", created: 5), limits: limits)
        #expect(try await store.takePending(id: "k2", stateHash: "hash-k2", now: now) == nil)
        #expect(try await store.takePending(id: "k5", stateHash: "hash-k5", now: now) != nil)
        await #expect(throws: InvalidUserID.self) {
            try await store.savePending(pendingEntry("long", user: String(repeating: "x", count: 257)))
        }
    }

    static func info(_ store: any Store) async throws {
        let empty = try await store.info()
        #expect(empty.identities == 0 && empty.services == 0 && empty.pending == 0)
        #expect(empty.location == store.location)
        try await store.updateService("pagerduty") { $0 = ServiceSettings(clientId: "cid") }
        for user in ["a", "b", "c"] {
            try await store.upsertIdentity(service: .pagerduty, userId: user, kind: .apiKey, credential: .apiKey("k-\(user)"), now: now)
        }
        try await store.savePending(PendingAuthorization(id: "p", stateHash: "h", service: "pagerduty", userId: "a", codeVerifier: "v",
                                                         redirectURI: "https://x.example/cb", createdAt: Date(),
                                                         expiresAt: Date().addingTimeInterval(600)))
        let info = try await store.info()
        #expect(info.services == 1)
        #expect(info.identities == 3)
        #expect(info.pending == 1)
        #expect(info.schemaVersion >= 1)
    }

    static func importAll(_ any: any Store) async throws {
        let store = try #require(any as? any StoreImporting, "every backend of the package takes imports")
        let settings = ServiceSettings(clientId: "cid", clientSecret: "sec")
        let kept = try await store.upsertIdentity(service: .pagerduty, userId: "kept", kind: .oauth, credential: credential("k", refresh: "rk"), now: now)
        let incoming = [
            kept,
            Identity(service: "pagerduty", userId: "new", tags: ["team": "web"], createdAt: now, kind: .oauth,
                     credential: credential("n", refresh: "rn"), email: "n@example.com"),
            Identity(service: "pagerduty", userId: "key", createdAt: now, kind: .apiKey, credential: .apiKey("pd-key")),
        ]
        let first = try await store.importAll(services: ["pagerduty": settings], identities: incoming)
        #expect(first.servicesAdded == 1 && first.identitiesAdded == 2 && first.identitiesUnchanged == 1 && first.identitiesUpdated == 0)
        let second = try await store.importAll(services: ["pagerduty": settings], identities: incoming)
        #expect(second.servicesUnchanged == 1 && second.servicesAdded == 0)
        #expect(second.identitiesUnchanged == 3 && second.identitiesAdded == 0 && second.identitiesUpdated == 0, "importing twice changes nothing")
        let stored = try await store.identities(matching: IdentityFilter())
        #expect(Set(stored.map(\.id)) == Set(incoming.map(\.id)))
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: "new")) == incoming[1])
        // Matched by (service, user id) when the id differs; a changed service is an update.
        var renamed = incoming[2]
        renamed.id = Identity.newID()
        renamed.credential = .apiKey("pd-key-2")
        let third = try await store.importAll(services: ["pagerduty": ServiceSettings(clientId: "cid2")], identities: [renamed])
        #expect(third.servicesUpdated == 1 && third.identitiesUpdated == 1 && third.identitiesAdded == 0)
        #expect(try await store.identity(IdentitySelector(service: .pagerduty, userId: "key")) == renamed)
        #expect(try await store.identities(matching: IdentityFilter()).count == 3)
    }
}
