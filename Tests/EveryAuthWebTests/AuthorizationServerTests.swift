import EveryAuthCore
import EveryAuthTestSupport
import EveryAuthWeb
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// What `everyauth serve` runs, in-process: its refusals, `/healthz`, headers on every answer,
/// the trusted user header, and an access log without queries.
@Suite("EveryAuthWeb server")
struct AuthorizationServerTests {
    func configuration(_ fixture: WebFixture, host: String = "127.0.0.1", publicURL: String = "http://127.0.0.1:8080",
                       header: String = "X-Forwarded-User", log: @escaping @Sendable (String) -> Void = { _ in }) -> AuthorizationServer.Configuration {
        AuthorizationServer.Configuration(host: host, port: 0, publicURL: publicURL, userIdHeader: header, finishedURL: nil,
                                          store: fixture.store, http: HTTPClient(), log: log)
    }

    @Test("refuses a non-loopback listener without https, a bad or reserved user header, a bad public URL")
    func refusals() async throws {
        let fixture = try await WebFixture()
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, host: "0.0.0.0", publicURL: "http://auth.example.com")) }
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, header: "X User")) }
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, header: "Cookie")) }
        #expect(throws: UsageError.self) { try AuthorizationServer(configuration(fixture, publicURL: "ftp://auth.example.com")) }
        _ = try AuthorizationServer(configuration(fixture, host: "0.0.0.0", publicURL: "https://auth.example.com"))
    }

    @Test("healthz, 404s and refusals carry the page headers; a repeated user header is no user; the log has no query")
    func routerBehaviour() async throws {
        let fixture = try await WebFixture()
        let lines = Recorder<String>()
        let server = try AuthorizationServer(configuration(fixture, log: { lines.record($0) }))
        let app = Application(router: try server.makeRouter(services: try await server.services()))
        try await app.withRouterClient { client in
            let health = try await client.execute(uri: "/healthz")
            #expect(health.status == 200)
            #expect(health.body == "ok\n")
            #expect(health.headers[.cacheControl] == "no-store")
            let missing = try await client.execute(uri: "/nothing-here?secret=1")
            #expect(missing.status == 404)
            #expect(missing.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            var twice = HTTPFields()
            twice.append(HTTPField(name: HTTPField.Name("X-Forwarded-User")!, value: "alice"))
            twice.append(HTTPField(name: HTTPField.Name("X-Forwarded-User")!, value: "mallory"))
            #expect(try await client.execute(uri: "/pagerduty?state=abc", headers: twice).status == 401)
        }
        let log = lines.all.joined(separator: "\n")
        #expect(log.contains("path=\"/healthz\" status=200"))
        #expect(log.contains("path=\"/nothing-here\" status=404"))
        #expect(log.contains("path=\"/pagerduty\" status=401"))
        #expect(!log.contains("secret=1") && !log.contains("state=abc"))
    }
}
