import EveryAuthCore
import EveryAuthTestSupport
import EveryAuthWeb
import Foundation
import Hummingbird
import PagerDutyFake
import Testing

/// The route group an app builds from an `EveryAuth` with webhooks (`Configuration(everyAuth:)`).
@Suite("EveryAuthWeb routes: webhooks")
struct AuthorizationRoutesWebhookTests {
    @Test("one signed authorized event per identity stored, after the redirect; a refused callback sends none")
    func authorizedEvent() async throws {
        let fixture = try await WebFixture()
        let received = Recorder<FakeRequest>()
        let receiver = try FakeHTTPServer { request in
            received.record(request)
            return FakeResponse(status: 204)
        }
        defer { receiver.shutdown() }
        let secret = Array("routes-secret".utf8)
        let everyauth = try EveryAuth(store: fixture.store, http: HTTPClient())
            .sendingWebhooks(to: receiver.baseURL + "/hook", secret: secret)
        let router = Router()
        try AuthorizationRoutes<BasicRequestContext>(
            service: .pagerduty, mountPath: "/pagerduty",
            configuration: .init(everyAuth: everyauth, publicBaseURL: WebFixture.publicBase, finishedURL: "https://app.example.com/done") {
                request, _ in request.headers[WebFixture.userHeader]
            }
        ).addRoutes(to: router)
        try await Application(router: router).withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let callback = try #require(fixture.oauth.approve(start.location))
            #expect(try await client.get(try pathAndQuery(callback), user: "alice").status == 302)
            #expect(try await client.get(try pathAndQuery(callback), user: "alice").status == 400, "a replay stores nothing")
            #expect(try await client.get("/pagerduty", user: nil).status == 401)
        }
        await everyauth.shutdown()
        let identity = try #require(try await fixture.identities().first)
        try #require(received.count == 1, "\(received.all.map { String(decoding: $0.body, as: UTF8.self) })")
        let request = received.all[0]
        let timestamp = try #require(request.header("X-EveryAuth-Timestamp").flatMap { Int($0) })
        #expect(WebhookSignature.verify(request.header("X-EveryAuth-Signature") ?? "", secret: secret, timestamp: timestamp,
                                        body: Array(request.body)))
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
        #expect(body["type"] == "authorized" && body["userId"] == "alice" && body["identityId"] == identity.id)
        fixture.expectNoSecrets(in: String(decoding: request.body, as: UTF8.self))
    }
}
