import EveryAuthCore
import EveryAuthPostgres
import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Foundation
import Testing

/// Encryption at rest on PostgreSQL from the built binary (SPEC §3): the rows hold no token or
/// secret in the clear, a missing or wrong key changes no row, `store rekey` in batches finishes
/// what an interrupted run left, and envelopes migrate between backends.
@Suite("PostgreSQL store: encryption at rest", .postgres, .timeLimit(.minutes(3)))
struct PostgresStoreEncryptionTests {
    static func key(_ id: String) -> String { "\(id):" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString() }

    /// Every identity's credential and every service's settings as the rows hold them (psql).
    static func rows(_ session: PostgresSession) async throws -> String {
        let sql = "SELECT id || ' ' || credential::text FROM everyauth_identities ORDER BY id; "
            + "SELECT name || ' ' || settings::text FROM everyauth_services ORDER BY name"
        let result = try await ChildProcess.runAsync("/usr/bin/env", ["psql", "-At", "-X", session.database.url, "-c", sql],
                                                     environment: ProcessInfo.processInfo.environment, timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func rowsHoldNoSecretAndAMissingKeyChangesNone() async throws {
        let session = try await PostgresSession.make()
        let issued = try await session.seedIdentity(userId: "alice", expiresIn: 3600)
        try await session.seedIdentity(userId: "bob", expiresIn: 3600)
        var cli = session.cli
        #expect(try await Self.rows(session).contains(issued.accessToken), "plaintext before the rekey")

        let key = Self.key("pg1")
        cli.environment["EVERYAUTH_STORE_KEY"] = key
        let rekey = try await cli.runAsync(["store", "rekey", "-o", "tsv"])
        #expect(rekey.lines == ["key\treencrypted\tcurrent", "pg1\t3\t0"], "\(rekey.stderr)")
        let rows = try await Self.rows(session)
        for secret in [issued.accessToken, issued.refreshToken, "s3cret-client"] {
            #expect(!rows.contains(secret), "\(secret) is in a row")
        }
        #expect(rows.contains("ea1:pg1:"))
        #expect(try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "alice"]).stdout == issued.accessToken + "\n")
        let info = try #require(try await cli.runAsync(["store", "info", "-o", "json"]).json as? [String: Any])
        #expect(info["keys"] as? [String: Int] == ["pg1": 3] && info["plaintext"] as? Int == 0, "\(info)")

        // Without the key, or with another: exit 1 naming it, no row changed.
        for environment in [["EVERYAUTH_STORE_KEY": ""], ["EVERYAUTH_STORE_KEY": Self.key("other")], ["EVERYAUTH_STORE_KEY": Self.key("pg1")]] {
            for arguments in [["identity", "token", "pagerduty", "--user-id", "alice"], ["identity", "rm", "pagerduty", "--user-id", "bob", "--yes"]] {
                let run = try await cli.runAsync(arguments, environment: environment)
                #expect(run.status == 1 && run.stderr.contains("'pg1'") && run.stderr.contains("EVERYAUTH_STORE_KEY"), "\(arguments): \(run.stderr)")
            }
        }
        let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "dave", "--token", "u+dave"],
                                         environment: ["EVERYAUTH_STORE_KEY": ""])
        #expect(add.status == 1 && add.stderr.contains("'pg1'"), "\(add.stderr)")
        #expect(try await Self.rows(session) == rows, "no row changed")
        await session.cleanUp()
    }

    @Test func rekeyFinishesInBatchesAfterAnInterruption() async throws {
        let session = try await PostgresSession.make()
        let a = Self.key("a"), b = Self.key("b")
        var cli = session.cli
        // More identities than one batch, some under a and some under b, as an interrupted rekey leaves them.
        let count = PostgresStore.rekeyBatch + 20
        let underA = try PostgresStore(url: session.database.url, environment: [:], lockTimeout: 60, keys: try StoreKeys(parsing: a))
        for index in 0..<count {
            try await underA.upsertIdentity(service: .pagerduty, userId: "user-\(index)", kind: .apiKey, credential: .apiKey("u+key-\(index)"))
        }
        await underA.shutdown()
        cli.environment["EVERYAUTH_STORE_KEY"] = "\(b),\(a)"
        for index in 0..<10 {
            #expect(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "user-\(index)", "--token", "u+key-\(index)"]).status == 0)
        }
        let mixed = try #require(try await cli.runAsync(["store", "info", "-o", "json"]).json as? [String: Any])
        #expect(mixed["keys"] as? [String: Int] == ["a": count - 10, "b": 10] && mixed["plaintext"] as? Int == 1, "\(mixed)")
        let rekey = try await cli.runAsync(["store", "rekey", "-o", "tsv"])
        // The service's client secret was plaintext; count - 10 identities were under a.
        #expect(rekey.lines == ["key\treencrypted\tcurrent", "b\t\(count - 10 + 1)\t10"], "\(rekey.stderr)")
        let again = try await cli.runAsync(["store", "rekey", "-o", "tsv"])
        #expect(again.lines.last == "b\t0\t\(count + 1)", "\(again.stderr)")
        cli.environment["EVERYAUTH_STORE_KEY"] = b
        let last = try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "user-\(count - 1)"])
        #expect(last.stdout == "u+key-\(count - 1)\n", "\(last.stderr)")
        await session.cleanUp()
    }

    @Test func envelopesMigrateFromTheFileAndBack() async throws {
        let database = try await PostgresDatabase.create()
        var file = CLI()
        let back = CLI()
        defer { file.cleanUp(); back.cleanUp() }
        let key = Self.key("m1")
        file.environment["EVERYAUTH_STORE_KEY"] = key
        #expect(try await file.runAsync(["identity", "add", "pagerduty", "--user-id", "alice", "--token", "u+alice-key"]).status == 0)
        let first = try await file.runAsync(["store", "migrate", "--to", database.url, "-o", "tsv"])
        #expect(first.status == 0, "\(first.stderr)")
        var onPostgres = CLI(environment: ["EVERYAUTH_STORE_URL": database.url])
        defer { onPostgres.cleanUp() }
        let without = try await onPostgres.runAsync(["identity", "token", "pagerduty", "--user-id", "alice"])
        #expect(without.status == 1 && without.stderr.contains("'m1'"), "\(without.stderr)")
        onPostgres.environment["EVERYAUTH_STORE_KEY"] = key
        #expect(try await onPostgres.runAsync(["identity", "token", "pagerduty", "--user-id", "alice"]).stdout == "u+alice-key\n")
        #expect(try await onPostgres.runAsync(["store", "migrate", "--to", back.configDir.path]).status == 0)
        let original = try StoreDocument.decode(try #require(file.storeData()), path: "a")
        let copy = try StoreDocument.decode(try #require(back.storeData()), path: "b")
        #expect(copy.identities == original.identities, "the same envelopes")
        await database.drop()
    }
}

