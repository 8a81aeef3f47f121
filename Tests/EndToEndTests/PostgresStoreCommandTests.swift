import EveryAuthCore
import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Foundation
import Testing

/// `store info` and `store migrate` from the built binary against PostgreSQL, and passwords in
/// store URLs never reaching any output.
@Suite("PostgreSQL store: store info and migrate", .postgres, .timeLimit(.minutes(3)))
struct PostgresStoreCommandTests {
    /// JSON file → PostgreSQL → another JSON file: the counts, the second run changing nothing, and
    /// the copies answering `identity token` as the original did.
    @Test func migrateRoundTripIsIdempotent() async throws {
        let database = try await PostgresDatabase.create()
        let file = CLI()
        let back = CLI()
        defer { file.cleanUp(); back.cleanUp() }
        #expect(try await file.runAsync(["service", "set", "pagerduty", "--clientId", "cid"]).status == 0)
        for user in ["alice", "bob", "carol"] {
            let add = try await file.runAsync(["identity", "add", "pagerduty", "--user-id", user, "--token", "key-\(user)", "--tag", "team=web"])
            #expect(add.status == 0, "\(add.stderr)")
        }

        let first = try await file.runAsync(["store", "migrate", "--to", database.url, "-o", "tsv"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "records\tadded\tupdated\tunchanged\nservices\t1\t0\t0\nidentities\t3\t0\t0\n")
        #expect(first.stderr.contains("services: 1 added, 0 updated, 0 unchanged; identities: 3 added, 0 updated, 0 unchanged"))
        let again = try await file.runAsync(["store", "migrate", "--to", database.url, "-o", "tsv"])
        #expect(again.stdout == "records\tadded\tupdated\tunchanged\nservices\t0\t0\t1\nidentities\t0\t0\t3\n", "\(again.stderr)")

        let onPostgres = CLI(environment: ["EVERYAUTH_STORE_URL": database.url])
        defer { onPostgres.cleanUp() }
        let info = try await onPostgres.runAsync(["store", "info", "-o", "json"])
        #expect(info.status == 0, "\(info.stderr)")
        let object = info.json as? [String: Any]
        #expect(object?["backend"] as? String == "postgres")
        #expect(object?["identities"] as? Int == 3)
        #expect(object?["services"] as? Int == 1)
        #expect(object?["schemaVersion"] as? Int == 3)
        #expect(try await onPostgres.runAsync(["identity", "token", "pagerduty", "--user-id", "bob"]).stdout == "key-bob\n")

        let out = try await onPostgres.runAsync(["store", "migrate", "--to", back.configDir.path, "-o", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let counts = try #require(out.json as? [[String: Any]])
        #expect(counts.map { $0["added"] as? Int } == [1, 3])
        let original = try StoreDocument.decode(try #require(file.storeData()), path: "a")
        let copy = try StoreDocument.decode(try #require(back.storeData()), path: "b")
        #expect(copy.services == original.services)
        #expect(copy.identities.sorted { $0.id < $1.id } == original.identities.sorted { $0.id < $1.id })
        #expect(try await back.runAsync(["identity", "token", "pagerduty", "--user-id", "carol"]).stdout == "key-carol\n")
        await database.drop()
    }

    /// A password in the store URL appears in no output: `store info` in every format, `-v`,
    /// a connection error, and a malformed URL.
    @Test func passwordsAreNeverPrinted() async throws {
        let database = try await PostgresDatabase.create()
        let secret = "hunter2-\(UUID().uuidString.prefix(8))"
        var components = try #require(URLComponents(string: database.url))
        components.password = secret
        let url = try #require(components.string)
        let cli = CLI(environment: ["EVERYAUTH_STORE_URL": url])
        defer { cli.cleanUp() }
        var outputs: [CLIResult] = []
        for format in ["table", "json", "tsv", "csv"] {
            let result = try await cli.runAsync(["store", "info", "-o", format, "-v"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(components.host ?? "127.0.0.1"))
            outputs.append(result)
        }
        outputs.append(try await cli.runAsync(["identity", "ls", "-v"]))
        let refused = try await cli.runAsync(["store", "info"], environment: ["EVERYAUTH_STORE_URL": "postgres://u:\(secret)@127.0.0.1:1/db"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("127.0.0.1:1/db"), "\(refused.stderr)")
        outputs.append(refused)
        let malformed = try await cli.runAsync(["store", "info"], environment: ["EVERYAUTH_STORE_URL": url + "?sslmode=sometimes"])
        #expect(malformed.status == 64, "\(malformed.stderr)")
        #expect(malformed.stderr.contains("sslmode"))
        outputs.append(malformed)
        let migrate = try await CLI().runAsync(["store", "migrate", "--to", "postgres://u:\(secret)@127.0.0.1:1/db"])
        #expect(migrate.status == 1)
        outputs.append(migrate)
        for output in outputs {
            #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret), "\(output.stdout)\(output.stderr)")
        }
        await database.drop()
    }
}
