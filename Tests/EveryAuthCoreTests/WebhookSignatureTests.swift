import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// The webhook's signature, body, retry schedule and secret file (issue 27 item 5), without a network.
@Suite("Webhook signature and schedule")
struct WebhookSignatureTests {
    static let secret = Array("whsec-test-secret".utf8)
    static let event = IdentityEvent(.authorized, service: .pagerduty, userId: "alice", identityId: "idn-1",
                                     time: Date(timeIntervalSince1970: 1_700_000_000), id: "evt_1")

    @Test("the body is the documented JSON, keys in order, and nothing else")
    func body() {
        #expect(String(decoding: Self.event.body, as: UTF8.self)
            == #"{"type":"authorized","service":"pagerduty","userId":"alice","identityId":"idn-1","time":"2023-11-14T22:13:20Z"}"#)
        let failed = IdentityEvent(.refreshFailed, service: .pagerduty, userId: "a\"b", identityId: "idn-2",
                                   time: Date(timeIntervalSince1970: 0), reason: "invalid_grant: \u{1B}[31mgone")
        #expect(String(decoding: failed.body, as: UTF8.self)
            == #"{"type":"refresh_failed","service":"pagerduty","userId":"a\"b","identityId":"idn-2","time":"1970-01-01T00:00:00Z","reason":"invalid_grant: \#u{FFFD}[31mgone"}"#)
        #expect(IdentityEvent.Kind.allCases.map(\.rawValue) == ["authorized", "refreshed", "refresh_failed", "revoked", "removed"])
        let ids = Set((0..<100).map { _ in IdentityEvent(.removed, service: .pagerduty, userId: "u", identityId: "i").id })
        #expect(ids.count == 100 && ids.allSatisfy { $0.hasPrefix("evt_") && $0.count == 36 })
    }

    @Test("the signature is HMAC-SHA256 of TIMESTAMP.BODY: a vector computed once with openssl, and openssl again now")
    func knownVector() async throws {
        // printf '%s' '1700000000.{...}' | openssl dgst -sha256 -hmac 'whsec-test-secret'
        let signature = WebhookSignature.sign(secret: Self.secret, timestamp: 1_700_000_000, body: Self.event.body)
        #expect(signature == "sha256=6505c8f6215a21d5159cea907f50c9f817c23a4070f49a592c6829666c79e097")
        // A second body, checked against openssl at test time (a wrong literal above cannot hide a wrong HMAC).
        let body = Array(#"{"type":"removed","x":"é"}"#.utf8)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-hmac-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: input) }
        try Data(Array("42.".utf8) + body).write(to: input)
        let result = try await ChildProcess.runAsync("/usr/bin/env", ["openssl", "dgst", "-sha256", "-hmac", "whsec-test-secret", "-r", input.path],
                                                     environment: ProcessInfo.processInfo.environment, timeout: 30)
        let hex = try #require(result.stdout.split(separator: " ").first.map(String.init), "openssl: \(result.stderr)")
        #expect(hex.count == 64)
        #expect(WebhookSignature.sign(secret: Self.secret, timestamp: 42, body: body) == "sha256=" + hex)
    }

    @Test("verification fails when the timestamp, the body or the secret differs")
    func verification() {
        let body = Self.event.body
        let signature = WebhookSignature.sign(secret: Self.secret, timestamp: 1_700_000_000, body: body)
        #expect(WebhookSignature.verify(signature, secret: Self.secret, timestamp: 1_700_000_000, body: body))
        #expect(!WebhookSignature.verify(signature, secret: Self.secret, timestamp: 1_700_000_001, body: body))
        #expect(!WebhookSignature.verify(signature, secret: Self.secret, timestamp: 1_700_000_000, body: body + [0x20]))
        #expect(!WebhookSignature.verify(signature, secret: Array("other".utf8), timestamp: 1_700_000_000, body: body))
    }

    @Test("backoff: 1, 2, 4, 8 s with jitter in the upper half; a small Retry-After is honoured, a large one is not")
    func schedule() {
        let retry = WebhookRetry()
        #expect(retry.maxAttempts == 5)
        #expect((1...4).map { retry.nominalDelay(afterAttempt: $0) } == [1, 2, 4, 8])
        #expect((1...4).map { retry.delay(afterAttempt: $0, jitter: 0) } == [0.5, 1, 2, 4])
        #expect((1...4).map { retry.delay(afterAttempt: $0, jitter: 1) } == [1, 2, 4, 8])
        for attempt in 1...4 {
            let delay = retry.delay(afterAttempt: attempt)
            #expect(delay >= retry.nominalDelay(afterAttempt: attempt) / 2 && delay <= retry.nominalDelay(afterAttempt: attempt))
        }
        #expect(retry.delay(afterAttempt: 1, retryAfter: 3, jitter: 0) == 3)
        #expect(retry.delay(afterAttempt: 1, retryAfter: 0, jitter: 1) == 0)
        #expect(retry.delay(afterAttempt: 2, retryAfter: 3600, jitter: 1) == 2)
        #expect(retry.delay(afterAttempt: 2, retryAfter: .nan, jitter: 1) == 2)
        let answer = HTTPClient.Response(status: 429, headers: [HTTPHeader("retry-after", " 7 ")], body: Data())
        #expect(WebhookRetry.retryAfter(answer) == 7)
        #expect(WebhookRetry.retryAfter(HTTPClient.Response(status: 503, headers: [], body: Data())) == nil)
        #expect([200, 204, 299].map(WebhookRetry.verdict) == [.delivered, .delivered, .delivered])
        #expect([429, 500, 502, 599].map(WebhookRetry.verdict) == [.retry, .retry, .retry, .retry])
        #expect([301, 400, 401, 404, 410, 422].map(WebhookRetry.verdict) == Array(repeating: .refused, count: 6))
    }

    @Test("the secret file: the user's, 0600, not empty, one trailing newline trimmed; never echoed in a refusal")
    func secretFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func file(_ contents: String, mode: Int) throws -> String {
            let path = directory.appendingPathComponent(UUID().uuidString).path
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
            #expect(chmod(path, mode_t(mode)) == 0)
            return path
        }
        #expect(try WebhookSecret.read(path: try file("s3cret-value\n", mode: 0o600)) == Array("s3cret-value".utf8))
        #expect(try WebhookSecret.read(path: try file("s3cret-value\r\n", mode: 0o400)) == Array("s3cret-value".utf8))
        #expect(try WebhookSecret.read(path: try file("two\n\n", mode: 0o600)) == Array("two\n".utf8))
        func refusal(_ path: String) -> String {
            do {
                _ = try WebhookSecret.read(path: path)
                return "accepted"
            } catch {
                return error.problem
            }
        }
        let loose = refusal(try file("s3cret-value", mode: 0o644))
        #expect(loose.contains("mode 644") && loose.contains("chmod 600"))
        #expect(!loose.contains("s3cret-value"))
        #expect(refusal(try file("s3cret-value", mode: 0o640)).contains("chmod 600"))
        #expect(refusal(try file("\n", mode: 0o600)).contains("is empty"))
        #expect(refusal(try file("", mode: 0o600)).contains("is empty"))
        #expect(refusal(try file(String(repeating: "x", count: 5000), mode: 0o600)).contains("at most 4096"))
        #expect(refusal(directory.appendingPathComponent("missing").path).contains("does not exist"))
        #expect(refusal(directory.path).contains("not a regular file"))
    }

    @Test("the receiver's URL: https, or http only to a loopback host")
    func url() throws {
        let http = HTTPClient()
        let secret = Self.secret
        for refused in ["http://example.com/hook", "ftp://127.0.0.1/x", "https://user:pw@example.com/", "not a url", "https://exa mple.com"] {
            #expect(throws: InvalidInput.self, "\(refused)") { _ = try WebhookSender(url: refused, secret: secret, http: http) { _ in } }
        }
        #expect(throws: InvalidInput.self) { _ = try WebhookSender(url: "https://example.com/", secret: [], http: http) { _ in } }
        #expect(try WebhookSender(url: "https://hooks.example.com/everyauth", secret: secret, http: http) { _ in }.host == "hooks.example.com")
        #expect(try WebhookSender(url: "http://127.0.0.1:8080/h", secret: secret, http: http) { _ in }.host == "127.0.0.1:8080")
        #expect(try WebhookSender(url: "http://localhost/h", secret: secret, http: http) { _ in }.host == "localhost")
    }
}
