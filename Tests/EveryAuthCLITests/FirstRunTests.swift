@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// First-run guidance follows the state (issue 25 item 12): on a fresh machine every command that
/// needs a credential names `service set` before `authorize`, never a command that fails next;
/// once a client id is stored, `authorize` alone.
@Suite struct FirstRunTests {
    static let commands: [[String]] = [
        ["incidents", "list"], ["identity", "token", "pagerduty"], ["identity", "refresh", "pagerduty"],
        ["api", "/users/me"], ["incidents", "ack", "PT4KHLK"],
    ]

    @Test func aFreshMachineIsToldToSetTheServiceUpFirst() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for command in Self.commands {
            let result = await cli.run(command + ["--user-id", "bob"], environment: ["PAGERDUTY_FROM": "bob@example.com"])
            #expect(result.status == 3, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("run 'everyauth service set pagerduty --clientId ID', then 'everyauth authorize pagerduty --user-id bob'"),
                    "\(command): \(result.stderr)")
        }
        // Following the first remedy, the next one is authorize alone.
        #expect(await cli.run(["service", "set", "pagerduty", "--clientId", "app-client"]).status == 0)
        for command in Self.commands {
            let result = await cli.run(command + ["--user-id", "bob"], environment: ["PAGERDUTY_FROM": "bob@example.com"])
            #expect(result.status == 3, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("'everyauth authorize pagerduty --user-id bob'"), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("service set"), "\(command): \(result.stderr)")
        }
    }

    @Test func aUserIdAShellWouldSplitIsQuotedInTheRemedy() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        #expect(await cli.run(["service", "set", "pagerduty", "--clientId", "app-client"]).status == 0)
        let result = await cli.run(["identity", "token", "pagerduty", "--user-id", "Ann O'Neil"])
        #expect(result.status == 3)
        #expect(result.stderr.contains(#"run 'everyauth authorize pagerduty --user-id 'Ann O'\''Neil'' first"#), "\(result.stderr)")
    }
}
