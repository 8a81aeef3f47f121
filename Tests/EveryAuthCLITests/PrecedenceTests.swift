import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Issue 25 item 1: an explicit flag beats the environment, which beats stored defaults, and a
/// rejected token's error names where the token came from.
@Suite struct PrecedenceTests {
    /// A fake PagerDuty that knows two keys, and a session whose store holds alice's (good) and
    /// mallory's (revoked) keys, tagged.
    static func session() throws -> (RESTServer, InProcessCLI) {
        var settings = RESTServer.Settings()
        settings.apiKeys = ["u+alice": "PALICE1", "u+env": "PENV001"]
        let fake = try RESTServer(incidentCount: 3, settings: settings)
        let cli = InProcessCLI(environment: ["NO_PROXY": "*", "no_proxy": "*"])
        let url = fake.baseURL
        try cli.store.update { document in document.services["pagerduty"] = ServiceSettings(clientId: "c", apiUrl: url) }
        try cli.addAPIKey("u+alice", userId: "alice", tags: ["team": "web"])
        try cli.addAPIKey("u+revoked", userId: "mallory", tags: ["team": "ops"])
        return (fake, cli)
    }

    @Test func anExplicitUserBeatsPagerDutyTokenInTheEnvironment() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let environment = ["PAGERDUTY_TOKEN": "u+not-a-key"]
        for selection in [["--user-id", "alice"], ["--tag", "team=web"], ["--id", try #require(try cli.identities().first { $0.userId == "alice" }).id]] {
            let listed = await cli.run(["incidents", "list", "-o", "json"] + selection, environment: environment)
            #expect(listed.status == 0, "\(selection): \(listed.stderr)")
            let api = await cli.run(["api", "/users/me"] + selection, environment: environment)
            #expect(api.status == 0 && api.stdout.contains("PALICE1"), "\(selection): \(api.stdout) \(api.stderr)")
        }
    }

    @Test func theEnvironmentBeatsTheStoredDefault() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        #expect(await cli.run(["identity", "switch", "pagerduty", "--user-id", "mallory"]).status == 0)
        let api = await cli.run(["api", "/users/me"], environment: ["PAGERDUTY_TOKEN": "u+env"])
        #expect(api.status == 0 && api.stdout.contains("PENV001"), "\(api.stdout) \(api.stderr)")
    }

    @Test func aRejectedTokenNamesWhereItCameFrom() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let fromEnvironment = await cli.run(["incidents", "list"], environment: ["PAGERDUTY_TOKEN": "u+wrong"])
        #expect(fromEnvironment.status == 3)
        #expect(fromEnvironment.stderr.contains("$PAGERDUTY_TOKEN") && fromEnvironment.stderr.contains("unset PAGERDUTY_TOKEN"), "\(fromEnvironment.stderr)")
        #expect(!fromEnvironment.stderr.contains("everyauth authorize"), "authorizing cannot fix a token in the environment")
        #expect(!fromEnvironment.stderr.contains("u+wrong"))

        let given = await cli.run(["api", "/users/me", "--token", "u+typo"])
        #expect(given.status == 3)
        #expect(given.stderr.contains("--token") && !given.stderr.contains("everyauth authorize"), "\(given.stderr)")

        let stored = await cli.run(["incidents", "list", "--user-id", "mallory"], environment: ["PAGERDUTY_TOKEN": "u+env"])
        #expect(stored.status == 3)
        #expect(stored.stderr.contains("everyauth authorize pagerduty --user-id mallory"), "\(stored.stderr)")
        #expect(!stored.stderr.contains("PAGERDUTY_TOKEN"), "\(stored.stderr)")
    }

    @Test func aTokenAndAStoredIdentityTogetherAreAUsageError() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        for selection in [["--user-id", "alice"], ["--tag", "team=web"], ["--id", "idn-1"]] {
            let result = await cli.run(["incidents", "list", "--token", "u+alice"] + selection)
            #expect(result.status == 64, "\(selection): \(result.stderr)")
        }
        #expect(fake.requestCount == 0)
    }

    @Test func identityStatusChecksPagerDutyTokenToo() async throws {
        let (fake, cli) = try Self.session()
        defer { fake.shutdown(); cli.cleanUp() }
        let good = await cli.run(["identity", "status", "-o", "json"], environment: ["PAGERDUTY_TOKEN": "u+env"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [[String: Any]], "\(good.stdout)")
        let environment = try #require(rows.first { $0["id"] as? String == "$PAGERDUTY_TOKEN" }, "\(rows)")
        #expect(environment["check"] as? String == "ok" && environment["name"] as? String == "User PENV001")
        #expect(rows.count == 3, "alice, mallory and the environment's token")
        let wrong = await cli.run(["identity", "status", "-o", "json"], environment: ["PAGERDUTY_TOKEN": "u+wrong"])
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("$PAGERDUTY_TOKEN"), "\(wrong.stderr)")
        // A selection checks only what it names.
        let selected = await cli.run(["identity", "status", "--user-id", "alice", "-o", "json"], environment: ["PAGERDUTY_TOKEN": "u+wrong"])
        #expect(selected.status == 0 && !selected.stdout.contains("PAGERDUTY_TOKEN"), "\(selected.stdout) \(selected.stderr)")
    }
}
