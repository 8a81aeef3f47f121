@testable import EveryAuthCore
import EveryAuthLoopback
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Synchronization
import Testing

/// Lines handed to the flow's stdin reader, one by one, blocking like a terminal would (the flow
/// reads on a thread of its own).
final class LineFeed: Sendable {
    private let lines = Mutex<[String?]>([])
    /// Counts the lines not yet read.
    private let available = DispatchSemaphore(value: 0)

    func send(_ line: String?) {
        lines.withLock { $0.append(line) }
        available.signal()
    }

    func next() -> String? {
        available.wait()
        return lines.withLock { $0.removeFirst() }
    }
}

/// What the flow reported, for the test to wait on.
typealias EventLog = Recorder<AuthorizationEvent>

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
        // Generous: in a parallel suite on a loaded machine the flow may wait long for a thread.
        options.timeout = 120
        options.readPastedAddresses = true
        options.scope = scope
        let feed = LineFeed()
        let log = EventLog()
        var flow = AuthorizationFlow(settings: settings(server, secret: secret), options: options, http: HTTPClient())
        flow.readLine = { feed.next() }
        let running = Task { try await flow.run { log.record($0) } }
        guard let url = await log.wait(timeout: 120, { event -> String? in
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

    @Test("a missing client id names the setting that is missing")
    func missingClientId() async throws {
        let flow = AuthorizationFlow(
            settings: EffectiveServiceSettings(service: .pagerduty, stored: ServiceSettings()), options: AuthorizationOptions(), http: HTTPClient())
        await #expect(throws: ServiceSettingMissing(service: "pagerduty", setting: .clientId)) {
            _ = try await flow.run { _ in }
        }
        #expect(ServiceSettingMissing(service: "pagerduty", setting: .clientId).errorDescription == "no client id is configured for pagerduty")
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
