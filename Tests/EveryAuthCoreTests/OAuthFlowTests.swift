@testable import EveryAuthCore
import EveryAuthLoopback
import Foundation
import PagerDutyFake
import Testing

/// Lines handed to the flow's stdin reader, one by one, blocking like a terminal would.
final class LineFeed: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String?] = []

    func send(_ line: String?) {
        condition.lock()
        lines.append(line)
        condition.signal()
        condition.unlock()
    }

    func next() -> String? {
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty { condition.wait() }
        return lines.removeFirst()
    }
}

/// What the flow reported, for the test to wait on.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [AuthorizationEvent] = []
    func append(_ event: AuthorizationEvent) { lock.lock(); events.append(event); lock.unlock() }
    var all: [AuthorizationEvent] { lock.lock(); defer { lock.unlock() }; return events }

    /// Polls until `find` matches an event (bounded).
    func wait<T>(_ find: (AuthorizationEvent) -> T?) async -> T? {
        for _ in 0..<1000 {
            if let found = all.lazy.compactMap(find).first { return found }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return nil
    }
}

@Suite("Authorization flow (library)")
struct OAuthFlowTests {
    func settings(_ server: FakeHTTPServer, secret: String? = nil) -> EffectiveServiceSettings {
        EffectiveServiceSettings(service: .pagerduty, stored: ServiceSettings(
            scope: "read", clientId: "client-1", clientSecret: secret,
            authorizationUrl: server.baseURL + "/oauth/authorize", tokenUrl: server.baseURL + "/oauth/token"))
    }

    /// A fake authorization server whose client-1 has `http://127.0.0.1:PORT/callback`
    /// registered, PORT a free one (the fake compares redirect URIs exactly, as PagerDuty does).
    func registeredServer(secret: String?) throws -> (oauth: OAuthServer, port: Int) {
        let port = try FakeHTTPServer.freePort()
        return (OAuthServer(clients: [.init(id: "client-1", secret: secret, redirectURIs: ["http://127.0.0.1:\(port)/callback"])]), port)
    }

    /// Starts the flow without a browser on `port`; returns it running, its stdin feed, its events and the address.
    func start(_ server: FakeHTTPServer, port: Int, secret: String?, scope: String? = nil) async throws
        -> (running: Task<Credential, any Error>, feed: LineFeed, log: EventLog, url: String) {
        var options = AuthorizationOptions()
        options.port = port
        options.openBrowser = false
        options.timeout = 30
        options.readPastedAddresses = true
        options.scope = scope
        let feed = LineFeed()
        let log = EventLog()
        var flow = AuthorizationFlow(settings: settings(server, secret: secret), options: options, http: HTTPClient())
        flow.readLine = { feed.next() }
        let running = Task { try await flow.run { log.append($0) } }
        guard let url = await log.wait({ event -> String? in
            if case .authorizationURL(let url, _) = event { return url }
            return nil
        }) else {
            feed.send(nil)
            running.cancel()
            throw OAuthError.timedOut(seconds: 10)
        }
        return (running, feed, log, url)
    }

    @Test("a pasted callback completes the flow after a rejected one; the code is exchanged with the verifier")
    func pastedFlow() async throws {
        let (oauth, port) = try registeredServer(secret: "sec")
        let server = try oauth.serve()
        defer { server.shutdown() }
        let (running, feed, log, url) = try await start(server, port: port, secret: "sec", scope: "read write")
        defer { feed.send(nil) } // Ends the reader thread.
        #expect(url.contains("code_challenge_method=S256") && url.contains("scope=read%20write"))
        feed.send("not an address")
        #expect(await log.wait { event -> Bool? in
            if case .pastedAddressRejected = event { return true }
            return nil
        } == true)
        let answer = try #require(oauth.approve(url))
        feed.send(answer)
        let credential = try await running.value
        #expect(oauth.isValidAccessToken(credential.accessToken))
        #expect(credential.refreshToken != nil)
        #expect(credential.scope == "read write")
        #expect(oauth.authorizationCodeRequests == 1)
    }

    @Test("a missing client id names the command that sets it")
    func missingClientId() async throws {
        let flow = AuthorizationFlow(
            settings: EffectiveServiceSettings(service: .pagerduty, stored: ServiceSettings()), options: AuthorizationOptions(), http: HTTPClient())
        await #expect(throws: UsageError("no client id is configured for pagerduty; run 'everyauth service set pagerduty --clientId ID'")) {
            _ = try await flow.run { _ in }
        }
    }

    @Test("a wrong client secret at the token endpoint is shown with the server's error")
    func wrongSecret() async throws {
        let (oauth, port) = try registeredServer(secret: "right")
        let server = try oauth.serve()
        defer { server.shutdown() }
        let (running, feed, _, url) = try await start(server, port: port, secret: "wrong")
        defer { feed.send(nil) } // Ends the reader thread.
        let answer = try #require(oauth.approve(url))
        feed.send(answer)
        await #expect(throws: OAuthError.tokenEndpoint(status: 401, error: "invalid_client", description: "client authentication failed")) {
            _ = try await running.value
        }
    }
}
