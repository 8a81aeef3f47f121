@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// The commands run in-process: streams injected, environment resolved by the core (items 1-2).
@Suite struct CommandRunnerTests {
    @Test func aCommandRunsInProcessWithItsOwnStreamsAndConfigDir() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let add = await cli.run(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "-"], stdin: "u+key-1\n")
        #expect(add.status == 0)
        #expect(add.stdout.isEmpty)
        let stored = try #require(try cli.identities().first)
        #expect(add.stderr == "Stored the pagerduty API key of user 'bob' as \(stored.id).\n")
        let token = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob"])
        #expect(token.status == 0 && token.stdout == "u+key-1\n" && token.stderr.isEmpty)
    }

    @Test func parseErrorsAreUsageErrorsAndHelpGoesToStdout() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let bad = await cli.run(["identity", "ls", "--no-such-flag"])
        #expect(bad.status == 64 && bad.stderr.contains("--no-such-flag") && bad.stdout.isEmpty)
        let help = await cli.run(["identity", "token", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--header") && help.stderr.isEmpty)
    }

    @Test(arguments: ["EVERYAUTH_HTTP_TIMEOUT", "EVERYAUTH_LOCK_TIMEOUT"])
    func anUnparsableTimeoutVariableIsAUsageErrorNamingIt(_ name: String) async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try cli.addAPIKey("u+key", userId: "bob")
        for value in ["abc", "-5", "0", "inf"] {
            let result = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob"], environment: [name: value])
            #expect(result.status == 64, "\(name)=\(value)")
            #expect(result.stderr.contains(name) && result.stdout.isEmpty, "\(result.stderr)")
        }
        let fine = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob"], environment: [name: "2.5"])
        #expect(fine.status == 0 && fine.stdout == "u+key\n")
    }

    @Test func aMissingCABundleIsAUsageErrorNamingTheVariable() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try cli.addAPIKey("u+key", userId: "bob")
        let result = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob"], environment: ["EVERYAUTH_CA_BUNDLE": "/nonexistent/ca.pem"])
        #expect(result.status == 64 && result.stderr.contains("EVERYAUTH_CA_BUNDLE"))
    }

    @Test func theLibraryFrontDoorResolvesTheEnvironmentAsTheCLIDoes() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try cli.addAPIKey("u+lib", userId: "carol")
        #expect(throws: InvalidInput.self) { _ = try EveryAuth(environment: cli.environment.merging(["EVERYAUTH_HTTP_TIMEOUT": "abc"]) { $1 }) }
        #expect(throws: InvalidInput.self) { _ = try EveryAuth(environment: cli.environment.merging(["EVERYAUTH_LOCK_TIMEOUT": "soon"]) { $1 }) }
        // EVERYAUTH_CONFIG_DIR and EVERYAUTH_USER_ID as the CLI reads them.
        let library = try EveryAuth(environment: cli.environment.merging(["EVERYAUTH_USER_ID": "carol"]) { $1 })
        #expect(library.store.location == StoreLocation(backend: .file, redacted: cli.configDir.appendingPathComponent("everyauth.json").path))
        #expect(try await library.getIdentity("pagerduty", userId: "carol").accessToken == "u+lib")
        // The user id is required (no fallback to $EVERYAUTH_USER_ID): one not stored is not found.
        await #expect(throws: LookupError.self) { _ = try await library.getIdentity(.pagerduty, userId: "dave") }
        await #expect(throws: InvalidUserID(problem: .empty)) { _ = try await library.getIdentity(.pagerduty, userId: "") }
        let client = try await library.pagerDuty(userId: "carol")
        #expect(await client.auth.current().headerValue == "Token token=u+lib")
        await #expect(throws: InvalidInput.self) { _ = try await library.pagerDuty(token: "bad\r\nX-Injected: 1") }
    }

    /// `authorize` and `serve` check --finished-url with one rule (`FinishedURL`), before anything starts.
    @Test(arguments: [["authorize", "pagerduty"], ["serve", "--listen", "127.0.0.1:0", "--public-url", "https://app.example", "--user-id-header", "X-User"]])
    func aFinishedURLThatIsNoWebAddressIsAUsageError(_ command: [String]) async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        for bad in ["javascript:alert(1)", "https://user:pw@app.example/done"] {
            let result = await cli.run(command + ["--finished-url", bad])
            #expect(result.status == 64, "\(command) \(bad)")
            #expect(result.stderr.hasPrefix("everyauth: error: --finished-url: ") && result.stderr.contains("is not an http or https address"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }
}
