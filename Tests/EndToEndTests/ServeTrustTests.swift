import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Who `everyauth serve` believes (issue 23): the user header only from the proxy's address, a
/// user id only when it keeps the user-id rule, and a database password kept off the command line.
@Suite("everyauth serve: trust boundaries", .timeLimit(.minutes(3)))
struct ServeTrustTests {
    /// A session whose public URL is the one instance's own address; `extra` goes to `serve`.
    func single(extra: [String] = []) async throws -> (ServeSession, ServeInstance) {
        let port = try FakeHTTPServer.freePort()
        let session = try await ServeSession(publicURL: "http://127.0.0.1:\(port)")
        let instance = try await ServeInstance.start(cli: session.cli, port: port, extra: extra)
        return (session, instance)
    }

    @Test("a peer other than the trusted proxy gets 403 whatever headers it carries; nothing is stored and the refusal is logged")
    func untrustedPeerRefused() async throws {
        let (session, serve) = try await single()
        // 127.0.0.2 is another peer on the same machine (Linux routes all of 127/8 to loopback).
        let refused = try await WebBrowser.get(serve.origin + "/pagerduty", user: "alice", interface: "127.0.0.2")
        #expect(refused.status == 403, "\(refused.body)")
        #expect(refused.headers["cache-control"] == "no-store")
        #expect(refused.headers["referrer-policy"] == "no-referrer")
        #expect(try await session.pendingCount() == 0)
        let callback = try await WebBrowser.get(serve.origin + "/pagerduty/callback?code=x&state=y", user: "alice", interface: "127.0.0.2")
        #expect(callback.status == 403)
        // The proxy itself (127.0.0.1, a default) is still heard.
        let trusted = try await WebBrowser.get(serve.origin + "/pagerduty", user: "alice")
        #expect(trusted.status == 302)
        #expect(try await session.pendingCount() == 1)

        let result = await serve.stop()
        #expect(result.stderr.contains("event=untrusted_peer peer=\"127.0.0.2\""), "\(result.stderr)")
        #expect(result.stderr.contains("method=\"GET\" path=\"/pagerduty\" status=403"))
    }

    @Test("--trusted-proxy replaces the defaults: an address or a prefix, repeatable; a bad value is a usage error")
    func explicitTrustedProxy() async throws {
        let (session, serve) = try await single(extra: ["--trusted-proxy", "127.0.0.2", "--trusted-proxy", "10.0.0.0/8"])
        #expect(try await WebBrowser.get(serve.origin + "/pagerduty", user: "alice", interface: "127.0.0.2").status == 302)
        // 127.0.0.1 is no longer a default once the proxies are named.
        #expect(try await WebBrowser.get(serve.origin + "/pagerduty", user: "bob").status == 403)
        #expect(try await session.pendingCount() == 1)
        _ = await serve.stop()

        let (prefixSession, prefixed) = try await single(extra: ["--trusted-proxy", "127.0.0.0/30"])
        #expect(try await WebBrowser.get(prefixed.origin + "/pagerduty", user: "carol", interface: "127.0.0.2").status == 302)
        #expect(try await WebBrowser.get(prefixed.origin + "/pagerduty", user: "carol").status == 302)
        #expect(try await prefixSession.pendingCount() == 2)
        _ = await prefixed.stop()

        for bad in ["10.0.0.0/33", "not-an-address", "::1/129", "127.0.0.1/"] {
            let result = try await session.cli.runAsync(["serve", "--listen", "127.0.0.1:0", "--public-url", "http://127.0.0.1:8080",
                                                         "--user-id-header", "X-Forwarded-User", "--trusted-proxy", bad])
            #expect(result.status == 64, "\(bad): \(result.stderr)")
            #expect(result.stderr.contains("--trusted-proxy"), "\(bad): \(result.stderr)")
        }
    }

    @Test("a non-loopback --listen without --trusted-proxy refuses to start (64, naming the flag); with it, it starts")
    func nonLoopbackNeedsTrustedProxy() async throws {
        let session = try await ServeSession(publicURL: "https://auth.example.com")
        let refused = try await session.cli.runAsync(["serve", "--listen", "0.0.0.0:0", "--public-url", "https://auth.example.com",
                                                      "--user-id-header", "X-Forwarded-User"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--trusted-proxy"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        let serve = try await ServeInstance.start(cli: session.cli, publicURL: "https://auth.example.com", listen: "0.0.0.0",
                                                  extra: ["--trusted-proxy", "127.0.0.1"])
        #expect(try await WebBrowser.get(serve.origin + "/pagerduty", user: "alice").status == 302)
        #expect(try await WebBrowser.get(serve.origin + "/pagerduty", user: "alice", interface: "127.0.0.2").status == 403)
        let result = await serve.stop()
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("a user id breaking the rule (too long, control character, invalid UTF-8, U+FFFD) gets a 400 page and nothing is stored")
    func userIdRule() async throws {
        let (session, serve) = try await single()
        let tooLong = try await WebBrowser.get(serve.origin + "/pagerduty", user: String(repeating: "a", count: 257))
        #expect(tooLong.status == 400, "\(tooLong.body)")
        #expect(tooLong.body.contains("256"))
        #expect(tooLong.headers["referrer-policy"] == "no-referrer")
        #expect(try await session.pendingCount() == 0)
        // 256 bytes is the longest that is accepted.
        #expect(try await WebBrowser.get(serve.origin + "/pagerduty", user: String(repeating: "é", count: 128)).status == 302)
        #expect(try await session.pendingCount() == 1)

        // Bytes no HTTP client library would send: straight onto a socket.
        func raw(_ value: [UInt8]) async throws -> String {
            try await blocking {
                guard let socket = LoopbackSocket(port: serve.port, timeout: 20) else { return "" }
                defer { socket.close() }
                socket.send(Array("GET /pagerduty HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Forwarded-User: ".utf8)
                            + value + Array("\r\n\r\n".utf8))
                return String(decoding: socket.readAll(), as: UTF8.self)
            }
        }
        for value: [UInt8] in [Array("al".utf8) + [0xFF, 0xFE] + Array("ice".utf8), [0xC3, 0x28], Array("bob\u{FFFD}".utf8),
                               Array("a".utf8) + [0x01] + Array("b".utf8)] {
            let answer = try await raw(value)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(value): \(answer.prefix(200))")
        }
        #expect(try await session.pendingCount() == 1)
        let result = await serve.stop()
        #expect(!result.stderr.contains("\u{FFFD}"))
    }

    @Test("a password inside --store on serve's command line is warned about (it shows in ps); the environment is not")
    func passwordOnCommandLineWarned() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        // Nothing listens on port 1: serve stops at the store, after the warning.
        let arguments = ["serve", "--listen", "127.0.0.1:0", "--public-url", "http://127.0.0.1:8080", "--user-id-header", "X-User"]
        let flagged = try await cli.runAsync(arguments + ["--store", "postgres://app:hunter2@127.0.0.1:1/db"])
        #expect(flagged.stderr.contains("warning:"), "\(flagged.stderr)")
        #expect(flagged.stderr.contains("PGPASSWORD"))
        #expect(flagged.stderr.contains("EVERYAUTH_STORE_URL"))
        #expect(!flagged.stderr.contains("hunter2"))
        let environment = try await cli.runAsync(arguments, environment: ["EVERYAUTH_STORE_URL": "postgres://app:hunter2@127.0.0.1:1/db"])
        #expect(!environment.stderr.contains("PGPASSWORD"), "\(environment.stderr)")
        #expect(!environment.stderr.contains("hunter2"))
        let noPassword = try await cli.runAsync(arguments + ["--store", "postgres://app@127.0.0.1:1/db"],
                                                environment: ["PGPASSWORD": "hunter2"])
        #expect(!noPassword.stderr.contains("PGPASSWORD"), "\(noPassword.stderr)")
    }
}
