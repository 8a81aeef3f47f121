@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `--store` and `$EVERYAUTH_STORE_URL` pick the store every command uses (SPEC §3 "Backends").
@Suite struct StoreOptionTests {
    @Test func aDirectoryGivenWithStoreIsTheStoreEveryCommandUses() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let other = cli.configDir.appendingPathComponent("team", isDirectory: true)
        let added = await cli.run(["identity", "add", "pagerduty", "--user-id", "dana", "--token", "u+team", "--store", other.path])
        #expect(added.status == 0, "\(added.stderr)")
        // Stored in the other directory, not in the config dir.
        #expect(try cli.identities().isEmpty)
        #expect(try FileStore(directory: other).read().identities.map(\.userId) == ["dana"])
        let token = await cli.run(["identity", "token", "pagerduty", "--user-id", "dana"],
                                  environment: ["EVERYAUTH_STORE_URL": "file://" + other.path])
        #expect(token.status == 0, "\(token.stderr)")
        #expect(token.stdout == "u+team\n")
        // The flag wins over the variable: the config dir holds no store, and naming it is an error
        // rather than an empty store (a typo must not look like lost identities).
        let missing = await cli.run(["identity", "token", "pagerduty", "--user-id", "dana", "--store", cli.configDir.path],
                                    environment: ["EVERYAUTH_STORE_URL": other.path])
        #expect(missing.status == 2, "\(missing.stderr)")
        #expect(missing.stderr.contains(cli.configDir.appendingPathComponent("everyauth.json").path), "\(missing.stderr)")
        let typo = await cli.run(["store", "info", "--store", other.path + "-typo"])
        #expect(typo.status == 2 && typo.stdout.isEmpty, "\(typo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other.path + "-typo"), "nothing created for a read")
    }

    @Test func anUnknownSchemeIsAUsageErrorAndNothingIsWritten() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let result = await cli.run(["identity", "add", "pagerduty", "--user-id", "dana", "--token", "k", "--store", "redis://cache/0"])
        #expect(result.status == 64)
        #expect(result.stderr == "everyauth: error: --store: stores are postgres:// URLs or directories, not redis://\n")
        // The core names the store it was given `store`; the command line renders its flag.
        let empty = await cli.run(["store", "info", "--store", ""])
        #expect(empty.status == 64 && empty.stderr.hasPrefix("everyauth: error: --store: the store must not be empty"), "\(empty.stderr)")
        #expect(throws: InvalidInput.self) { try EveryAuthEnvironment([:]).storeAddress(explicit: "redis://x") }
        #expect(try cli.identities().isEmpty)
    }
}
