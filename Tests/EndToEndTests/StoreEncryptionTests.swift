import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// Encryption at rest from the built binary on the JSON file (SPEC §3): what the file holds,
/// what a missing or wrong key does, `store rekey` and key rotation, `store info`'s counts.
@Suite struct StoreEncryptionTests {
    static func key(_ id: String) -> String { "\(id):" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString() }

    /// A store with a client secret and two API keys, written in plaintext.
    static func plaintextStore(_ cli: CLI) async throws {
        let set = try await cli.runAsync(["service", "set", "pagerduty", "--clientId", "cid", "--clientSecret", "-"], stdin: "client-secret-42")
        #expect(set.status == 0, "\(set.stderr)")
        for user in ["alice", "bob"] {
            let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", user, "--token", "u+key-of-\(user)"])
            #expect(add.status == 0, "\(add.stderr)")
        }
    }

    static func text(_ cli: CLI) -> String { String(decoding: cli.storeData() ?? Data(), as: UTF8.self) }

    @Test func rekeyEncryptsAPlaintextStoreAndTokensStillWork() async throws {
        var cli = CLI()
        defer { cli.cleanUp() }
        try await Self.plaintextStore(cli)
        #expect(Self.text(cli).contains("u+key-of-alice"), "the test's tokens are findable in a plaintext store")
        let key = Self.key("k1")
        cli.environment["EVERYAUTH_STORE_KEY"] = key
        let rekey = try await cli.runAsync(["store", "rekey", "-o", "json"])
        #expect(rekey.status == 0, "\(rekey.stderr)")
        let counts = try #require(rekey.json as? [String: Any])
        #expect(counts["key"] as? String == "k1" && counts["reencrypted"] as? Int == 3 && counts["current"] as? Int == 0, "\(counts)")
        let text = Self.text(cli)
        for secret in ["u+key-of-alice", "u+key-of-bob", "client-secret-42", String(key.dropFirst(3))] {
            #expect(!text.contains(secret), "\(secret) is in the file")
        }
        #expect(try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "bob"]).stdout == "u+key-of-bob\n")
        // A new identity is written encrypted too.
        #expect(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "carol", "--token", "u+key-of-carol"]).status == 0)
        #expect(!Self.text(cli).contains("u+key-of-carol"))
        let info = try await cli.runAsync(["store", "info", "-o", "json"])
        let object = try #require(info.json as? [String: Any])
        #expect(object["keys"] as? [String: Int] == ["k1": 4] && object["plaintext"] as? Int == 0, "\(info.stdout)")
        let table = try await cli.runAsync(["store", "info", "-o", "tsv"])
        #expect(table.lines.last?.hasSuffix("\tk1=4\t0") == true, "\(table.stdout)")
        let again = try await cli.runAsync(["store", "rekey", "-o", "tsv"])
        #expect(again.lines == ["key\treencrypted\tcurrent", "k1\t0\t4"], "\(again.stderr)")
    }

    @Test func aMissingOrWrongKeyChangesNothingAndNamesTheKey() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await Self.plaintextStore(cli)
        let key = Self.key("k1")
        #expect(try await cli.runAsync(["store", "rekey"], environment: ["EVERYAUTH_STORE_KEY": key]).status == 0)
        let before = try #require(cli.storeData())
        for environment in [[:], ["EVERYAUTH_STORE_KEY": Self.key("other")], ["EVERYAUTH_STORE_KEY": Self.key("k1")]] {
            for arguments in [["identity", "token", "pagerduty", "--user-id", "alice"], ["identity", "rm", "pagerduty", "--user-id", "bob", "--yes"],
                              ["service", "set", "pagerduty", "--clientId", "changed"], ["store", "rekey"]] {
                let run = try await cli.runAsync(arguments, environment: environment)
                let wanted: Int32 = environment.isEmpty && arguments == ["store", "rekey"] ? 64 : 1
                #expect(run.status == wanted, "\(arguments) with \(environment.keys.sorted()): \(run.stderr)")
                #expect(run.stderr.contains("EVERYAUTH_STORE_KEY"), "\(run.stderr)")
                if wanted == 1 { #expect(run.stderr.contains("'k1'"), "\(run.stderr)") }
                #expect(run.stdout.isEmpty)
            }
        }
        // A new identity without the key would be plaintext beside envelopes: refused too.
        let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "dave", "--token", "u+key-of-dave"])
        #expect(add.status == 1 && add.stderr.contains("'k1'") && add.stderr.contains("EVERYAUTH_STORE_KEY"), "\(add.stderr)")
        #expect(cli.storeData() == before, "nothing was written")
        // The listing reads no token, so it needs no key.
        #expect(try await cli.runAsync(["identity", "ls", "-o", "tsv"]).lines.count == 3)
    }

    @Test func malformedKeysAreUsageErrorsThatPrintNoKey() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await Self.plaintextStore(cli)
        let material = Data(repeating: 5, count: 31).base64EncodedString()
        for value in ["k1:\(material)", "k1:%%%", "bad id:\(material)", ":\(material)", "\(Self.key("k1")),\(Self.key("k1"))", material] {
            let run = try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "alice"], environment: ["EVERYAUTH_STORE_KEY": value])
            #expect(run.status == 64, "\(value): \(run.stderr)")
            #expect(run.stderr.hasPrefix("everyauth: error: EVERYAUTH_STORE_KEY: "), "\(run.stderr)")
            #expect(!run.stderr.contains(material) && !run.stderr.contains("%%%"), "\(run.stderr)")
        }
    }

    @Test func rotationFinishesAnInterruptedRekey() async throws {
        var cli = CLI()
        defer { cli.cleanUp() }
        try await Self.plaintextStore(cli)
        let a = Self.key("a"), b = Self.key("b")
        cli.environment["EVERYAUTH_STORE_KEY"] = a
        #expect(try await cli.runAsync(["store", "rekey"]).status == 0)
        // The new key first; carol is written under b before the rekey, as if one had stopped after her.
        cli.environment["EVERYAUTH_STORE_KEY"] = "\(b),\(a)"
        #expect(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "carol", "--token", "u+key-of-carol"]).status == 0)
        let mixed = try #require(try await cli.runAsync(["store", "info", "-o", "json"]).json as? [String: Any])
        #expect(mixed["keys"] as? [String: Int] == ["a": 3, "b": 1])
        let rekey = try await cli.runAsync(["store", "rekey", "-o", "tsv"])
        #expect(rekey.lines == ["key\treencrypted\tcurrent", "b\t3\t1"], "\(rekey.stderr)")
        #expect(rekey.stderr.contains("re-encrypted 3 records under the key 'b', 1 already current"))
        #expect(try await cli.runAsync(["store", "rekey", "-o", "tsv"]).lines.last == "b\t0\t4")
        // Then a is dropped.
        cli.environment["EVERYAUTH_STORE_KEY"] = b
        for user in ["alice", "bob", "carol"] {
            #expect(try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", user]).stdout == "u+key-of-\(user)\n")
        }
    }

    @Test func aKeyFileMustBeMode600() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await Self.plaintextStore(cli)
        let file = cli.configDir.appendingPathComponent("store.key")
        try Data((Self.key("f1") + "\n").utf8).write(to: file)
        chmod(file.path, 0o640)
        let loose = try await cli.runAsync(["store", "rekey"], environment: ["EVERYAUTH_STORE_KEY_FILE": file.path])
        #expect(loose.status == 1 && loose.stderr.contains("chmod 600 \(file.path)"), "\(loose.stderr)")
        #expect(loose.stderr.split(separator: "\n").count == 1)
        chmod(file.path, 0o600)
        let rekey = try await cli.runAsync(["store", "rekey", "-o", "tsv"], environment: ["EVERYAUTH_STORE_KEY_FILE": file.path])
        #expect(rekey.lines.last == "f1\t3\t0", "\(rekey.stderr)")
    }

    @Test func migrateCopiesEnvelopesThatOpenInTheCopy() async throws {
        let source = CLI(), target = CLI()
        defer { source.cleanUp(); target.cleanUp() }
        try await Self.plaintextStore(source)
        let key = Self.key("k1")
        #expect(try await source.runAsync(["store", "rekey"], environment: ["EVERYAUTH_STORE_KEY": key]).status == 0)
        // No key needed to copy.
        let migrate = try await source.runAsync(["store", "migrate", "--to", target.configDir.path])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(!Self.text(target).contains("u+key-of-alice") && Self.text(target).contains("\"ea1:k1:"))
        let token = try await target.runAsync(["identity", "token", "pagerduty", "--user-id", "alice"], environment: ["EVERYAUTH_STORE_KEY": key])
        #expect(token.stdout == "u+key-of-alice\n", "\(token.stderr)")
    }
}
