@testable import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// The https rule of `service set`, checked again whenever a URL is used (SPEC §4): a store edited
/// by hand must not make the core send a secret in clear.
@Suite("HTTP: the scheme rule at use")
struct HTTPSchemeRuleTests {
    @Test("a hand-edited tokenUrl on 0.0.0.0 refreshes nothing and sends nothing")
    func handEditedTokenURLSendsNothing() async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return .json(200, object: ["access_token": "new", "token_type": "bearer", "expires_in": 3600])
        }
        defer { server.shutdown() }
        let temp = TempStore()
        defer { temp.cleanUp() }
        // On Linux a connection to 0.0.0.0 reaches this machine: without the check, the secret would go out in clear.
        let tokenURL = "http://0.0.0.0:\(server.port)/oauth/token"
        let credential = try Credential(tokenResponse: ["access_token": .string("old-access"), "refresh_token": .string("old-refresh-token"),
                                                        "expires_in": .number(-10)], receivedAt: Date())
        try temp.store.update { document in
            document.services["pagerduty"] = ServiceSettings(clientId: "client-1", clientSecret: "the-client-secret", tokenUrl: tokenURL)
            document.upsertIdentity(service: .pagerduty, userId: "u", kind: .oauth, credential: credential, tags: [:])
        }
        let refresher = TokenRefresher(store: temp.store, http: HTTPClient())
        do {
            _ = try await refresher.identity(IdentitySelector(service: .pagerduty, userId: "u"))
            Issue.record("the refresh went ahead over plain http to 0.0.0.0")
        } catch let error as UnsafeEndpoint {
            #expect(error.url == "http://0.0.0.0:\(server.port)/oauth/token")
            #expect(error.problem.hasPrefix("must use https"))
            #expect(error.setting == .tokenUrl)
        }
        #expect(log.requests.isEmpty)
    }

    @Test("an API base URL that breaks the rule sends no token", arguments: [
        "http://0.0.0.0:%d", "http://user:pw@127.0.0.1:%d", "http://10.0.0.1:%d",
    ])
    func apiURLIsCheckedAtUse(pattern: String) async throws {
        let log = RequestLog()
        let server = try FakeHTTPServer { request in
            log.record(request)
            return .json(200, "{}")
        }
        defer { server.shutdown() }
        let base = String(format: pattern, server.port)
        let client = PagerDutyClient(baseURL: base, http: HTTPClient(),
                                     auth: PagerDutyAuth(token: PagerDutyToken(value: "pdus+_secret-token", scheme: .bearer)))
        await #expect(throws: UnsafeEndpoint.self) { _ = try await client.get("/users/me") }
        #expect(log.requests.isEmpty)
    }

    @Test("the HTTP client itself refuses plain http beyond loopback, for library callers")
    func clientRefusesPlainHTTP() async throws {
        await #expect(throws: UnsafeEndpoint.self) {
            _ = try await HTTPClient().send(HTTPClient.Request(url: "http://192.0.2.1/token"))
        }
        #expect(throws: InvalidInput.self) { try EndpointURL.validate("https://a b/", as: .setting(.tokenUrl)) }
        #expect(throws: InvalidInput.self) { try EndpointURL.validate("https://u:p@example.com/", as: .setting(.tokenUrl)) }
        #expect(throws: Never.self) { try EndpointURL.validate("http://127.0.0.2:8080/x", as: .setting(.tokenUrl)) }
        #expect(throws: Never.self) { try EndpointURL.validate("http://[::1]:9000", as: .setting(.apiUrl)) }
    }
}
