import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a client can make `everyauth serve` hold (SPEC §7): connections (30 s idle and header-read
/// timeout, a cap that closes the oldest idle one), pending authorizations (5 per user, 10,000 in
/// all), and the pending state's own lock, so a flood of starts never waits on identity writes.
@Suite("everyauth serve: limits", .timeLimit(.minutes(3)))
struct ServeLimitTests {
    func single(environment: [String: String] = [:]) async throws -> (ServeSession, ServeInstance) {
        let port = try FakeHTTPServer.freePort()
        let session = try await ServeSession(publicURL: "http://127.0.0.1:\(port)")
        let instance = try await ServeInstance.start(cli: session.cli, port: port, environment: environment)
        return (session, instance)
    }

    @Test("a silent connection and one trickling its header are closed after 30 s; /healthz answers meanwhile")
    func idleAndTrickleTimeouts() async throws {
        let (_, serve) = try await single()
        let start = ContinuousClock.now
        async let silent: Duration? = blocking {
            guard let socket = LoopbackSocket(port: serve.port, timeout: 90) else { return nil }
            defer { socket.close() }
            return socket.readUntilClosed() ? ContinuousClock.now - start : nil
        }
        async let trickle: Duration? = blocking {
            guard let socket = LoopbackSocket(port: serve.port, timeout: 90) else { return nil }
            defer { socket.close() }
            socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            // One header line every 2 s: always busy, never done.
            for line in 0..<45 {
                if socket.isClosedByPeer(waiting: .seconds(2)) { return ContinuousClock.now - start }
                socket.send("X-Pad-\(line): x\r\n")
            }
            return nil
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await WebBrowser.get(serve.origin + "/healthz", maxTime: 10).status == 200)
        let (silentClosed, trickleClosed) = try await (silent, trickle)
        let closedSilent = try #require(silentClosed, "a silent connection was still open after 90 s")
        let closedTrickle = try #require(trickleClosed, "a trickling connection was still open after 90 s")
        // Not before 30 s; the upper bound leaves room for a loaded machine (unfixed: never closed).
        #expect(closedSilent >= .seconds(28) && closedSilent <= .seconds(75), "\(closedSilent)")
        #expect(closedTrickle >= .seconds(28) && closedTrickle <= .seconds(75), "\(closedTrickle)")
        _ = await serve.stop()
    }

    @Test("with a low descriptor limit, 200 idle connections do not keep /healthz out: the oldest idle ones are closed")
    func connectionCap() async throws {
        let port = try FakeHTTPServer.freePort()
        let session = try await ServeSession(publicURL: "http://127.0.0.1:\(port)")
        // As `ulimit -n 128` would (util-linux prlimit; the soft limit alone), from the start.
        let process = try BackgroundProcess("/usr/bin/prlimit", ["--nofile=128:", CLI.binary.path, "serve", "--listen", "127.0.0.1:\(port)",
                                                                 "--public-url", session.publicURL, "--user-id-header", WebBrowser.userHeader],
                                            environment: session.cli.childEnvironment())
        let listening = await process.waitForStderrAsync(timeout: 120) { $0.contains("everyauth serve: listening on") ? true : nil }
        try #require(listening == true, "serve did not start: \(process.stderr)")
        let serve = ServeInstance(process: process, port: port)

        let (oldestClosed, newestOpen, health) = try await blocking { () -> (Bool, Bool, Int) in
            var idle: [LoopbackSocket] = []
            defer { idle.forEach { $0.close() } }
            for _ in 0..<200 {
                guard let socket = LoopbackSocket(port: port, timeout: 5) else { break }
                idle.append(socket)
            }
            let health = try? ChildProcess.run("/usr/bin/env", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--noproxy", "*",
                                                                 "--max-time", "10", serve.origin + "/healthz"],
                                               environment: ProcessInfo.processInfo.environment, stdin: nil, timeout: 20)
            let oldest = idle.first?.isClosedByPeer(waiting: .seconds(5)) ?? false
            let newest = idle.last.map { !$0.isClosedByPeer(waiting: .milliseconds(200)) } ?? false
            return (oldest, newest, Int(health?.stdout ?? "") ?? 0)
        }
        #expect(health == 200, "/healthz got \(health)")
        #expect(oldestClosed, "the oldest idle connection was not closed")
        #expect(newestOpen, "the newest connection was closed instead of the oldest")
        let result = await serve.stop()
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("at most 5 pending authorizations per user: a sixth drops the oldest, whose callback is then refused")
    func perUserCap() async throws {
        let (session, serve) = try await single()
        var locations: [String] = []
        for _ in 0..<7 {
            let begun = try await WebBrowser.get(serve.origin + "/pagerduty", user: "alice")
            try #require(begun.status == 302)
            locations.append(begun.location)
        }
        #expect(try await session.pendingCount() == 5)
        #expect(try await WebBrowser.get(serve.origin + "/pagerduty", user: "bob").status == 302)
        #expect(try await session.pendingCount() == 6, "another user's cap is their own")

        let oldest = try await WebBrowser.get(locations[0])
        let dropped = try await WebBrowser.get(WebBrowser.rerouted(oldest.location, to: serve.origin), user: "alice")
        #expect(dropped.status == 400, "\(dropped.body)")
        let newest = try await WebBrowser.get(locations[6])
        let kept = try await WebBrowser.get(WebBrowser.rerouted(newest.location, to: serve.origin), user: "alice")
        #expect(kept.status == 302, "\(kept.body)")
        #expect(try await session.identities().map(\.userId) == ["alice"])
        _ = await serve.stop()
    }

    @Test("at most 10,000 pending authorizations in all: then a clear 503 page, and nothing more is stored")
    func totalCap() async throws {
        let (session, serve) = try await single()
        // 10,000 users' authorizations in progress, as `serve` writes them.
        let expires = Timestamp.format(Date().addingTimeInterval(500))
        let created = Timestamp.format(Date().addingTimeInterval(-100))
        var entries: [String] = []
        for index in 0..<10_000 {
            let id = "\(Int(Date().timeIntervalSince1970) + 500)-" + String(format: "%032x", index)
            entries.append("""
                {"id":"\(id)","stateHash":"\(String(repeating: "0", count: 64))","service":"pagerduty","userId":"user-\(index)",\
                "codeVerifier":"\(String(repeating: "v", count: 43))","redirectUri":"\(session.publicURL)/pagerduty/callback","tags":{},\
                "createdAt":"\(created)","expiresAt":"\(expires)"}
                """)
        }
        let file = session.cli.configDir.appendingPathComponent("everyauth-pending.json")
        try Data(("{\"version\": 1, \"pending\": [" + entries.joined(separator: ",\n") + "]}\n").utf8).write(to: file)
        chmod(file.path, 0o600)
        #expect(try await session.pendingCount() == 10_000)

        let refused = try await WebBrowser.get(serve.origin + "/pagerduty", user: "newcomer")
        #expect(refused.status == 503, "\(refused.body)")
        #expect(refused.body.contains("Too many authorizations"), "\(refused.body)")
        #expect(refused.headers["cache-control"] == "no-store")
        #expect(try await session.pendingCount() == 10_000)
        let result = await serve.stop()
        #expect(result.stderr.contains("status=503"))
    }

    @Test("pending state has its own lock: a held store lock does not stop a start, a held pending lock does not stop identity add")
    func pendingHasItsOwnLock() async throws {
        // Each lock stays held for the whole request and the lock timeout is 3 s: whatever waited on
        // the other lock would fail (500, exit 1), so success proves it never waited.
        let (session, serve) = try await single(environment: ["EVERYAUTH_LOCK_TIMEOUT": "3"])
        let storeLock = try LockHolder(session.cli.configDir.appendingPathComponent("everyauth.lock"))
        let answer = try await WebBrowser.get(serve.origin + "/pagerduty", user: "alice", maxTime: 10)
        #expect(answer.status == 302, "\(answer.body)")
        #expect(try await session.pendingCount() == 1)
        storeLock.release()

        let pendingLock = try LockHolder(session.cli.configDir.appendingPathComponent("everyauth-pending.lock"))
        let added = try await session.cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "-"], stdin: "pd-key\n",
                                                   environment: ["EVERYAUTH_LOCK_TIMEOUT": "3"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try await session.identities().map(\.userId) == ["bob"])
        // And the held pending lock does stop a start: the two locks are really two.
        let blocked = try await WebBrowser.get(serve.origin + "/pagerduty", user: "carol", maxTime: 10)
        #expect(blocked.status == 500, "\(blocked.status)")
        pendingLock.release()
        _ = await serve.stop()
    }
}

/// An exclusive `flock` on a file of the config dir, held by the test as another process would.
struct LockHolder {
    let fd: Int32

    init(_ url: URL) throws {
        fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0, flock(fd, LOCK_EX) == 0 else { throw Failed(path: url.path) }
    }

    struct Failed: Error {
        let path: String
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
