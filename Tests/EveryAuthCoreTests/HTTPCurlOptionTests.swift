@testable import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

@Suite("HTTP: libcurl options and timeouts")
struct HTTPCurlOptionTests {
    @Test("an option libcurl refuses is named, with libcurl's own reason")
    func refusedOptionIsNamed() async throws {
        var configuration = HTTPClientConfiguration()
        // libcurl refuses a negative size limit (CURLE_BAD_FUNCTION_ARGUMENT) before connecting anywhere.
        configuration.maxResponseBytes = -1
        let client = HTTPClient(configuration: configuration)
        do {
            _ = try await client.send(HTTPClient.Request(url: "http://127.0.0.1:9/never"))
            Issue.record("the request went through with a refused option")
        } catch let TransferError.transport(method, _, reason) {
            #expect(method == "GET")
            #expect(reason == "libcurl refused CURLOPT_MAXFILESIZE_LARGE: A libcurl function was given a bad argument")
        }
    }

    @Test("retries that all time out name the per-attempt limit and the total")
    func retriedTimeoutsNameBothFigures() async throws {
        let server = try FakeHTTPServer { _ in FakeResponse(status: 200, body: Data("late".utf8), delay: 3) }
        defer { server.shutdown() }
        var configuration = HTTPClientConfiguration()
        configuration.requestTimeout = 0.3
        configuration.retry = RetryPolicy(maxAttempts: 3, baseDelay: 0, maxDelay: 0)
        let client = HTTPClient(configuration: configuration)
        do {
            _ = try await client.send(HTTPClient.Request(url: server.baseURL + "/slow"))
            Issue.record("a 3 s answer beat a 0.3 s timeout")
        } catch let TransferError.timedOutAfterRetries(method, url, attempts, perAttempt, total) {
            #expect(method == "GET" && url == server.baseURL + "/slow")
            #expect(attempts == 3)
            #expect(perAttempt == 0.3)
            // Three attempts of 0.3 s each cannot take less than 0.9 s in all.
            #expect(total >= 0.9)
            let message = TransferError.timedOutAfterRetries(method: method, url: url, attempts: attempts, perAttempt: perAttempt, total: total)
                .localizedDescription
            #expect(message.contains("timed out 3 times (0.3 s per attempt, "))
            #expect(message.contains(" s in all); giving up"))
        }
    }

    @Test("a single attempt that times out keeps the short message")
    func singleTimeoutMessage() {
        #expect(TransferError.timedOut(method: "GET", url: "u", seconds: 2).localizedDescription == "GET u timed out after 2 s")
        #expect(TransferError.timedOut(method: "GET", url: "u", seconds: 0.5).localizedDescription == "GET u timed out after 0.5 s")
    }
}
