import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// TLS verification against a local `openssl s_server` with a self-signed certificate (skipped without openssl).
@Suite("HTTPClient TLS")
struct HTTPTLSTests {
    static let openssl = ["/usr/bin/openssl", "/opt/homebrew/bin/openssl", "/usr/local/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: openssl != nil, "needs the openssl command"))
    func selfSignedServerIsRefusedUnlessItsCAIsAdded() async throws {
        let openssl = try #require(Self.openssl)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        let cert = directory.appendingPathComponent("cert.pem").path
        let environment = ProcessInfo.processInfo.environment
        let request = try await ChildProcess.runAsync(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
            "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ], environment: environment, timeout: 60)
        try #require(request.status == 0, "openssl req: \(request.stderr)")

        // Port 0: the kernel picks a free port and s_server reports it ("ACCEPT 127.0.0.1:PORT"), so
        // tests running in parallel never race for one.
        let server = try BackgroundProcess(openssl, ["s_server", "-accept", "127.0.0.1:0", "-cert", cert, "-key", key, "-www"],
                                           environment: environment)
        let port = await server.waitForStdoutAsync(timeout: 30) { text in
            text.split(separator: "\n").first { $0.hasPrefix("ACCEPT ") }.flatMap { $0.split(separator: ":").last.flatMap { Int($0) } }
        }
        let url = "https://127.0.0.1:\(try #require(port, "s_server reported no port: \(server.stdout) \(server.stderr)"))/"

        var trusting = HTTPClientTests.configuration(attempts: 1)
        trusting.caBundlePath = cert
        let status = try await HTTPClient(configuration: trusting).send(HTTPClient.Request(url: url)).status
        #expect(status == 200)

        let strict = HTTPClient(configuration: HTTPClientTests.configuration(attempts: 1))
        do {
            _ = try await strict.send(HTTPClient.Request(url: url))
            Issue.record("a self-signed certificate must be refused")
        } catch let error as TransferError {
            #expect(error.localizedDescription.lowercased().contains("certificate"))
        }
        server.signal(SIGKILL)
        #expect(await server.waitAsync(timeout: 30).status == 128 + SIGKILL)
    }
}
