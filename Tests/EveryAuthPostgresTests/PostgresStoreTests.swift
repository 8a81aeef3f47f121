import EveryAuthCore
import EveryAuthPostgresTestSupport
import Foundation
import Testing
@testable import EveryAuthPostgres

/// The store against a server that is not there: nothing but a socket is needed.
@Suite struct PostgresUnreachableTests {
    @Test func unreachableServerIsOneLineNamingItWithoutPassword() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let store = try PostgresStore(url: "postgres://u:secret-pw@127.0.0.1:1/tokens", environment: [:], lockTimeout: 5)
        defer { Task { await store.shutdown() } }
        let error = try await #require(throws: StoreError.self) { try await store.info() }
        let message = error.localizedDescription
        #expect(message.contains("127.0.0.1:1/tokens"), "\(message)")
        #expect(message.lowercased().contains("refused"), "\(message)")
        #expect(!message.contains("secret-pw"))
        #expect(!message.contains("\n"))
        #expect(store.location.redacted == "postgres://u@127.0.0.1:1/tokens")
    }
}

/// The schema's creation and migration on a real server.
@Suite("PostgreSQL schema", .enabled(if: PostgresTestServer.enabled, Comment(rawValue: PostgresTestServer.skipReason)), .timeLimit(.minutes(2)))
struct PostgresSchemaTests {
    func withDatabase(_ body: (PostgresDatabase) async throws -> Void) async throws {
        let database = try await PostgresDatabase.create()
        do { try await body(database) } catch { await database.drop(); throw error }
        await database.drop()
    }

    @Test("an empty database gets the current schema on first use, by many stores at once")
    func createdOnFirstUse() async throws {
        try await withDatabase { database in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15)
                        let info = try await store.info()
                        await store.shutdown()
                        return info.schemaVersion
                    }
                }
                for try await version in group { #expect(version == PostgresSchema.current) }
            }
            #expect(try await database.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM everyauth_schema_version") == "1,2,3")
        }
    }

    @Test("a version 1 database with identities migrates to the current version, keeping them")
    func migratesFromVersionOne() async throws {
        try await withDatabase { database in
            let old = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15)
            try await old.migrate(upTo: 1)
            await old.shutdown()
            #expect(try await database.value("SELECT max(version)::text FROM everyauth_schema_version") == "1")
            #expect(try await database.value("SELECT to_regclass('everyauth_pending_authorizations')::text") == nil)
            // A row as version 1 wrote it, by hand.
            try await database.execute("""
                INSERT INTO everyauth_identities VALUES ('idn-1', 'pagerduty', 'alice', '{"team":"web"}',
                '{"accessToken":"tok","native":{"token_type":"bearer"},"refresh_token":"ref"}', 'oauth', 'authorized', NULL,
                '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
                """)
            let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15)
            let identity = try await store.identity(IdentitySelector(service: .pagerduty, userId: "alice"))
            #expect(identity.id == "idn-1" && identity.credential.refreshToken == "ref" && identity.tags == ["team": "web"])
            #expect(try await store.info().schemaVersion == PostgresSchema.current)
            try await store.savePending(PendingAuthorization(id: "p", stateHash: "h", service: "pagerduty", userId: "a",
                                                             codeVerifier: "v", redirectURI: "https://x.example/cb", createdAt: Date(),
                                                             expiresAt: Date().addingTimeInterval(60)))
            #expect(try await store.takePending(id: "p", stateHash: "h", now: Date())?.codeVerifier == "v")
            await store.shutdown()
        }
    }

    @Test("a database from a newer everyauth is refused, and nothing is written")
    func newerSchemaIsRefused() async throws {
        try await withDatabase { database in
            try await database.execute("CREATE TABLE everyauth_schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            try await database.execute("INSERT INTO everyauth_schema_version (version) VALUES (99)")
            let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 15)
            let error = try await #require(throws: StoreError.self) {
                try await store.updateService("pagerduty") { $0 = ServiceSettings(clientId: "x") }
            }
            #expect(error.localizedDescription.contains("version 99"))
            #expect(error.localizedDescription.contains("upgrade everyauth"))
            #expect(try await database.value("SELECT to_regclass('everyauth_services')::text") == nil)
            await store.shutdown()
        }
    }

    @Test("a lock held longer than the lock timeout is StoreError.lockTimeout, and the holder's write stands")
    func lockTimeout() async throws {
        try await withDatabase { database in
            let store = try PostgresStore(url: database.url, environment: [:], lockTimeout: 0.5)
            try await store.upsertIdentity(service: .pagerduty, userId: "alice", kind: .apiKey, credential: .apiKey("k1"))
            let selector = IdentitySelector(service: .pagerduty, userId: "alice")
            let (entered, enteredSignal) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await store.updateIdentity(selector) { stored in
                    enteredSignal.yield()
                    for await _ in release { break }
                    stored?.credential = .apiKey("k2")
                }
            }
            for await _ in entered { break }
            let error = try await #require(throws: StoreError.self) {
                try await store.updateIdentity(selector) { $0?.credential = .apiKey("k3") }
            }
            #expect(error == .lockTimeout(path: store.location.redacted, seconds: 0.5))
            releaseSignal.yield()
            try await holder.value
            #expect(try await store.identity(selector).credential.accessToken == "k2")
            await store.shutdown()
        }
    }
}
