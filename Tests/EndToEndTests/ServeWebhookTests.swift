import Crypto
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// An app's webhook endpoint on 127.0.0.1: answers from a script of statuses (then `fallback`)
/// and checks signatures with its own HMAC-SHA256, as a receiver written from the README would.
final class WebhookReceiver: Sendable {
    struct Arrival: Sendable {
        var request: FakeRequest
        var at: ContinuousClock.Instant
    }

    let secret: String
    let server: FakeHTTPServer
    let recorder: Recorder<Arrival>
    var url: String { server.baseURL + "/hooks/everyauth" }
    var arrivals: [Arrival] { recorder.all }

    /// Opened by the test; until then (or 60 s) the first request's answer is held.
    let gate = Recorder<Void>()
    /// Whether the first answer waited for the gate (true) or gave up after 60 s (false).
    let firstReleased = Recorder<Bool>()

    /// The n-th request gets the n-th status, then `fallback`; with `holdFirst`, the first answer
    /// waits until the test opens `gate`.
    init(secret: String, statuses: [Int], fallback: Int = 200, holdFirst: Bool = false) throws {
        self.secret = secret
        let recorder = Recorder<Arrival>()
        let gate = gate
        let firstReleased = firstReleased
        self.recorder = recorder
        server = try FakeHTTPServer { request in
            let index = recorder.record(Arrival(request: request, at: .now))
            if holdFirst, index == 0 {
                firstReleased.record(await gate.wait(timeout: 60) { _ in true } != nil)
            }
            return FakeResponse(status: index < statuses.count ? statuses[index] : fallback)
        }
    }

    deinit { server.shutdown() }

    /// `sha256=` + hex HMAC-SHA256 of `timestamp + "." + body` under the secret.
    func signature(timestamp: String, body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + ".").utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether the request's signature matches its timestamp and body (`timestamp` replaces the header's).
    func verifies(_ request: FakeRequest, timestamp: String? = nil) -> Bool {
        guard let given = request.header("X-EveryAuth-Signature"), let stamp = timestamp ?? request.header("X-EveryAuth-Timestamp") else {
            return false
        }
        return given == signature(timestamp: stamp, body: request.body)
    }

    /// Waits until `count` requests arrived (or `timeout` passed).
    func wait(for count: Int, timeout: Double = 30) async -> [Arrival] {
        _ = await recorder.wait(timeout: timeout) { [recorder] _ in recorder.count >= count ? true : nil }
        return arrivals
    }
}

@Suite("everyauth serve: signed webhooks")
struct ServeWebhookTests {
    static let secretText = "e2e-webhook-secret-7f3a"

    /// A secret file in `directory` with `mode`.
    static func secretFile(in directory: URL, contents: String = secretText + "\n", mode: Int = 0o600) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("webhook-secret-\(UUID().uuidString)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, mode_t(mode)) == 0)
        return path
    }

    @Test("authorized: signed, retried after 500, 500, delivered on the third attempt, while the redirect came back at once")
    func authorizedWithRetries() async throws {
        let port = try FakeHTTPServer.freePort()
        let session = try await ServeSession(publicURL: "http://127.0.0.1:\(port)")
        // The first attempt's answer is held until the browser has its redirect: a callback that
        // waited for the receiver would wait for the gate, which opens only after the redirect.
        let receiver = try WebhookReceiver(secret: Self.secretText, statuses: [500, 500], holdFirst: true)
        let file = try Self.secretFile(in: session.cli.configDir)
        let serve = try await ServeInstance.start(cli: session.cli, port: port,
                                                  extra: ["--webhook-url", receiver.url, "--webhook-secret-file", file])
        let (answer, _) = try await session.authorize(user: "alice@example.com", start: serve)
        receiver.gate.record(())
        #expect(answer.status == 302)
        #expect(answer.location == serve.origin + "/done")

        let arrivals = await receiver.wait(for: 3)
        try #require(arrivals.count == 3, "\(serve.process.stderr)")
        #expect(receiver.firstReleased.all == [true], "the redirect came back while the first attempt was still unanswered")
        let identity = try #require(try await session.identities().first)
        let eventIds = Set(arrivals.compactMap { $0.request.header("X-EveryAuth-Event-Id") })
        #expect(eventIds.count == 1, "one event, the same id on every attempt")
        for arrival in arrivals {
            let request = arrival.request
            #expect(request.method == "POST" && request.path == "/hooks/everyauth")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("User-Agent")?.hasPrefix("everyauth/") == true)
            #expect(receiver.verifies(request), "the receiver's own HMAC accepts the signature")
            let stamp = try #require(request.header("X-EveryAuth-Timestamp").flatMap { Int($0) })
            #expect(abs(Double(stamp) - Date().timeIntervalSince1970) < 300, "inside a 5-minute window")
            #expect(!receiver.verifies(request, timestamp: String(stamp - 600)), "the timestamp is part of the signed text")
            var tampered = request
            tampered.body = Data(String(decoding: request.body, as: UTF8.self).replacingOccurrences(of: "alice", with: "mallory").utf8)
            #expect(!receiver.verifies(tampered))
            let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
            #expect(Set(body.keys) == ["type", "service", "userId", "identityId", "time"])
            #expect(body["type"] == "authorized" && body["service"] == "pagerduty" && body["userId"] == "alice@example.com")
            #expect(body["identityId"] == identity.id)
            let time = try #require(body["time"].flatMap { try? Date.ISO8601FormatStyle().parse($0) })
            #expect(abs(time.timeIntervalSinceNow) < 120)
            let text = String(decoding: request.body, as: UTF8.self)
            session.expectNoSecrets(in: text + request.headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n"))
            #expect(!text.contains(identity.credential.accessToken) && !text.contains(identity.credential.refreshToken ?? "-"))
        }

        let result = await serve.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let host = "\"127.0.0.1:\(receiver.server.port)\""
        #expect(result.stderr.contains("event=webhook outcome=retrying type=authorized host=\(host) status=500 attempt=1/5"), "\(result.stderr)")
        #expect(result.stderr.contains("event=webhook outcome=retrying type=authorized host=\(host) status=500 attempt=2/5"))
        #expect(result.stderr.contains("event=webhook outcome=delivered type=authorized host=\(host) status=200 attempt=3/5"))
        // Logs name the host only: no path, secret or signature.
        #expect(!result.stderr.contains(Self.secretText) && !result.stderr.contains("sha256=") && !result.stderr.contains("/hooks/everyauth"))
        for arrival in arrivals {
            #expect(!result.stderr.contains(arrival.request.header("X-EveryAuth-Signature") ?? "sha256="))
        }
        session.expectNoSecrets(in: result.stderr)
    }

    @Test("SIGTERM: a webhook still failing gets the grace period, then is dropped with a log line; serve exits 0")
    func shutdownDropsAfterGrace() async throws {
        let port = try FakeHTTPServer.freePort()
        let session = try await ServeSession(publicURL: "http://127.0.0.1:\(port)")
        let receiver = try WebhookReceiver(secret: Self.secretText, statuses: [], fallback: 503)
        let file = try Self.secretFile(in: session.cli.configDir)
        let serve = try await ServeInstance.start(cli: session.cli, port: port,
                                                  extra: ["--webhook-url", receiver.url, "--webhook-secret-file", file])
        #expect(try await session.authorize(user: "bob", start: serve).answer.status == 302)
        _ = await receiver.wait(for: 1)
        let stopping = ContinuousClock.now
        let result = await serve.stop()
        let took = ContinuousClock.now - stopping
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("event=webhook outcome=dropped_at_shutdown host=\"127.0.0.1:\(receiver.server.port)\" dropped=1"),
                "\(result.stderr)")
        #expect(took < .seconds(14), "a 5 s grace, not the whole backoff (\(took))")
        #expect(result.stderr.contains("everyauth serve: stopped"))
    }

    @Test("refusals before starting (exit 64): a URL other than https or loopback http, a loose or empty secret file, one flag without the other")
    func refusals() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let base = ["serve", "--listen", "127.0.0.1:0", "--public-url", "http://127.0.0.1:8080", "--user-id-header", "X-Forwarded-User"]
        let good = try Self.secretFile(in: cli.configDir)

        let plain = try await cli.runAsync(base + ["--webhook-url", "http://example.com/hooks", "--webhook-secret-file", good])
        #expect(plain.status == 64)
        #expect(plain.stderr.contains("--webhook-url") && plain.stderr.contains("https"), "\(plain.stderr)")

        let loose = try Self.secretFile(in: cli.configDir, mode: 0o644)
        let looseRun = try await cli.runAsync(base + ["--webhook-url", "https://hooks.example.com/e", "--webhook-secret-file", loose])
        #expect(looseRun.status == 64)
        #expect(looseRun.stderr.contains("--webhook-secret-file") && looseRun.stderr.contains("chmod 600"), "\(looseRun.stderr)")
        #expect(!looseRun.stderr.contains(Self.secretText))

        let empty = try Self.secretFile(in: cli.configDir, contents: "\n")
        let emptyRun = try await cli.runAsync(base + ["--webhook-url", "https://hooks.example.com/e", "--webhook-secret-file", empty])
        #expect(emptyRun.status == 64)
        #expect(emptyRun.stderr.contains("is empty"), "\(emptyRun.stderr)")

        let urlOnly = try await cli.runAsync(base + ["--webhook-url", "https://hooks.example.com/e"])
        #expect(urlOnly.status == 64)
        #expect(urlOnly.stderr.contains("--webhook-secret-file"), "\(urlOnly.stderr)")

        let fileOnly = try await cli.runAsync(base + ["--webhook-secret-file", good])
        #expect(fileOnly.status == 64)
        #expect(fileOnly.stderr.contains("--webhook-url"), "\(fileOnly.stderr)")
    }
}
