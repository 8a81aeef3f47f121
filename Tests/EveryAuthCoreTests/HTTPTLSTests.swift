import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// TLS verification against a local `openssl s_server` with a self-signed certificate (skipped without openssl).
@Suite("HTTPClient TLS")
struct HTTPTLSTests {
    static let openssl = ["/usr/bin/openssl", "/opt/homebrew/bin/openssl", "/usr/local/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Starts `openssl` with `arguments`; the caller ends it.
    static func start(_ arguments: [String], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(openssl))
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits at most `seconds` for `process` to end; SIGKILLs it otherwise.
    static func finish(_ process: Process, within seconds: TimeInterval) async {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 50_000_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    @Test(.enabled(if: openssl != nil, "needs the openssl command"))
    func selfSignedServerIsRefusedUnlessItsCAIsAdded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let request = try Self.start(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                                      "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], in: directory)
        await Self.finish(request, within: 20)
        try #require(FileManager.default.fileExists(atPath: directory.appendingPathComponent("cert.pem").path))

        // A port that was free a moment ago (s_server cannot report the one it picks).
        let probe = try FakeHTTPServer { _ in FakeResponse(status: 200) }
        let port = probe.port
        probe.shutdown()
        let server = try Self.start(["s_server", "-accept", "127.0.0.1:\(port)", "-cert", "cert.pem", "-key", "key.pem", "-www", "-quiet"],
                                    in: directory)
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let url = "https://127.0.0.1:\(port)/"

        var trusting = HTTPClientTests.configuration(attempts: 1)
        trusting.caBundlePath = directory.appendingPathComponent("cert.pem").path
        let trustingClient = HTTPClient(configuration: trusting)
        var status: Int?
        let deadline = Date().addingTimeInterval(10)
        while status == nil && Date() < deadline {
            status = try? await trustingClient.send(HTTPRequest(url: url)).status
            if status == nil { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        #expect(status == 200)

        let strict = HTTPClient(configuration: HTTPClientTests.configuration(attempts: 1))
        do {
            _ = try await strict.send(HTTPRequest(url: url))
            Issue.record("a self-signed certificate must be refused")
        } catch let error as HTTPError {
            #expect(error.localizedDescription.lowercased().contains("certificate"))
        }
    }
}
