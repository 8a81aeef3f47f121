import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

@Suite("HTTPClient options")
struct HTTPClientOptionsTests {
    @Test func unreadableCABundleIsReportedWithoutRetrying() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return .json(200, "{}")
        }
        defer { server.shutdown() }
        var configuration = HTTPClientTests.configuration()
        configuration.caBundlePath = "/nonexistent/everyauth-test-bundle.pem"
        let client = HTTPClient(configuration: configuration)
        do {
            _ = try await client.send(HTTPClient.Request(url: server.baseURL + "/x"))
            Issue.record("an unreadable CA bundle must fail")
        } catch let error as TransferError {
            #expect(error.localizedDescription.contains("/nonexistent/everyauth-test-bundle.pem"))
            #expect(error.localizedDescription.contains("EVERYAUTH_CA_BUNDLE"))
        }
        #expect(log.requests.isEmpty)
    }

    @Test func readableCABundleIsAccepted() async throws {
        let server = try FakeHTTPServer { _ in .json(200, "{}") }
        defer { server.shutdown() }
        let bundle = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-ca-\(UUID().uuidString).pem")
        // Any PEM text will do: plain HTTP never consults it, but the options must still be accepted.
        try Data("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8).write(to: bundle)
        defer { try? FileManager.default.removeItem(at: bundle) }
        var configuration = HTTPClientTests.configuration()
        configuration.caBundlePath = bundle.path
        let response = try await HTTPClient(configuration: configuration).send(HTTPClient.Request(url: server.baseURL + "/x"))
        #expect(response.status == 200)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try FakeHTTPServer { _ in FakeResponse(status: 200, delay: 5) }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: HTTPClientTests.configuration(attempts: 1, timeout: 30))
        let task = Task { try await client.send(HTTPClient.Request(url: server.baseURL + "/slow")) }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        // A transfer that ran to the server's answer would return the 200; only an aborted one
        // throws. (No wall-clock bound: a busy test process can delay this task's resumption.)
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func nonGETMethodsAndBodiesAreSent() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return FakeResponse(status: 204)
        }
        defer { server.shutdown() }
        let client = HTTPClient(configuration: HTTPClientTests.configuration())
        let body = Data(#"{"incident":{"type":"incident_reference","status":"acknowledged"}}"#.utf8)
        let response = try await client.send(HTTPClient.Request(method: "PUT", url: server.baseURL + "/incidents/P1",
                                                         headers: [HTTPHeader("Content-Type", "application/json")], body: body))
        #expect(response.status == 204)
        _ = try await client.send(HTTPClient.Request(method: "DELETE", url: server.baseURL + "/things/2"))
        _ = try await client.send(HTTPClient.Request(url: server.baseURL + "/after"))
        #expect(log.requests.map(\.method) == ["PUT", "DELETE", "GET"])
        #expect(log.requests.first?.body == body)
        #expect(log.requests.last?.body.isEmpty == true)
    }
}
