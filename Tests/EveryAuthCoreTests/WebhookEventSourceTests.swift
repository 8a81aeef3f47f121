import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Which library paths send which events: refreshes from `TokenRefresher` (and so `getIdentity`),
/// revocation and removal from `EveryAuth.removeIdentity`.
@Suite("Webhook event sources")
struct WebhookEventSourceTests {
    /// Events a sink heard, in order.
    typealias Heard = Recorder<IdentityEvent>

    @Test("a refresh sends refreshed; a refused one sends refresh_failed once, with the reason; a fresh token sends nothing")
    func refresherEvents() async throws {
        let fixture = try RefreshFixture(expiresIn: 60)
        let heard = Heard()
        var refresher = fixture.refresher
        refresher.onEvent = { heard.record($0) }
        let refreshed = try await refresher.identity(fixture.selector)
        _ = try await refresher.identity(fixture.selector)
        #expect(heard.all.map(\.kind) == [.refreshed], "a second ask finds the token fresh")
        #expect(heard.all.first?.identityId == refreshed.id && heard.all.first?.userId == "user-1")

        let expiring = try RefreshFixture(expiresIn: 60)
        expiring.oauth.revokeRefreshTokens()
        let failures = Heard()
        var rejected = expiring.refresher
        rejected.onEvent = { failures.record($0) }
        await #expect(throws: OAuthError.self) { _ = try await rejected.identity(expiring.selector) }
        await #expect(throws: OAuthError.self) { _ = try await rejected.identity(expiring.selector) }
        #expect(failures.all.map(\.kind) == [.refreshFailed], "told once: the second ask finds the mark")
        let reason = try #require(failures.all.first?.reason)
        #expect(reason.hasPrefix("invalid_grant"))
        #expect(!reason.contains(expiring.issued.refreshToken) && !String(decoding: failures.all[0].body, as: UTF8.self).contains(expiring.issued.accessToken))
    }

    @Test("EveryAuth with webhooks: getIdentity's refresh, then removeIdentity(revoke:) send refreshed, revoked, removed, signed")
    func facadeEvents() async throws {
        let fixture = try RefreshFixture(expiresIn: 60)
        let revocationURL = fixture.server.baseURL + "/oauth/revoke"
        try fixture.store.update { document in document.services["pagerduty"]?.revocationUrl = revocationURL }
        let receiver = try ScriptedReceiver([])
        let lines = Recorder<String>()
        let everyauth = try EveryAuth(configDirectory: fixture.directory, http: HTTPClient())
            .sendingWebhooks(to: receiver.url, secret: Array("app-secret".utf8)) { lines.record($0) }
        let credential = try await everyauth.getIdentity(.pagerduty, userId: "user-1")
        let removed = try await everyauth.removeIdentity(fixture.selector, revoke: true)
        await everyauth.shutdown()
        #expect(fixture.oauth.revokedTokens.contains(credential.accessToken))
        let bodies = try receiver.arrivals.map { arrival -> [String: String] in
            let timestamp = try #require(arrival.request.header("X-EveryAuth-Timestamp").flatMap { Int($0) })
            #expect(WebhookSignature.verify(arrival.request.header("X-EveryAuth-Signature") ?? "", secret: Array("app-secret".utf8),
                                            timestamp: timestamp, body: Array(arrival.request.body)))
            #expect(!String(decoding: arrival.request.body, as: UTF8.self).contains(credential.accessToken))
            return try #require(try JSONSerialization.jsonObject(with: arrival.request.body) as? [String: String])
        }
        #expect(bodies.map { $0["type"] } == ["refreshed", "revoked", "removed"])
        #expect(bodies.allSatisfy { $0["identityId"] == removed.id && $0["userId"] == "user-1" && $0["service"] == "pagerduty" })
        #expect(lines.all.filter { $0.contains("delivered") }.count == 3)
        await #expect(throws: LookupError.self) { _ = try await everyauth.store.identity(fixture.selector) }
    }

    @Test("without webhooks nothing is sent, and a bad URL or secret file is refused up front")
    func configuration() async throws {
        let fixture = try RefreshFixture(expiresIn: 60)
        let everyauth = try EveryAuth(configDirectory: fixture.directory, http: HTTPClient())
        #expect(everyauth.webhooks == nil)
        #expect(throws: InvalidInput.self) { _ = try everyauth.sendingWebhooks(to: "http://example.com/hooks", secret: [1]) }
        #expect(throws: InvalidInput.self) {
            _ = try everyauth.sendingWebhooks(to: "https://example.com/hooks", secretFile: fixture.directory.appendingPathComponent("none").path)
        }
    }
}
