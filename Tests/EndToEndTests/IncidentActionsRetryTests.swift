import EveryAuthCore
import EveryAuthTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PagerDutyFake
import Testing

/// SPEC §4 for writes, at the HTTP layer: PUT is retried like GET; POST only when nothing of it
/// can have arrived (connection never made, or 429).
@Suite struct IncidentActionsRetryTests {
    /// A client that reports its trace lines to `trace` (the tests count attempts in them).
    private func client(_ trace: Recorder<String>, timeout: TimeInterval = 10) -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.retry = RetryPolicy(maxAttempts: 3, baseDelay: 0, maxDelay: 0)
        configuration.requestTimeout = timeout
        configuration.trace = { trace.record($0) }
        return HTTPClient(configuration: configuration)
    }

    /// A port that refuses every connection for as long as `body` runs: bound and held, never
    /// listening, so no server of another test running in parallel can take it meanwhile (a port
    /// bound and closed again was sometimes reused before the request, which then succeeded).
    private func withRefusingPort<T>(_ body: (Int) async throws -> T) async throws -> T {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        try #require(bound)
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func aPostIsRetriedWhenTheConnectionWasNeverMade() async throws {
        let trace = Recorder<String>()
        try await withRefusingPort { port in
            let url = "http://127.0.0.1:\(port)/incidents/Q1/notes"
            await #expect(throws: TransferError.self) {
                _ = try await client(trace).send(HTTPClient.Request(method: "POST", url: url, body: Data("{}".utf8)))
            }
        }
        #expect(trace.all.filter { $0.hasPrefix("> POST") }.count == 3)
    }

    @Test func aPostThatTimedOutIsNotResentButAPutIs() async throws {
        let received = Recorder<String>()
        let server = try FakeHTTPServer { request in
            received.record(request.method)
            return FakeResponse(status: 200, delay: 3)
        }
        defer { server.shutdown() }
        let trace = Recorder<String>()
        let http = client(trace, timeout: 0.5)
        await #expect(throws: TransferError.self) {
            _ = try await http.send(HTTPClient.Request(method: "POST", url: server.baseURL + "/incidents/Q1/notes", body: Data("{}".utf8)))
        }
        await #expect(throws: TransferError.self) {
            _ = try await http.send(HTTPClient.Request(method: "PUT", url: server.baseURL + "/incidents", body: Data("{}".utf8)))
        }
        #expect(trace.all.filter { $0.hasPrefix("> POST") }.count == 1)
        #expect(trace.all.filter { $0.hasPrefix("> PUT") }.count == 3)
        #expect(received.all.filter { $0 == "POST" }.count == 1)
    }
}
