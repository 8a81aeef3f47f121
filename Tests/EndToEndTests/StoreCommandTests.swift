import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `store info` and `store migrate` on JSON files only, so they run without PostgreSQL too.
@Suite struct StoreCommandTests {
    @Test func infoDescribesTheFileStore() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        #expect(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "alice", "--token", "k1"]).status == 0)
        let info = try await cli.runAsync(["store", "info"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.lines == ["backend\tlocation\tschemaVersion\tservices\tidentities\tpending\tkeys\tplaintext",
                               "file\t\(cli.storeURL.path)\t1\t0\t1\t0\t\t1"])
    }

    @Test func migrateBetweenDirectoriesIsIdempotent() async throws {
        let source = CLI()
        let target = CLI()
        defer { source.cleanUp(); target.cleanUp() }
        #expect(try await source.runAsync(["service", "set", "pagerduty", "--clientId", "cid"]).status == 0)
        for user in ["alice", "bob"] {
            #expect(try await source.runAsync(["identity", "add", "pagerduty", "--user-id", user, "--token", "k-\(user)"]).status == 0)
        }
        let first = try await source.runAsync(["store", "migrate", "--to", target.configDir.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.lines == ["records\tadded\tupdated\tunchanged", "services\t1\t0\t0", "identities\t2\t0\t0"])
        let second = try await source.runAsync(["store", "migrate", "--to", "file://" + target.configDir.path])
        #expect(second.lines == ["records\tadded\tupdated\tunchanged", "services\t0\t0\t1", "identities\t0\t0\t2"])
        #expect(try await target.runAsync(["identity", "token", "pagerduty", "--user-id", "bob"]).stdout == "k-bob\n")
        // An unknown scheme is a usage error before anything is opened.
        let bad = try await source.runAsync(["store", "migrate", "--to", "mysql://db/x"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--to"))
    }
}
