@testable import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// What a hostile or echoing server can put in our messages (SPEC §4, §6).
@Suite("HTTP: server text in error messages")
struct HTTPServerTextTests {
    static let clientSecret = "client-secret-0123456789"
    static let refreshToken = "refresh-token-abcdefghij"

    static func settings(_ server: FakeHTTPServer) -> EffectiveServiceSettings {
        EffectiveServiceSettings(service: .pagerduty, stored: ServiceSettings(
            clientId: "client-1", clientSecret: clientSecret, tokenUrl: server.baseURL + "/oauth/token"))
    }

    @Test("a token endpoint that echoes the request puts no secret on stderr, and its text is bounded")
    func echoedTokenRequestIsRedacted() async throws {
        let server = try FakeHTTPServer { request in
            let echo = String(decoding: request.body, as: UTF8.self)
            // The echo three ways: the raw form, the values alone, and padding past any sane length.
            let description = "bad request: \(echo) values \(request.formFields.map(\.1).joined(separator: " ")) "
                + String(repeating: "x", count: 5000)
            return .json(400, object: ["error": "invalid_grant \(echo)", "error_description": description])
        }
        defer { server.shutdown() }
        let endpoint = TokenEndpoint(settings: Self.settings(server), http: HTTPClient())
        do {
            _ = try await endpoint.refresh(refreshToken: Self.refreshToken)
            Issue.record("the refresh succeeded against a refusing server")
        } catch let error as OAuthError {
            let message = error.localizedDescription
            #expect(!message.contains(Self.clientSecret) && !message.contains(Self.refreshToken), "\(message)")
            #expect(message.contains("***"))
            #expect(message.count < 400, "\(message.count) characters")
        }
        let verifier = "verifier-0123456789abcdefghijklmnopqrstuvwxyzABC"
        do {
            _ = try await endpoint.exchange(code: "code-0123456789", redirectURI: "http://127.0.0.1:1/callback", verifier: verifier)
            Issue.record("the exchange succeeded against a refusing server")
        } catch let error as OAuthError {
            let message = error.localizedDescription
            for secret in [Self.clientSecret, "code-0123456789", verifier] { #expect(!message.contains(secret), "\(message)") }
        }
    }

    @Test("control characters in server text are shown as a placeholder")
    func controlCharactersAreReplaced() async throws {
        let server = try FakeHTTPServer { _ in
            .json(400, object: ["error": "invalid_request", "error_description": "bad\u{1B}[2J\u{1B}]0;owned\u{07} \u{9B}31m thing\r\nnext"])
        }
        defer { server.shutdown() }
        let endpoint = TokenEndpoint(settings: Self.settings(server), http: HTTPClient())
        await #expect(throws: OAuthError.self) { _ = try await endpoint.refresh(refreshToken: Self.refreshToken) }
        do {
            _ = try await endpoint.refresh(refreshToken: Self.refreshToken)
        } catch {
            let message = error.localizedDescription
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(message.debugDescription)")
            #expect(message.contains("bad\u{FFFD}[2J\u{FFFD}]0;owned\u{FFFD}"))
        }
        #expect(OAuthError.denied(error: "access_denied", description: "no\u{1B}[31m").localizedDescription
            == "authorization was not granted: no\u{FFFD}[31m (access_denied)")
        #expect(PagerDutyError.api(status: 400, code: nil, message: "m\u{1B}", errors: ["e\u{85}"]).localizedDescription
            == "PagerDuty answered HTTP 400: m\u{FFFD} (e\u{FFFD})")
    }

    @Test("a token with a control character from a token response is refused", arguments: ["access_token", "refresh_token"])
    func tokenWithControlCharacterIsRefused(field: String) async throws {
        let server = try FakeHTTPServer { _ in
            var object: [String: Any] = ["access_token": "pdus+_good", "refresh_token": "r-good", "token_type": "bearer", "expires_in": 3600]
            object[field] = "tok\r\nX-Injected: 1"
            return .json(200, object: object)
        }
        defer { server.shutdown() }
        let endpoint = TokenEndpoint(settings: Self.settings(server), http: HTTPClient())
        await #expect(throws: OAuthError.malformedTokenResponse(reason: "the \(field) contains a control character")) {
            _ = try await endpoint.refresh(refreshToken: Self.refreshToken)
        }
    }

    @Test("an API error that echoes the Authorization header does not show the token")
    func echoedAPITokenIsRedacted() async throws {
        let token = "pdus+_abcdefghijklmnopqrstuvwxyz"
        let server = try FakeHTTPServer { request in
            let authorization = request.header("Authorization") ?? ""
            return .json(400, object: ["error": ["message": "you sent \(authorization)", "code": 2001,
                                                 "errors": ["header was \(authorization)"]]])
        }
        defer { server.shutdown() }
        let client = PagerDutyClient(baseURL: server.baseURL, http: HTTPClient(),
                                     auth: PagerDutyAuth(token: PagerDutyToken(value: token, scheme: .bearer)))
        do {
            _ = try await client.get("/incidents")
            Issue.record("a 400 was taken for success")
        } catch let error as PagerDutyError {
            let message = error.localizedDescription
            #expect(!message.contains(token), "\(message)")
            #expect(message.contains("you sent Bearer ***"))
        }
    }

    @Test("a retried 5xx that echoes the form body shows its detail redacted")
    func echoedRetryDetailIsRedacted() async throws {
        let server = try FakeHTTPServer { request in
            FakeResponse(status: 503, body: Data("echo \(String(decoding: request.body, as: UTF8.self))".utf8))
        }
        defer { server.shutdown() }
        var configuration = HTTPClientConfiguration()
        configuration.retry = RetryPolicy(maxAttempts: 2, baseDelay: 0, maxDelay: 0)
        let client = HTTPClient(configuration: configuration)
        var request = HTTPClient.Request.form(url: server.baseURL + "/oauth/token",
                                       fields: [("grant_type", "refresh_token"), ("refresh_token", Self.refreshToken)])
        request.retryOnFailure = true
        do {
            _ = try await client.send(request)
            Issue.record("a 503 was taken for success")
        } catch let error as TransferError {
            let message = error.localizedDescription
            #expect(!message.contains(Self.refreshToken), "\(message)")
            #expect(message.contains("refresh_token=***"))
        }
    }
}
