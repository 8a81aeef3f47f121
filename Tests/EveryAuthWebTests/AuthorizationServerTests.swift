import EveryAuthCore
import EveryAuthTestSupport
import EveryAuthWeb
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// What `everyauth serve` runs, in-process: its refusals, `/healthz`, headers on every answer,
/// the trusted user header, and an access log without queries.
@Suite("EveryAuthWeb server")
struct AuthorizationServerTests {
    func configuration(_ fixture: WebFixture, host: String = "127.0.0.1", publicURL: String = "http://127.0.0.1:8080",
                       header: String = "X-Forwarded-User", log: @escaping @Sendable (String) -> Void = { _ in }) -> AuthorizationServer.Configuration {
        AuthorizationServer.Configuration(host: host, port: 0, publicURL: publicURL, userIdHeader: header, finishedURL: nil,
                                          store: fixture.store, http: HTTPClient(), log: log)
    }

    @Test("refuses a non-loopback listener without https, a bad or reserved user header, a bad public URL")
    func refusals() async throws {
        let fixture = try await WebFixture()
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, host: "0.0.0.0", publicURL: "http://auth.example.com")) }
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, header: "X User")) }
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, header: "Cookie")) }
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, publicURL: "ftp://auth.example.com")) }
        // A non-loopback listener must name the proxy it trusts.
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, host: "0.0.0.0", publicURL: "https://auth.example.com")) }
        var named = configuration(fixture, host: "0.0.0.0", publicURL: "https://auth.example.com")
        named.trustedProxies = [try #require(TrustedProxy("10.0.0.5"))]
        _ = try AuthorizationServer(named)
        named.trustedProxies = []
        #expect(throws: UsageError.self) { try AuthorizationServer(named) }
    }

    @Test("only trusted peers are answered: 403 page for others, logged, nothing stored; IPv4-mapped peers count as IPv4")
    func trustedPeers() async throws {
        let fixture = try await WebFixture()
        let lines = Recorder<String>()
        var settings = configuration(fixture, log: { lines.record($0) })
        settings.trustedProxies = [try #require(TrustedProxy("127.0.0.1")), try #require(TrustedProxy("fd00::/8"))]
        let server = try AuthorizationServer(settings)
        let app = Application(router: try server.makeRouter(services: try await server.services()))
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Forwarded-User")!] = "alice"
        try await app.withRouterClient { client in
            for peer in ["127.0.0.2", "::1", "10.1.2.3", "fe80::1"] {
                let answer = try await client.execute(uri: "/pagerduty", headers: headers, peer: peer)
                #expect(answer.status == 403, "\(peer)")
                #expect(answer.headers[.cacheControl] == "no-store")
                #expect(answer.body.contains("only the proxy"))
            }
            #expect(try await client.execute(uri: "/healthz", peer: "127.0.0.2").status == 403)
            #expect(try await fixture.pendingCount() == 0)
            for peer in ["127.0.0.1", "::ffff:127.0.0.1", "fd12:3456::1"] {
                #expect(try await client.execute(uri: "/pagerduty", headers: headers, peer: peer).status == 302, "\(peer)")
            }
            #expect(try await fixture.pendingCount() == 3)
        }
        let log = lines.all.joined(separator: "\n")
        #expect(log.contains("event=untrusted_peer peer=\"127.0.0.2\" status=403"))
        #expect(log.contains("event=untrusted_peer peer=\"fe80::1\" status=403"))
        #expect(log.contains("path=\"/pagerduty\" status=403"))
    }

    @Test("TrustedProxy reads ADDR and ADDR/PREFIX (IPv4, IPv6) and nothing else; prefixes match by bits")
    func trustedProxyParsing() throws {
        for good in ["127.0.0.1", "::1", "10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "fd00::/8", "2001:db8::/32", "10.1.2.3/32"] {
            #expect(TrustedProxy(good) != nil, "\(good)")
        }
        for bad in ["", "localhost", "10.0.0.0/33", "::1/129", "10.0.0.1/", "/8", "10.0.0.0/+8", "10.0.0.0/ 8", "10.0.0", "1.2.3.4/8/9",
                    "fe80::1%eth0", "[::1]", "10.0.0.1 "] {
            #expect(TrustedProxy(bad) == nil, "\(bad)")
        }
        #expect(TrustedProxy("10.9.8.7/8")?.description == "10.0.0.0/8")
        #expect(TrustedProxy("::1")?.description == "::1")
        let network = try #require(TrustedProxy("192.168.4.0/22"))
        #expect(network.contains(try SocketAddress(ipAddress: "192.168.7.255", port: 1)))
        #expect(!network.contains(try SocketAddress(ipAddress: "192.168.8.0", port: 1)))
        #expect(network.contains(try SocketAddress(ipAddress: "::ffff:192.168.5.1", port: 1)))
        #expect(!network.contains(try SocketAddress(ipAddress: "::1", port: 1)))
        #expect(try #require(TrustedProxy("0.0.0.0/0")).contains(try SocketAddress(ipAddress: "8.8.8.8", port: 1)))
        #expect(TrustedProxy.loopback.map(\.description) == ["127.0.0.1", "::1"])
    }

    @Test("healthz, 404s and refusals carry the page headers; a repeated user header is no user; the log has no query")
    func routerBehaviour() async throws {
        let fixture = try await WebFixture()
        let lines = Recorder<String>()
        let server = try AuthorizationServer(configuration(fixture, log: { lines.record($0) }))
        let app = Application(router: try server.makeRouter(services: try await server.services()))
        try await app.withRouterClient { client in
            let health = try await client.execute(uri: "/healthz")
            #expect(health.status == 200)
            #expect(health.body == "ok\n")
            #expect(health.headers[.cacheControl] == "no-store")
            let missing = try await client.execute(uri: "/nothing-here?secret=1")
            #expect(missing.status == 404)
            #expect(missing.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            var twice = HTTPFields()
            twice.append(HTTPField(name: HTTPField.Name("X-Forwarded-User")!, value: "alice"))
            twice.append(HTTPField(name: HTTPField.Name("X-Forwarded-User")!, value: "mallory"))
            #expect(try await client.execute(uri: "/pagerduty?state=abc", headers: twice).status == 401)
        }
        let log = lines.all.joined(separator: "\n")
        #expect(log.contains("path=\"/healthz\" status=200"))
        #expect(log.contains("path=\"/nothing-here\" status=404"))
        #expect(log.contains("path=\"/pagerduty\" status=401"))
        #expect(!log.contains("secret=1") && !log.contains("state=abc"))
    }

    @Test("/ is a page with one connect link per configured service, on the public URL")
    func rootListsTheConnectLinks() async throws {
        let fixture = try await WebFixture()
        let settings = configuration(fixture)
        let server = try AuthorizationServer(settings)
        let app = Application(router: try server.makeRouter(services: try await server.services()))
        try await app.withRouterClient { client in
            let root = try await client.execute(uri: "/")
            #expect(root.status == 200)
            #expect(root.headers[.contentType] == "text/html; charset=utf-8")
            #expect(root.headers[.cacheControl] == "no-store")
            let base = settings.publicURL.hasSuffix("/") ? String(settings.publicURL.dropLast()) : settings.publicURL
            #expect(root.body.contains("<a href=\"\(base)/pagerduty\">Connect PagerDuty</a>"), "\(root.body)")
        }
    }

    @Test("/healthz answers 503 when the store cannot be used, 200 again once it can")
    func healthzChecksTheStore() async throws {
        let fixture = try await WebFixture()
        let server = try AuthorizationServer(configuration(fixture))
        let app = Application(router: try server.makeRouter(services: try await server.services()))
        let file = fixture.directory.appendingPathComponent("everyauth.json")
        let good = try Data(contentsOf: file)
        try await app.withRouterClient { client in
            #expect(try await client.execute(uri: "/healthz").status == 200)
            try Data("{\"version\": 1, \"services\": ".utf8).write(to: file)
            let broken = try await client.execute(uri: "/healthz")
            #expect(broken.status == 503)
            #expect(broken.body.contains("store"))
            #expect(broken.headers[.cacheControl] == "no-store")
            try good.write(to: file)
            #expect(try await client.execute(uri: "/healthz").status == 200)
        }
    }

    @Test("the user header is read as bytes: invalid UTF-8 (or the U+FFFD a parser made of it) and over 256 bytes are a 400 page")
    func userHeaderBytes() async throws {
        let fixture = try await WebFixture()
        let server = try AuthorizationServer(configuration(fixture))
        let app = Application(router: try server.makeRouter(services: try await server.services()))
        let name = HTTPField.Name("X-Forwarded-User")!
        try await app.withRouterClient { client in
            for value: [UInt8] in [Array("al".utf8) + [0xFF] + Array("ice".utf8), [0xC3, 0x28], Array("bob\u{FFFD}".utf8),
                                   Array(repeating: UInt8(ascii: "a"), count: 257)] {
                var headers = HTTPFields()
                headers.append(HTTPField(name: name, value: value))
                let answer = try await client.execute(uri: "/pagerduty", headers: headers)
                #expect(answer.status == 400, "\(value.prefix(8))")
                #expect(answer.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
            #expect(try await fixture.pendingCount() == 0)
            var headers = HTTPFields()
            headers.append(HTTPField(name: name, value: Array("Kelvin \u{212A}".utf8)))
            #expect(try await client.execute(uri: "/pagerduty", headers: headers).status == 302)
            #expect(try await fixture.store.info().pending == 1)
        }
    }
}

/// `AuthorizationServer.run` on a real socket with short limits: the connection guard's deadlines
/// and its cap, as `serve` has them with 30 s and half the descriptor limit.
@Suite("EveryAuthWeb server: connection limits", .timeLimit(.minutes(5)))
struct ConnectionLimitTests {
    /// Runs the server with `limits` on a free port of 127.0.0.1 for `body`, then stops it.
    func withServer(_ limits: ConnectionLimits, _ body: @Sendable (Int) async throws -> Void) async throws {
        let fixture = try await WebFixture()
        var settings = AuthorizationServer.Configuration(host: "127.0.0.1", port: 0, publicURL: "http://127.0.0.1:8080",
                                                         userIdHeader: "X-Forwarded-User", finishedURL: nil,
                                                         store: fixture.store, http: HTTPClient(), log: { _ in })
        settings.connectionLimits = limits
        let server = try AuthorizationServer(settings)
        let bound = Recorder<Int>()
        let running = Task { try await server.run { bound.record($0) } }
        defer { running.cancel() }
        // Generous: a loaded 2-core machine can take long to start a server; the limits are what is tested.
        let deadline = ContinuousClock.now + .seconds(120)
        while bound.all.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await body(try #require(bound.all.first))
        running.cancel()
        _ = try? await running.value
    }

    /// Seconds from now until `socket` is closed by the server (nil: still open after `limit`).
    static func closed(_ socket: LoopbackSocket, within limit: Duration, while work: (Int) -> Void = { _ in }) -> Duration? {
        let start = ContinuousClock.now
        for step in 0..<Int(limit / .milliseconds(200)) {
            if socket.isClosedByPeer(waiting: .milliseconds(200)) { return ContinuousClock.now - start }
            work(step)
        }
        return nil
    }

    @Test("silent, header-trickling and body-trickling connections are closed after the timeout; an answered one after its idle time")
    func deadlines() async throws {
        try await withServer(ConnectionLimits(timeout: .seconds(1), maxConnections: 50)) { port in
            let results = try await blocking { () -> [Duration?] in
                let silent = LoopbackSocket(port: port, timeout: 10)!
                let header = LoopbackSocket(port: port, timeout: 10)!
                let body = LoopbackSocket(port: port, timeout: 10)!
                let answered = LoopbackSocket(port: port, timeout: 10)!
                defer { [silent, header, body, answered].forEach { $0.close() } }
                header.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                body.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n")
                answered.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                return [Self.closed(silent, within: .seconds(10)),
                        Self.closed(header, within: .seconds(10)) { header.send("X-Pad-\($0): x\r\n") },
                        Self.closed(body, within: .seconds(10)) { _ in body.send("x") },
                        Self.closed(answered, within: .seconds(10))]
            }
            for (name, result) in zip(["silent", "header trickle", "body trickle", "answered"], results) {
                // The timeout is 1 s; the rest is room for a loaded machine (unguarded: never closed).
                let seconds = try #require(result, "\(name) was still open after 10 s")
                #expect(seconds < .seconds(6), "\(name): \(seconds)")
            }
        }
    }

    @Test("past the cap the connection idle the longest is closed; a new request is still answered")
    func capClosesOldestIdle() async throws {
        try await withServer(ConnectionLimits(timeout: .seconds(30), maxConnections: 3)) { port in
            let (oldest, middle, answer) = try await blocking { () -> (Bool, Bool, String) in
                let first = LoopbackSocket(port: port, timeout: 10)!
                Thread.sleep(forTimeInterval: 0.1)
                let second = LoopbackSocket(port: port, timeout: 10)!
                Thread.sleep(forTimeInterval: 0.1)
                let third = LoopbackSocket(port: port, timeout: 10)!
                Thread.sleep(forTimeInterval: 0.1)
                // The oldest becomes busy-then-idle again: now the second is the one idle the longest.
                first.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                Thread.sleep(forTimeInterval: 0.3)
                let fourth = LoopbackSocket(port: port, timeout: 10)!
                defer { [first, second, third, fourth].forEach { $0.close() } }
                fourth.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                let answer = String(decoding: fourth.readAll(), as: UTF8.self)
                return (first.isClosedByPeer(waiting: .milliseconds(300)), second.isClosedByPeer(waiting: .seconds(2)), answer)
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(100))")
            #expect(middle, "the connection idle the longest stayed open")
            #expect(!oldest, "a connection that had just been answered was closed first")
        }
    }
}
