import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Synchronization
import Testing

/// Collects trace lines from the client's worker threads.
final class TraceRecorder: Sendable {
    // The client calls the trace closure from its tasks.
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func record(_ line: String) {
        storage.withLock { $0.append(line) }
    }
}

/// Records what the fake server received (its handler runs on NIO threads).
typealias RequestLog = Recorder<FakeRequest>

extension Recorder where Element == FakeRequest {
    /// The requests received, in order.
    var requests: [FakeRequest] { all }
}

@Suite("HTTPClient")
struct HTTPClientTests {
    static func configuration(attempts: Int = 3, timeout: TimeInterval = 10, trace: TraceRecorder? = nil) -> HTTPClientConfiguration {
        var configuration = HTTPClientConfiguration()
        configuration.retry = RetryPolicy(maxAttempts: attempts, baseDelay: 0.05, maxDelay: 0.2)
        configuration.requestTimeout = timeout
        configuration.connectTimeout = 5
        if let trace { configuration.trace = { trace.record($0) } }
        return configuration
    }

    @Test func sendsHeadersAndFormBody() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return .json(200, #"{"ok":true}"#, headers: [("X-Reply", "yes")])
        }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: Self.configuration())
        let request = HTTPClient.Request.form(url: server.baseURL + "/oauth/token", fields: [("grant_type", "authorization_code"), ("code", "c 1&2")],
                                       headers: [HTTPHeader("X-Custom", "value-1")])
        let response = try await client.send(request)
        #expect(response.status == 200)
        #expect(response.header("x-reply") == "yes")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        let received = try #require(log.requests.first)
        #expect(received.method == "POST")
        #expect(received.path == "/oauth/token")
        #expect(received.header("User-Agent") == "everyauth/\(EveryAuthVersion.current)")
        #expect(received.header("X-Custom") == "value-1")
        #expect(received.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(received.formFields.map(\.0) == ["grant_type", "code"])
        #expect(received.formFields.map(\.1) == ["authorization_code", "c 1&2"])
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return .json(200, "{}")
        }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: Self.configuration())
        for index in 0..<5 {
            let response = try await client.send(HTTPClient.Request(url: server.baseURL + "/ping/\(index)"))
            #expect(response.status == 200)
        }
        let connections = Set(log.requests.map(\.connectionID))
        #expect(log.requests.count == 5)
        #expect(connections.count == 1)
    }

    @Test(arguments: ["ratelimit-reset", "Retry-After"])
    func rateLimitWaitsAsTheServerAsks(header: String) async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request) == 0 ? FakeResponse(status: 429, headers: [(header, "1")]) : .json(200, #"{"done":true}"#)
        }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: Self.configuration())
        let started = Date()
        // A POST: 429 means the server did not process it, so even non-idempotent requests are retried.
        let response = try await client.send(HTTPClient.Request(method: "POST", url: server.baseURL + "/incidents", body: Data("{}".utf8)))
        let elapsed = Date().timeIntervalSince(started)
        #expect(response.status == 200)
        #expect(log.requests.count == 2)
        #expect(elapsed >= 0.9, "the client must wait the second the server asked for")
    }

    @Test func serverRequestedWaitsAreCappedAndPassedToTheSleeper() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            switch log.record(request) {
            case 0: return FakeResponse(status: 429, headers: [("Retry-After", "7")])
            case 1: return FakeResponse(status: 429, headers: [("ratelimit-reset", "100000")])
            default: return .json(200, "{}")
            }
        }
        defer { server.shutdown() }
        let sleeps = TraceRecorder()
        let client = HTTPClient(configuration: Self.configuration(attempts: 5)) { seconds in sleeps.record(String(seconds)) }
        let response = try await client.send(HTTPClient.Request(url: server.baseURL + "/x"))
        #expect(response.status == 200)
        #expect(sleeps.lines == ["7.0", "120.0"])
    }

    @Test func serverErrorsAreRetriedThenReportedWithThePagerDutyMessage() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return .json(503, #"{"error":{"message":"Service is busy","code":2999}}"#)
        }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: Self.configuration(attempts: 3))
        let url = server.baseURL + "/incidents?limit=10"
        await #expect(throws: TransferError.retriesExhausted(method: "GET", url: url, status: 503, attempts: 3, detail: "Service is busy")) {
            try await client.send(HTTPClient.Request(url: url))
        }
        #expect(log.requests.count == 3)
    }

    @Test func postIsNotRetriedOnServerError() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return .json(500, #"{"error":{"message":"boom"}}"#)
        }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: Self.configuration(attempts: 3))
        let response = try await client.send(.form(url: server.baseURL + "/oauth/token", fields: [("grant_type", "refresh_token")]))
        #expect(response.status == 500)
        #expect(log.requests.count == 1)
    }

    @Test func clientErrorsAreReturnedNotThrown() async throws {
        let server = try FakeHTTPServer { _ in .json(404, #"{"error":{"message":"Not Found"}}"#) }
        defer { server.shutdown() }
        let response = try await HTTPClient(configuration: Self.configuration()).send(HTTPClient.Request(url: server.baseURL + "/nope"))
        #expect(response.status == 404)
    }

    @Test func refusedConnectionIsRetriedThenSurfacedAsTransportError() async throws {
        // A port outside the ephemeral range that nothing listens on: a port-0 server's port, once
        // closed, could be taken by a parallel test's listener before the request goes out.
        let url = "http://127.0.0.1:\(try FakeHTTPServer.freePort())/x"
        let trace = TraceRecorder()
        let client = HTTPClient(configuration: Self.configuration(attempts: 3, trace: trace))
        do {
            _ = try await client.send(HTTPClient.Request(url: url))
            Issue.record("a closed port must fail")
        } catch let error as TransferError {
            guard case .transport(let method, let failedURL, let reason) = error else {
                Issue.record("expected a transport error, got \(error)")
                return
            }
            #expect(method == "GET")
            #expect(failedURL == url)
            #expect(!reason.isEmpty)
        }
        #expect(trace.lines.filter { $0.hasPrefix("> GET") }.count == 3)
        #expect(trace.lines.filter { $0.hasPrefix("* retrying") }.count == 2)
    }

    @Test func slowServerTimesOut() async throws {
        let server = try FakeHTTPServer { _ in FakeResponse(status: 200, body: Data("late".utf8), delay: 3) }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: Self.configuration(attempts: 1, timeout: 0.5))
        // The server answers after 3 s; only a honoured 0.5 s timeout turns that into timedOut.
        // (No wall-clock bound: a busy test process can delay this task's resumption by seconds.)
        await #expect(throws: TransferError.timedOut(method: "GET", url: server.baseURL + "/slow", seconds: 0.5)) {
            try await client.send(HTTPClient.Request(url: server.baseURL + "/slow"))
        }
    }

    @Test func concurrentRequestsAllComplete() async throws {
        let server = try FakeHTTPServer(threads: 2) { request in
            FakeResponse(status: 200, body: Data(request.path.utf8), delay: 0.2)
        }
        defer { server.shutdown() }
        var configuration = Self.configuration()
        configuration.maxConcurrentTransfers = 8
        let client = HTTPClient(configuration: configuration)
        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<16 {
                group.addTask {
                    let response = try await client.send(HTTPClient.Request(url: server.baseURL + "/page/\(index)"))
                    return (index, String(decoding: response.body, as: UTF8.self))
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        #expect(bodies.count == 16)
        for index in 0..<16 { #expect(bodies[index] == "/page/\(index)") }
    }

    @Test func oversizedBodyIsRefused() async throws {
        let server = try FakeHTTPServer { _ in FakeResponse(status: 200, body: Data(repeating: 65, count: 5000)) }
        defer { server.shutdown() }
        var configuration = Self.configuration()
        configuration.maxResponseBytes = 1000
        let client = HTTPClient(configuration: configuration)
        await #expect(throws: TransferError.bodyTooLarge(url: server.baseURL + "/big", limit: 1000)) {
            try await client.send(HTTPClient.Request(url: server.baseURL + "/big"))
        }
    }

    @Test func traceShowsMethodURLAndStatusButNoSecrets() async throws {
        let server = try FakeHTTPServer { _ in .json(200, #"{"access_token":"RESPONSE-TOKEN-1"}"#) }
        defer { server.shutdown() }
        let trace = TraceRecorder()
        let client = HTTPClient(configuration: Self.configuration(trace: trace))
        let request = HTTPClient.Request.form(
            url: server.baseURL + "/oauth/token?region=us&access_token=QUERY-TOKEN-2",
            fields: [("grant_type", "authorization_code"), ("code", "CODE-3"), ("code_verifier", "VERIFIER-4"), ("client_secret", "SECRET-5")],
            headers: [HTTPHeader("Authorization", "Bearer BEARER-6")])
        _ = try await client.send(request)
        let text = trace.lines.joined(separator: "\n")
        for secret in ["RESPONSE-TOKEN-1", "QUERY-TOKEN-2", "CODE-3", "VERIFIER-4", "SECRET-5", "BEARER-6"] {
            #expect(!text.contains(secret), "trace leaks \(secret)")
        }
        #expect(trace.lines.contains("> POST \(server.baseURL)/oauth/token?region=us&access_token=***"))
        #expect(trace.lines.contains { $0.hasPrefix("< 200 POST \(server.baseURL)/oauth/token?region=us&access_token=*** (") && $0.hasSuffix(" bytes)") })
        #expect(text.contains("grant_type=authorization_code"))
        #expect(text.contains("Authorization: Bearer ***"))
    }
}
