import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Whether the long forms of the reliability tests run (`EVERYAUTH_LONG_TESTS=1`).
enum LongTests {
    /// True when `EVERYAUTH_LONG_TESTS=1`.
    static let enabled = ProcessInfo.processInfo.environment["EVERYAUTH_LONG_TESTS"] == "1"

    /// `long` under `EVERYAUTH_LONG_TESTS=1`, else `bounded`.
    static func count(bounded: Int, long: Int) -> Int { enabled ? long : bounded }
}

/// `everyauth` killed at random points, and a store directory it cannot write, lose nothing stored.
@Suite struct ReliabilityCrashTests {
    /// The store as the CLI would read it: nil when absent, else decoded (a corrupt file throws).
    private func decodedStore(_ cli: CLI) throws -> StoreDocument? {
        guard let data = cli.storeData() else { return nil }
        return try StoreDocument.decode(data, path: cli.storeURL.path)
    }

    /// Starts `everyauth ARGS` and SIGKILLs it (with its process group) at a random point within
    /// `window` seconds unless it ends first; returns whether it had finished successfully, how long
    /// it ran, and the store as it is then (a store that does not parse fails the test).
    private func killAtRandom(_ cli: CLI, _ arguments: [String], window: Double, round: Int) async throws
        -> (finished: Bool, seconds: Double, store: StoreDocument?) {
        let child = try cli.start(arguments)
        child.closeStdin()
        let started = ContinuousClock.now
        // The bounded wait is the kill: at the timeout the runner SIGKILLs the child, then waits for it to
        // end (a process killed inside fsync on a loaded disk ends only when the I/O does).
        let result = await child.waitAsync(timeout: Double.random(in: 0...window))
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try #require(result.status != -1, "round \(round): the killed process did not end")
        let finished = result.status == 0 && !result.timedOut
        do {
            return (finished, seconds, try decodedStore(cli))
        } catch {
            Issue.record("round \(round): the store no longer parses: \(error)")
            throw error
        }
    }

    /// The next kill window: 1.5 times a run that finished, a quarter longer after a kill. It follows
    /// the machine's load (a parallel suite makes one run take from 0.1 s to seconds), so kills keep
    /// landing inside the run instead of all before or all after it.
    private func nextWindow(_ window: Double, finished: Bool, seconds: Double) -> Double {
        finished ? max(0.03, seconds * 1.5) : window * 1.25
    }

    /// SIGKILL at a random point of the run (0 to 1.5 times a measured undisturbed run), 40 times (200 with `EVERYAUTH_LONG_TESTS=1`): after every
    /// kill the store is absent or parses, and every identity whose `add` exited 0 is still in it.
    @Test func killedAddsNeverCorruptOrLoseTheStore() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let iterations = LongTests.count(bounded: 40, long: 200)
        // Calibrate on this machine: a fixed 0–30 ms window kills every run before it even parses its
        // arguments when the machine is loaded, and then nothing is tested.
        let started = Date()
        try #require(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "calibration", "--token", "k"]).status == 0)
        var window = max(0.03, Date().timeIntervalSince(started) * 1.5)
        var confirmed: Set<String> = ["calibration"]
        var killed = 0
        for round in 0..<iterations {
            let user = "crash-\(round)"
            let (finished, seconds, document) = try await killAtRandom(
                cli, ["identity", "add", "pagerduty", "--user-id", user, "--token", "key-\(round)", "--tag", "round=\(round)"],
                window: window, round: round)
            window = nextWindow(window, finished: finished, seconds: seconds)
            if finished {
                confirmed.insert(user)
            } else {
                killed += 1
            }
            let stored = Set(document?.identities.map(\.userId) ?? [])
            #expect(confirmed.isSubset(of: stored), "round \(round): lost \(confirmed.subtracting(stored).sorted())")
        }
        // Every identity still reads through the CLI after the storm, and the lock is free.
        let list = try await cli.runAsync(["identity", "ls", "-o", "json"])
        #expect(list.status == 0)
        let strays = (try? FileManager.default.contentsOfDirectory(atPath: cli.configDir.path))?
            .filter { $0.hasSuffix(".tmp") } ?? []
        // The next write clears temp files that killed writers left behind.
        #expect(try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "after", "--token", "k"]).status == 0)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: cli.configDir.path))?
            .filter { $0.hasSuffix(".tmp") } ?? []
        print("crash loop: \(iterations) runs, last window \(Int(window * 1000)) ms, \(killed) killed before exiting, \(confirmed.count) confirmed and kept, \(strays.count) temp files left by kills")
        #expect(leftovers.isEmpty, "temp files survived the next write: \(leftovers)")
    }

    /// Seeds a store with one identity through the CLI and returns its bytes.
    private func seed(_ cli: CLI) async throws -> Data {
        let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "kept", "--token", "kept-key"])
        try #require(add.status == 0)
        return try #require(cli.storeData())
    }

    /// Runs `mount ARGS`; true on success.
    private func mount(_ arguments: [String]) async -> Bool {
        (try? await ChildProcess.runAsync("/usr/bin/env", ["mount"] + arguments, environment: ProcessInfo.processInfo.environment,
                                          timeout: 20))?.status == 0
    }

    /// A config dir that cannot be written (chmod 0500; as root, a tmpfs remounted read-only) gives a
    /// clear error, exit 1, and leaves the old store byte for byte.
    /// `identity token` SIGKILLed at a random point of a refresh (before, during or after the token
    /// request, or inside the write), 20 times (100 with `EVERYAUTH_LONG_TESTS=1`): the store always
    /// parses, the identity keeps its id and tags, and a refresh that exited 0 left a working token.
    @Test func killedRefreshesNeverCorruptTheStore() async throws {
        let session = try OAuthSession()
        let cli = session.cli
        let iterations = LongTests.count(bounded: 20, long: 100)
        _ = try session.seedIdentity(userId: "crash-user", expiresIn: 60)
        let id = try #require(try decodedStore(cli)?.identities.first?.id)
        let started = Date()
        try #require(try await cli.runAsync(["identity", "token", "pagerduty", "--user-id", "crash-user"]).status == 0)
        var window = max(0.03, Date().timeIntervalSince(started) * 1.5)
        var finishedRuns = 0
        for round in 0..<iterations {
            // Expiring again, with tokens the fake honours (a killed refresh may have rotated them away).
            _ = try session.seedIdentity(userId: "crash-user", expiresIn: 60)
            let (finished, seconds, document) = try await killAtRandom(
                cli, ["identity", "token", "pagerduty", "--user-id", "crash-user"], window: window, round: round)
            window = nextWindow(window, finished: finished, seconds: seconds)
            let identity = try #require(document?.identities.first { $0.userId == "crash-user" }, "round \(round): identity lost")
            #expect(identity.id == id && identity.tags == ["team": "web"], "round \(round): id or tags changed")
            if finished {
                finishedRuns += 1
                #expect(session.oauth.isValidAccessToken(identity.credential.accessToken), "round \(round): stored token not valid")
            }
        }
        print("refresh crash loop: \(iterations) runs, \(iterations - finishedRuns) killed, \(finishedRuns) finished")
    }

    @Test func readOnlyDirectoryKeepsTheOldStore() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        if getuid() == 0 {
            // chmod does not stop root, so the directory becomes a read-only file system instead.
            try FileManager.default.createDirectory(at: cli.configDir, withIntermediateDirectories: true)
            guard await mount(["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", cli.configDir.path]) else {
                print("skipped read-only directory case: running as root and mount(8) is not permitted here")
                return
            }
            defer { _ = ChildProcess.unmount(cli.configDir.path) }
            let before = try await seed(cli)
            try #require(await mount(["-o", "remount,ro", cli.configDir.path]))
            try await expectCleanWriteFailure(cli, before: before, reason: "Read-only file system")
        } else {
            let before = try await seed(cli)
            chmod(cli.configDir.path, 0o500)
            defer { chmod(cli.configDir.path, 0o700) }
            try await expectCleanWriteFailure(cli, before: before, reason: "Permission denied")
        }
    }

    /// A full file system (a 64 KiB tmpfs as root, else a file-size limit of 1 KiB with SIGXFSZ
    /// ignored) gives a clear error, exit 1, and leaves the old store byte for byte.
    @Test func fullDiskKeepsTheOldStore() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        if getuid() == 0 {
            try FileManager.default.createDirectory(at: cli.configDir, withIntermediateDirectories: true)
            if await mount(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", cli.configDir.path]) {
                defer { _ = ChildProcess.unmount(cli.configDir.path) }
                let before = try await seed(cli)
                // Fill every remaining block.
                let filler = cli.configDir.appendingPathComponent("filler").path
                _ = try await ChildProcess.runAsync("/bin/sh", ["-c", "cat /dev/zero > '\(filler)'"], environment: [:], timeout: 20)
                try await expectCleanWriteFailure(cli, before: before, reason: "No space left on device")
                return
            }
            print("full-disk case: mount(8) not permitted, using a file-size limit instead")
        }
        let before = try await seed(cli)
        // Writes past the limit fail with EFBIG instead of killing the process, because SIGXFSZ is ignored.
        let tags = (0..<40).map { "--tag k\($0)=\(String(repeating: "v", count: 40))" }.joined(separator: " ")
        let result = try await cli.runScriptAsync("""
            trap '' XFSZ
            ulimit -f 1
            "$EVERYAUTH" identity add pagerduty --user-id big --token big-key \(tags)
            """)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("everyauth: error: cannot write \(cli.storeURL.path): File too large"))
        #expect(cli.storeData() == before)
    }

    /// An add into `cli`'s unwritable store fails cleanly and changes nothing.
    private func expectCleanWriteFailure(_ cli: CLI, before: Data, reason: String) async throws {
        let result = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "new", "--token", "new-key",
                                  "--tag", "pad=\(String(repeating: "x", count: 2000))"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("everyauth: error: cannot "), "\(result.stderr)")
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        #expect(!result.stderr.contains("new-key"))
        #expect(cli.storeData() == before)
        let stray = (try? FileManager.default.contentsOfDirectory(atPath: cli.configDir.path))?.filter { $0.hasSuffix(".tmp") }
        #expect(stray == [])
    }
}

extension ChildProcess {
    /// `umount PATH`, lazily so a busy mount cannot keep a test waiting; true on success.
    static func unmount(_ path: String) -> Bool {
        (try? run("/usr/bin/env", ["umount", "-l", path], environment: ProcessInfo.processInfo.environment,
                  stdin: nil, timeout: 20))?.status == 0
    }
}
