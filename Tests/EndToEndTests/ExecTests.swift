import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `everyauth exec` (issue 27 item 1): the built binary runs a child with the token in its
/// environment, refreshes first, passes signals on and exits with the child's status.
@Suite("everyauth exec")
struct ExecTests {
    @Test func theChildGetsTheTokenAndTheUserIDAndItsStatusIsEveryauths() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "alice", "--token", "u+alice-key"])
        let ran = try await cli.runAsync(["exec", "pagerduty", "--user-id", "alice", "--", "sh", "-c",
                                          #"test "$PAGERDUTY_TOKEN" = u+alice-key && echo "user=$EVERYAUTH_USER_ID args=$*"; exit 7"#, "sh", "one", "two"])
        #expect(ran.status == 7, "\(ran.stderr)")
        #expect(ran.stdout == "user=alice args=one two\n")
        #expect(ran.stderr.isEmpty && !ran.stdout.contains("u+alice-key"), "the token is neither printed nor an argument")
        // --env names the variables instead of PAGERDUTY_TOKEN.
        let named = try await cli.runAsync(["exec", "pagerduty", "--user-id", "alice", "--env", "TF_VAR_pd", "--env", "PD", "--",
                                            "sh", "-c", #"echo "[${PAGERDUTY_TOKEN:-}] $TF_VAR_pd $PD""#])
        #expect((named.status, named.stdout) == (0, "[] u+alice-key u+alice-key\n"), "\(named.stderr)")
        // A child killed by a signal: 128+N, as a shell reports it.
        let killed = try await cli.runAsync(["exec", "pagerduty", "--user-id", "alice", "--", "sh", "-c", "kill -TERM $$"])
        #expect(killed.status == 128 + SIGTERM)
    }

    @Test func failuresBeforeTheChildStartsAreEveryauthsOwn() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "alice", "--token", "u+alice-key"])
        let missing = try await cli.runAsync(["exec", "pagerduty", "--user-id", "nobody", "--", "touch", cli.configDir.appendingPathComponent("ran").path])
        #expect(missing.status == 3 && missing.stderr.hasPrefix("everyauth: error: no pagerduty identity for user 'nobody'"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.configDir.appendingPathComponent("ran").path), "nothing ran")
        let notFound = try await cli.runAsync(["exec", "pagerduty", "--user-id", "alice", "--", "no-such-command-here"])
        #expect(notFound.status == 127 && notFound.stderr == "everyauth: error: no-such-command-here: command not found on PATH\n", "\(notFound.stderr)")
        let script = cli.configDir.appendingPathComponent("not-executable.sh")
        try "echo hi\n".write(to: script, atomically: true, encoding: .utf8)
        let denied = try await cli.runAsync(["exec", "pagerduty", "--user-id", "alice", "--", script.path])
        #expect(denied.status == 126 && denied.stderr.contains("permission denied"), "\(denied.stderr)")
        let noCommand = try await cli.runAsync(["exec", "pagerduty", "--user-id", "alice"])
        #expect(noCommand.status == 64 && noCommand.stderr.contains("give the command to run after '--'"), "\(noCommand.stderr)")
        let badName = try await cli.runAsync(["exec", "pagerduty", "--user-id", "alice", "--env", "1X", "--", "true"])
        #expect(badName.status == 64 && badName.stderr.contains("--env: '1X' is not a variable name"), "\(badName.stderr)")
    }

    @Test func aTokenExpiringWithinMinValidIsRefreshedFirst() async throws {
        let session = try OAuthSession()
        let old = try session.seedIdentity(userId: "carol", expiresIn: 240)
        let print = ["--", "sh", "-c", #"printf %s "$PAGERDUTY_TOKEN""#]
        // Four minutes left, --min-valid 1m: the stored token as it is.
        let kept = try await session.run(["exec", "pagerduty", "--user-id", "carol", "--min-valid", "1m"] + print)
        #expect((kept.status, kept.stdout) == (0, old.accessToken), "\(kept.stderr)")
        #expect(session.oauth.refreshRequests == 0)
        // The default 5 minutes: refreshed once, the child gets the new token.
        let fresh = try await session.run(["exec", "pagerduty", "--user-id", "carol"] + print)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout != old.accessToken && session.oauth.isValidAccessToken(fresh.stdout))
        #expect(session.oauth.refreshRequests == 1)
    }

    @Test func aSignalFromAnotherProcessReachesTheChild() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "alice", "--token", "u+alice-key"])
        let ready = cli.configDir.appendingPathComponent("ready")
        let child = try cli.start(["exec", "pagerduty", "--user-id", "alice", "--", "sh", "-c",
                                   #"trap 'echo "got TERM"; exit 42' TERM; touch "$0"; while :; do sleep 0.05; done"#, ready.path])
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: ready.path) { try await Task.sleep(for: .milliseconds(25)) }
        #expect(FileManager.default.fileExists(atPath: ready.path), "the child started")
        child.signal(SIGTERM)
        let result = await child.waitAsync(timeout: 20)
        #expect(result.status == 42, "\(result.stderr)")
        #expect(result.stdout == "got TERM\n")
    }
}
