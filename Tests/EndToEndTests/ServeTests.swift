import EveryAuthCore
import EveryAuthPostgres
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `everyauth serve` from the built binary, with a cookie-less browser and the fake OAuth server.
@Suite("everyauth serve")
struct ServeTests {
    /// A session whose public URL is the one instance's own address.
    func single() async throws -> (ServeSession, ServeInstance) {
        let port = try FakeHTTPServer.freePort()
        let session = try await ServeSession(publicURL: "http://127.0.0.1:\(port)")
        let instance = try await ServeInstance.start(cli: session.cli, port: port)
        return (session, instance)
    }

    @Test("happy path: start, approve, callback; the identity is stored and the browser ends on the thank-you page")
    func happyPath() async throws {
        let (session, serve) = try await single()
        let (answer, _) = try await session.authorize(user: "alice@example.com", start: serve)
        #expect(answer.status == 302)
        #expect(answer.location == serve.origin + "/done")
        #expect(answer.headers["cache-control"] == "no-store")
        #expect(answer.headers["referrer-policy"] == "no-referrer")
        let done = try await WebBrowser.get(answer.location, user: "alice@example.com")
        #expect(done.status == 200)
        #expect(done.body.contains("Thank you for authorizing access"))
        let identities = try await session.identities()
        #expect(identities.map(\.userId) == ["alice@example.com"])
        #expect(session.oauth.isValidAccessToken(try #require(identities.first).credential.accessToken))
        #expect(try await WebBrowser.get(serve.origin + "/healthz").body == "ok\n")

        let result = await serve.stop()
        #expect(result.status == 0, "\(result.stderr)")
        // The access log: method, path without query, status; the flow's events; no secrets.
        #expect(result.stderr.contains("method=\"GET\" path=\"/pagerduty\" status=302"))
        #expect(result.stderr.contains("method=\"GET\" path=\"/pagerduty/callback\" status=302"))
        #expect(result.stderr.contains("event=authorized service=pagerduty user=\"alice@example.com\""))
        #expect(!result.stderr.contains("state="))
        #expect(!result.stderr.contains("code="))
        session.expectNoSecrets(in: result.stderr + result.stdout)
    }

    @Test("a replayed callback is refused with a 400 page; nothing changes")
    func replay() async throws {
        let (session, serve) = try await single()
        let (first, callback) = try await session.authorize(user: "bob", start: serve)
        #expect(first.status == 302)
        let stored = try await session.identities()
        let replay = try await WebBrowser.get(callback, user: "bob")
        #expect(replay.status == 400)
        #expect(replay.body.contains("unknown or was already used"))
        #expect(replay.headers["cache-control"] == "no-store")
        session.expectNoSecrets(in: replay.body)
        #expect(try await session.identities() == stored)
        #expect(session.oauth.authorizationCodeRequests == 1)
        _ = await serve.stop()
    }

    @Test("an expired pending authorization gets the clear 410 page and is purged")
    func expired() async throws {
        let (session, serve) = try await single()
        // A pending authorization made 11 minutes ago (10-minute lifetime), as `serve` makes them.
        let created = Date().addingTimeInterval(-11 * 60)
        let state = WebState(expiresAt: created.addingTimeInterval(600))
        let store = try StoreBackends.all.open(session.store)
        try await store.savePending(PendingAuthorization(
            id: state.id, stateHash: state.secretHash, service: "pagerduty", userId: "carol", codeVerifier: PKCE().verifier,
            redirectURI: session.publicURL + "/pagerduty/callback", createdAt: created, expiresAt: state.expiresAt))
        let answer = try await WebBrowser.get(
            serve.origin + "/pagerduty/callback?code=whatever&state=" + FormEncoding.escape(state.value), user: "carol")
        #expect(answer.status == 410)
        #expect(answer.body.contains("Authorization expired"))
        #expect(!answer.body.contains(state.secret))
        #expect(try await session.identities().isEmpty)
        #expect(try await session.pendingCount() == 0)
        #expect(!((try? String(contentsOf: session.cli.configDir.appendingPathComponent("everyauth-pending.json"), encoding: .utf8)) ?? "")
            .contains(state.id))
        await store.shutdown()
        _ = await serve.stop()
    }

    @Test("without the user header: a 401 page and nothing stored")
    func missingUser() async throws {
        let (session, serve) = try await single()
        let answer = try await WebBrowser.get(serve.origin + "/pagerduty")
        #expect(answer.status == 401)
        #expect(answer.body.contains("Sign-in needed"))
        #expect(answer.headers["referrer-policy"] == "no-referrer")
        #expect(try await session.identities().isEmpty)
        #expect(try await session.pendingCount() == 0)
        let result = await serve.stop()
        #expect(result.stderr.contains("event=refused service=pagerduty status=401"))
    }

    @Test("SIGTERM lets a callback in flight finish, then exits 0")
    func gracefulShutdown() async throws {
        let (session, serve) = try await single()
        session.oauth.tokenDelay = 2
        let begun = try await WebBrowser.get(serve.origin + "/pagerduty", user: "dave")
        let approved = try await WebBrowser.get(begun.location)
        let finishing = Task { try await WebBrowser.get(approved.location, user: "dave") }
        // The token endpoint has the exchange (and holds its answer 2 s): the callback is in flight.
        let deadline = ContinuousClock.now + .seconds(60)
        while session.oauth.authorizationCodeRequests == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(session.oauth.authorizationCodeRequests == 1)
        serve.process.signal(SIGTERM)
        let answer = try await finishing.value
        #expect(answer.status == 302)
        let result = await serve.process.waitAsync(timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("everyauth serve: stopped"))
        #expect(try await session.identities().map(\.userId) == ["dave"])
    }

    @Test("refuses to start without a user id header, and on a non-loopback address without https (exit 64, one line)")
    func refusals() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let noHeader = try await cli.runAsync(["serve", "--listen", "127.0.0.1:0", "--public-url", "http://127.0.0.1:8080"])
        #expect(noHeader.status == 64)
        #expect(noHeader.stderr.contains("--user-id-header"))
        #expect(noHeader.stderr.split(separator: "\n").count == 1, "\(noHeader.stderr)")
        let plain = try await cli.runAsync(["serve", "--listen", "0.0.0.0:0", "--public-url", "http://auth.example.com", "--user-id-header", "X-Forwarded-User"])
        #expect(plain.status == 64)
        #expect(plain.stderr.contains("https"))
        let badListen = try await cli.runAsync(["serve", "--listen", "nonsense", "--public-url", "https://auth.example.com", "--user-id-header", "X-User"])
        #expect(badListen.status == 64)
    }
}
