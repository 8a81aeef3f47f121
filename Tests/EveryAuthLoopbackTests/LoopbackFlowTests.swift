@testable import EveryAuthCore
@testable import EveryAuthLoopback
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// The loopback flow in-process, against a small local token endpoint: a fixed port used again at
/// once, cancellation, and a listener that idle or hostile connections cannot starve.
@Suite("Loopback flow")
struct LoopbackFlowTests {
    /// A token endpoint that grants every code; `requests` counts what it got.
    static func tokenServer(_ log: RequestLog) throws -> FakeHTTPServer {
        try FakeHTTPServer { request in
            let index = log.record(request)
            return .json(200, object: ["access_token": "access-\(index)", "refresh_token": "refresh-\(index)",
                                       "token_type": "bearer", "expires_in": 3600])
        }
    }

    static func settings(_ server: FakeHTTPServer, port: Int) -> EffectiveServiceSettings {
        EffectiveServiceSettings(service: .pagerduty, stored: ServiceSettings(
            clientId: "client-1", authorizationUrl: server.baseURL + "/authorize", tokenUrl: server.baseURL + "/token",
            redirectPort: port))
    }

    /// Starts the flow without a browser; returns it running and the `state` of its address.
    static func start(_ settings: EffectiveServiceSettings, timeout: Int = 60) async throws -> (Task<Credential, any Error>, String) {
        var options = AuthorizationOptions()
        options.openBrowser = false
        options.timeout = timeout
        let flow = AuthorizationFlow(settings: settings, options: options, http: HTTPClient())
        let (events, sink) = AsyncStream.makeStream(of: AuthorizationEvent.self)
        let running = Task {
            // The stream ends with the flow, so a flow that fails before it shows its address (a port
            // that cannot be bound again) ends the wait below instead of leaving it hanging.
            defer { sink.finish() }
            return try await flow.run { sink.yield($0) }
        }
        for await event in events {
            if case .authorizationURL(let url, _) = event {
                let state = URLComponents(string: url)?.queryItems?.first { $0.name == "state" }?.value
                return (running, try #require(state))
            }
        }
        _ = try await running.value
        throw OAuthError.cancelled
    }

    /// One authorization on `port` by a browser that also holds a spare connection open until the
    /// flow has ended, so the listener closes first and its port lingers in TIME_WAIT.
    static func authorize(_ settings: EffectiveServiceSettings, port: Int, query: (String) -> String) async throws -> Result<Credential, any Error> {
        let (running, state) = try await start(settings)
        let spare = try #require(LoopbackSocket(port: port))
        defer { spare.close() }
        let browser = HTTPClient()
        let response = try await browser.send(HTTPClient.Request(url: "http://127.0.0.1:\(port)/callback?" + query(state)))
        #expect(response.status == 200)
        return await running.result
    }

    @Test("five authorizations back to back on one fixed port, then a denial and an immediate retry")
    func fixedPortIsUsedAgainAtOnce() async throws {
        let log = RequestLog()
        let server = try Self.tokenServer(log)
        defer { server.shutdown() }
        let port = try LoopbackSocket.freePort()
        let settings = Self.settings(server, port: port)
        for round in 0..<5 {
            let outcome = try await Self.authorize(settings, port: port) { "code=code-\(round)&state=\($0)" }
            let credential = try outcome.get()
            #expect(credential.accessToken == "access-\(round)")
            #expect(log.requests.last?.formFields.first { $0.0 == "code" }?.1 == "code-\(round)")
            #expect(log.requests.last?.formFields.first { $0.0 == "redirect_uri" }?.1 == "http://127.0.0.1:\(port)/callback")
        }
        let denied = try await Self.authorize(settings, port: port) { "error=access_denied&error_description=no&state=\($0)" }
        #expect(throws: OAuthError.denied(error: "access_denied", description: "no")) { try denied.get() }
        let retried = try await Self.authorize(settings, port: port) { "code=after-denial&state=\($0)" }
        #expect(try retried.get().accessToken == "access-5")
        #expect(log.requests.count == 6)
    }

    @Test("cancelling the task that runs the flow ends it at once, as cancelled, with the listener closed")
    func cancellationEndsTheFlow() async throws {
        let log = RequestLog()
        let server = try Self.tokenServer(log)
        defer { server.shutdown() }
        let port = try LoopbackSocket.freePort()
        // Without cancellation the flow would end only by its timeout, with `.timedOut`.
        let (running, _) = try await Self.start(Self.settings(server, port: port), timeout: 30)
        running.cancel()
        await #expect(throws: OAuthError.cancelled) { _ = try await running.value }
        #expect(LoopbackSocket(port: port) == nil, "the listener still accepts connections")
        #expect(log.requests.isEmpty)
    }

    @Test("a child process started while the listener is open neither keeps it listening nor keeps its port")
    func childProcessDoesNotHoldTheListener() async throws {
        let port = try LoopbackSocket.freePort()
        let receiver = try await LoopbackReceiver(port: port, state: "s", finishedURL: nil, result: FlowResultBox())
        // Tests start children at any moment, so one may start while another test's listener is
        // open; this one outlives the listener (it reads its stdin until it closes).
        let child = try BackgroundProcess("/bin/cat", [], environment: [:])
        defer { child.closeStdin() }
        await receiver.close()
        #expect(LoopbackSocket(port: port) == nil, "the listener still accepts connections")
        let again = try await LoopbackReceiver(port: port, state: "s", finishedURL: nil, result: FlowResultBox())
        await again.close()
        child.closeStdin()
        #expect(await child.waitAsync(timeout: 30).status == 0)
    }

    @Test("the listener reads pasted addresses only when asked to")
    func pastedAddressesAreOffByDefault() {
        #expect(AuthorizationOptions().readPastedAddresses == false)
    }

    @Test("connections beyond the cap close the oldest idle ones, and the real callback gets through")
    func connectionCapKeepsTheCallbackReachable() async throws {
        let result = FlowResultBox()
        let receiver = try await LoopbackReceiver(port: 0, state: "the-state", finishedURL: nil, result: result,
                                                  maxConnections: 4, requestTimeout: .seconds(120))
        let port = receiver.port
        let idle = (0..<10).compactMap { _ in LoopbackSocket(port: port) }
        defer { idle.forEach { $0.close() } }
        #expect(idle.count == 10)
        let response = try await HTTPClient().send(HTTPClient.Request(url: "http://127.0.0.1:\(port)/callback?code=the-code&state=the-state"))
        #expect(response.status == 200)
        #expect(try await result.wait() == "the-code")
        // The callback was the 11th connection with room for 4: the 7 oldest were closed for it.
        let oldest = Array(idle.prefix(6))
        let closed = await onOwnThread { oldest.map { $0.readUntilClosed() } }
        #expect(closed == Array(repeating: true, count: 6))
        await receiver.close()
    }

    @Test("a connection that sends no complete request is closed after the deadline; the callback still works")
    func quietConnectionIsClosed() async throws {
        let result = FlowResultBox()
        let receiver = try await LoopbackReceiver(port: 0, state: "s", finishedURL: nil, result: result,
                                                  requestTimeout: .milliseconds(300))
        let port = receiver.port
        let silent = try #require(LoopbackSocket(port: port))
        let partial = try #require(LoopbackSocket(port: port))
        defer { silent.close(); partial.close() }
        partial.send("GET /callback?state=s&co")
        let closed = await onOwnThread { [silent.readUntilClosed(), partial.readUntilClosed()] }
        #expect(closed == [true, true])
        let response = try await HTTPClient().send(HTTPClient.Request(url: "http://127.0.0.1:\(port)/callback?code=c&state=s"))
        #expect(response.status == 200)
        #expect(try await result.wait() == "c")
        await receiver.close()
    }
}
