import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// Collects trace lines from the client's worker threads.
final class TraceRecorder: @unchecked Sendable {
    // Guarded by `lock`: the client calls the trace closure from its tasks.
    private let lock = NSLock()
    private var storage: [String] = []

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    func record(_ line: String) {
        lock.lock()
        storage.append(line)
        lock.unlock()
    }
}

/// Records what the fake server received.
final class RequestLog: @unchecked Sendable {
    // Guarded by `lock`: the fake server's handler runs on NIO threads.
    private let lock = NSLock()
    private var storage: [FakeRequest] = []

    var requests: [FakeRequest] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    /// Records `request` and returns how many came before it.
    @discardableResult
    func record(_ request: FakeRequest) -> Int {
        lock.lock()
        defer { lock.unlock() }
        storage.append(request)
        return storage.count - 1
    }
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
        let request = HTTPRequest.form(url: server.baseURL + "/oauth/token", fields: [("grant_type", "authorization_code"), ("code", "c 1&2")],
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
}
