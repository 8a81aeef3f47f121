import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Many `everyauth` processes at once lose no update, and a lock held by a stopped process ends in a
/// bounded wait with a clear message instead of a hang.
@Suite struct ReliabilityConcurrencyTests {
    /// 50 processes at once, each adding its own identity and removing another's pre-seeded one:
    /// afterwards exactly the 50 new identities remain (100 store updates, none lost).
    @Test func fiftyProcessesAddAndRemoveWithoutLosingAnUpdate() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let count = 50
        var document = StoreDocument()
        for index in 0..<count {
            document.upsertIdentity(service: .pagerduty, userId: "seed-\(index)", kind: .apiKey,
                                    credential: .apiKey("seed-key-\(index)"), tags: [:])
        }
        try cli.writeStore(document.encoded())
        // Lock timeout 120 s inside: on a loaded machine 100 fsyncs in a row outlasted the default 15 s once.
        let result = try await cli.addNewRemovingSeedsConcurrently(count: count)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        let final = try StoreDocument.decode(try #require(cli.storeData()), path: cli.storeURL.path)
        #expect(Set(final.identities.map(\.userId)) == Set((0..<count).map { "new-\($0)" }))
        #expect(final.identities.count == count)
        let tokens = try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "new-7"])
        #expect(tokens.stdout == "new-key-7\n")
    }

    /// The same 50 adders and removers while 20 processes read one expiring OAuth identity: one
    /// token request, one token printed by all 20, and still no lost update.
    @Test func refreshesAndEditsAtOnceMakeOneTokenRequest() async throws {
        let session = try OAuthSession()
        let old = try session.seedIdentity(userId: "refreshing", expiresIn: 60)
        session.oauth.tokenDelay = 0.1
        let count = 50
        _ = try FileStore(directory: session.cli.configDir).update { document in
            for index in 0..<count {
                document.upsertIdentity(service: .pagerduty, userId: "seed-\(index)", kind: .apiKey, credential: .apiKey("s\(index)"))
            }
        }
        // The readers queue for the lock behind 100 edits: on a loaded machine that outlasts the default
        // 15 s lock timeout (seen in a serial run), and this test is about one refresh, not that timeout.
        let readers = try (0..<20).map { _ in
            try session.cli.start(["identity", "token", "pagerduty", "--user-id", "refreshing"], environment: ["EVERYAUTH_LOCK_TIMEOUT": "120"])
        }
        let editors = try await session.cli.runScriptAsync("""
            export EVERYAUTH_LOCK_TIMEOUT=120
            for i in $(seq 0 \(count - 1)); do
              ( out=$("$EVERYAUTH" identity add pagerduty --user-id "new-$i" --token "k$i" 2>&1) || echo "add $i: $out"
                out=$("$EVERYAUTH" identity rm pagerduty --user-id "seed-$i" -q 2>&1) || echo "rm $i: $out" ) &
            done
            wait
            """, timeout: 240)
        var tokens: Set<String> = []
        for reader in readers {
            let result = await reader.waitAsync(timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
            tokens.insert(result.stdout)
        }
        #expect(editors.stdout.isEmpty, "\(editors.stdout)")
        #expect(tokens.count == 1)
        #expect(session.oauth.refreshRequests == 1)
        let token = tokens.first?.trimmingCharacters(in: .newlines) ?? ""
        #expect(token != old.accessToken && session.oauth.isValidAccessToken(token))
        let final = try StoreDocument.decode(try #require(session.cli.storeData()), path: session.cli.storeURL.path)
        #expect(Set(final.identities.map(\.userId)) == Set((0..<count).map { "new-\($0)" } + ["refreshing"]))
        #expect(final.identities.first { $0.userId == "refreshing" }?.credential.accessToken == token)
    }

    /// A shell that takes `everyauth.lock` and then stops itself (SIGSTOP) holds the lock forever;
    /// a command with `EVERYAUTH_LOCK_TIMEOUT=1` gives up with the lock message and exit 1, and once
    /// the holder is killed the next command succeeds.
    @Test func lockHeldByAStoppedProcessEndsInABoundedWait() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try #require(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "first", "--token", "k1"]).status == 0)
        let before = cli.storeData()
        let lockPath = cli.configDir.appendingPathComponent("everyauth.lock").path
        // It says so on stderr once it holds the lock, so the test waits for that line, not for a poll.
        let holder = try BackgroundProcess("/bin/bash", ["-c", "exec 9>>'\(lockPath)'; flock -x 9 || exit 1; echo locked >&2; kill -STOP $$; sleep 60"],
                                           environment: ProcessInfo.processInfo.environment)
        let locked = await holder.waitForStderrAsync(timeout: 30) { $0.contains("locked") ? true : nil }
        try #require(locked == true, "the helper shell never took the lock: \(holder.stderr)")

        let started = Date()
        let blocked = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "second", "--token", "k2"],
                                             environment: ["EVERYAUTH_LOCK_TIMEOUT": "1"], timeout: 30)
        let waited = Date().timeIntervalSince(started)
        #expect(blocked.status == 1)
        #expect(blocked.stderr == "everyauth: error: another everyauth process has held \(lockPath) for over 1 s; try again, or stop the other process\n")
        // Bounded: it gave up rather than waiting for the 30 s test timeout.
        #expect(waited < 20)
        #expect(cli.storeData() == before)

        holder.signal(SIGKILL)
        let ended = await holder.waitAsync(timeout: 30)
        #expect(ended.status == 128 + SIGKILL)
        let after = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "second", "--token", "k2"],
                                           environment: ["EVERYAUTH_LOCK_TIMEOUT": "5"])
        #expect(after.status == 0, "\(after.stderr)")
    }

    /// A malformed `EVERYAUTH_LOCK_TIMEOUT` is a usage error naming it (SPEC §5), never a silent
    /// fallback or a 0 s wait; an empty one counts as unset.
    @Test func badLockTimeoutIsAUsageError() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        for value in ["abc", "-3", "0", "nan", "inf"] {
            let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u", "--token", "k"],
                                  environment: ["EVERYAUTH_LOCK_TIMEOUT": value])
            #expect(add.status == 64, "EVERYAUTH_LOCK_TIMEOUT=\(value): \(add.stderr)")
            #expect(add.stderr.contains("EVERYAUTH_LOCK_TIMEOUT"))
        }
        #expect(cli.storeData() == nil)
        let unset = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "u", "--token", "k"], environment: ["EVERYAUTH_LOCK_TIMEOUT": ""])
        #expect(unset.status == 0, "\(unset.stderr)")
    }
}
