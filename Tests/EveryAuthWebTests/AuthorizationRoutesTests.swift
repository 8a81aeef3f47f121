import EveryAuthCore
import EveryAuthTestSupport
import EveryAuthWeb
import Foundation
import Hummingbird
import PagerDutyFake
import Testing

/// The route group in-process: every path of SPEC §2 "serve", through an in-process router
/// client (RouterClient), against the fake OAuth server.
@Suite("EveryAuthWeb routes")
struct AuthorizationRoutesTests {
    @Test("start: 302 to the authorization URL with client_id, redirect_uri, PKCE S256 and a state; only a hash of the state is stored")
    func startRedirects() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let answer = try await client.get("/pagerduty", user: "alice")
            #expect(answer.status == 302)
            answer.expectSecurityHeaders()
            let location = answer.location
            #expect(location.hasPrefix(fixture.server.baseURL + "/oauth/authorize?"))
            #expect(queryValue(location, "client_id") == "client-1")
            #expect(queryValue(location, "redirect_uri") == WebFixture.redirectURI)
            #expect(queryValue(location, "response_type") == "code")
            #expect(queryValue(location, "code_challenge_method") == "S256")
            #expect(queryValue(location, "code_challenge")?.count == 43)
            #expect(queryValue(location, "scope") == "read write")
            let state = try #require(queryValue(location, "state"))
            let parts = state.split(separator: ".")
            #expect(parts.count == 2)
            #expect(try await fixture.pendingCount() == 1)
            // The store holds the id and a hash, never the secret half.
            #expect(fixture.pendingFile.contains(String(parts[0])))
            #expect(!fixture.pendingFile.contains(String(parts[1])))
            #expect(fixture.events.all == [.started(service: .pagerduty, userId: "alice")])
        }
    }

    @Test("callback: exchanges the code, stores the identity for the mapped user with its tags, 302 to finishedURL")
    func callbackStoresIdentity() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice", tag: "team=web")
            let callback = try #require(fixture.oauth.approve(start.location))
            #expect(callback.hasPrefix(WebFixture.redirectURI + "?"))
            let done = try await client.get(try pathAndQuery(callback), user: "alice")
            #expect(done.status == 302)
            #expect(done.location == "https://app.example.com/done")
            done.expectSecurityHeaders()
            let identities = try await fixture.identities()
            #expect(identities.count == 1)
            let identity = try #require(identities.first)
            #expect(identity.userId == "alice")
            #expect(identity.service == "pagerduty")
            #expect(identity.kind == .oauth)
            #expect(identity.tags == ["team": "web"])
            #expect(fixture.oauth.isValidAccessToken(identity.credential.accessToken))
            #expect(fixture.oauth.authorizationCodeRequests == 1)
            #expect(try await fixture.pendingCount() == 0)
            #expect(fixture.events.all.last == .authorized(service: .pagerduty, userId: "alice", identityId: identity.id))
            fixture.expectNoSecrets(in: done.body + done.location)
        }
    }

    @Test("a replayed callback is refused (400, plain page) and spends nothing")
    func replayRefused() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let callback = try pathAndQuery(try #require(fixture.oauth.approve(start.location)))
            #expect(try await client.get(callback, user: "alice").status == 302)
            let stored = try await fixture.identities()
            let replay = try await client.get(callback, user: "alice")
            #expect(replay.status == 400)
            #expect(replay.body.contains("unknown or was already used"))
            replay.expectSecurityHeaders()
            replay.expectPlainPage()
            fixture.expectNoSecrets(in: replay.body, state: queryValue(start.location, "state"))
            #expect(fixture.oauth.authorizationCodeRequests == 1)
            #expect(try await fixture.identities() == stored)
        }
    }

    @Test("an expired pending authorization gets a clear 410 page, nothing stored, and the entry is purged")
    func expiredPending() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let callback = try pathAndQuery(try #require(fixture.oauth.approve(start.location)))
            fixture.advance(11 * 60)
            let answer = try await client.get(callback, user: "alice")
            #expect(answer.status == 410)
            #expect(answer.body.contains("Authorization expired"))
            #expect(answer.body.contains("href=\"/pagerduty\""))
            answer.expectSecurityHeaders()
            answer.expectPlainPage()
            #expect(try await fixture.identities().isEmpty)
            #expect(fixture.oauth.authorizationCodeRequests == 0)
            #expect(!fixture.pendingFile.contains(String(queryValue(start.location, "state")?.split(separator: ".").first ?? "-")))
        }
    }

    @Test("the provider's error= shows its reason, escaped, with 403 for access_denied and 502 otherwise")
    func providerError() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let state = try #require(queryValue(start.location, "state"))
            let denied = try await client.get(
                "/pagerduty/callback?error=access_denied&error_description=\(FormEncoding.escape("<script>alert('x')</script> & \u{1B}[31m"))&state=\(FormEncoding.escape(state))",
                user: "alice")
            #expect(denied.status == 403)
            #expect(denied.body.contains("access_denied"))
            #expect(denied.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"))
            #expect(!denied.body.contains("<script>"))
            #expect(!denied.body.contains("\u{1B}"))
            denied.expectSecurityHeaders()
            denied.expectPlainPage()
            fixture.expectNoSecrets(in: denied.body, state: state)
            #expect(try await fixture.identities().isEmpty)
            // The state was spent by the error: it cannot be used for a code afterwards.
            #expect(try await fixture.pendingCount() == 0)

            let second = try await client.get("/pagerduty", user: "alice")
            let other = try await client.get(
                "/pagerduty/callback?error=invalid_scope&state=\(FormEncoding.escape(try #require(queryValue(second.location, "state"))))",
                user: "alice")
            #expect(other.status == 502)
            #expect(other.body.contains("invalid_scope"))
        }
    }

    @Test("the fake's deny button ends on the 403 page")
    func deniedByFake() async throws {
        let fixture = try await WebFixture()
        fixture.oauth.denies = true
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let page = try await fixture.fetchAuthorize(start.location)
            let answer = try await client.get(try pathAndQuery(page), user: "alice")
            #expect(answer.status == 403)
            #expect(answer.body.contains("The user denied access to the app"))
        }
    }

    @Test("no user: 401 page on start and on callback, nothing stored")
    func missingUser() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: nil)
            #expect(start.status == 401)
            #expect(start.body.contains("Sign-in needed"))
            start.expectSecurityHeaders()
            start.expectPlainPage()
            #expect(try await fixture.pendingCount() == 0)
            #expect(fixture.pendingFile.isEmpty)

            let begun = try await client.get("/pagerduty", user: "alice")
            let callback = try pathAndQuery(try #require(fixture.oauth.approve(begun.location)))
            let anonymous = try await client.get(callback, user: nil)
            #expect(anonymous.status == 401)
            #expect(try await fixture.identities().isEmpty)
            #expect(fixture.oauth.authorizationCodeRequests == 0)
            // Signing in and coming back still works: the 401 spent nothing.
            #expect(try await client.get(callback, user: "alice").status == 302)
        }
    }

    @Test("a callback for an authorization another user started is refused (403), nothing stored")
    func otherUser() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "mallory")
            let callback = try pathAndQuery(try #require(fixture.oauth.approve(start.location)))
            let answer = try await client.get(callback, user: "alice")
            #expect(answer.status == 403)
            #expect(answer.body.contains("another user"))
            #expect(try await fixture.identities().isEmpty)
            #expect(fixture.oauth.authorizationCodeRequests == 0)
        }
    }

    @Test("bad states are refused with 400: missing, malformed, forged secret")
    func badStates() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let state = try #require(queryValue(start.location, "state"))
            let id = state.split(separator: ".")[0]
            let forged = "\(id).\(String(repeating: "A", count: 43))"
            for query in ["code=abc", "code=abc&state=nonsense", "code=abc&state=\(forged)", "code=abc&state=<b>x</b>"] {
                let answer = try await client.get("/pagerduty/callback?" + query, user: "alice")
                #expect(answer.status == 400, "\(query)")
                #expect(!answer.body.contains("<b>"))
                answer.expectSecurityHeaders()
                answer.expectPlainPage()
            }
            #expect(try await fixture.identities().isEmpty)
            #expect(fixture.oauth.authorizationCodeRequests == 0)
        }
    }

    @Test("a forged secret with the right state id is refused and does not burn the genuine state")
    func forgedStateKeepsGenuine() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let callback = try #require(fixture.oauth.approve(start.location))
            let state = try #require(queryValue(start.location, "state"))
            let id = state.split(separator: ".")[0]
            let code = try #require(queryValue(callback, "code"))
            let forged = try await client.get("/pagerduty/callback?code=\(FormEncoding.escape(code))&state=\(id).\(String(repeating: "A", count: 43))",
                                              user: "alice")
            #expect(forged.status == 400)
            #expect(try await fixture.pendingCount() == 1, "the forged state took the pending entry")
            #expect(fixture.oauth.authorizationCodeRequests == 0)
            let genuine = try await client.get(try pathAndQuery(callback), user: "alice")
            #expect(genuine.status == 302, "\(genuine.body)")
            #expect(try await fixture.identities().map(\.userId) == ["alice"])
            #expect(try await fixture.pendingCount() == 0)
        }
    }

    @Test("a finished URL read back from a pending entry is used only when it is the configured one or on the public URL's origin")
    func finishedURLFromPendingIsChecked() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            for (written, expected) in [("https://evil.example/steal", "https://app.example.com/done"),
                                        ("https://connect.example.com.evil.example/x", "https://app.example.com/done"),
                                        ("javascript:alert(1)", "https://app.example.com/done"),
                                        ("https://connect.example.com/after", "https://connect.example.com/after"),
                                        ("https://app.example.com/done", "https://app.example.com/done")] {
                let start = try await client.get("/pagerduty", user: "alice")
                // Someone who can write the pending state (a database row, the file) adds a destination.
                try fixture.setPendingFinishedURL(written)
                let callback = try pathAndQuery(try #require(fixture.oauth.approve(start.location)))
                let done = try await client.get(callback, user: "alice")
                #expect(done.status == 302, "\(done.body)")
                #expect(done.location == expected, "\(written)")
            }
        }
    }

    @Test("a user id from mapToUserId breaking the rule (over 256 bytes, control characters) gets a 400 page; nothing is stored")
    func mappedUserIdRule() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let long = try await client.get("/pagerduty", user: String(repeating: "k", count: 257))
            #expect(long.status == 400, "\(long.body)")
            #expect(long.body.contains("256"))
            long.expectSecurityHeaders()
            long.expectPlainPage()
            #expect(try await fixture.pendingCount() == 0)
            #expect(try await client.get("/pagerduty", user: String(repeating: "k", count: 256)).status == 302)
            #expect(try await fixture.pendingCount() == 1)
        }
    }

    @Test("a symlinked pending lock is refused like the store's: a 500 page, and its target is not created")
    func symlinkedPendingLockRefused() async throws {
        let fixture = try await WebFixture()
        let target = fixture.directory.appendingPathComponent("elsewhere")
        #expect(symlink(target.path, fixture.directory.appendingPathComponent("everyauth-pending.lock").path) == 0)
        try await fixture.application().withRouterClient { client in
            let answer = try await client.get("/pagerduty", user: "alice")
            #expect(answer.status == 500)
            answer.expectSecurityHeaders()
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(fixture.pendingFile.isEmpty)
    }

    @Test("re-authorizing keeps the identity's id and tags, merging new ones")
    func reauthorizationKeepsId() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let first = try await client.get("/pagerduty", user: "alice", tag: "team=web")
            #expect(try await client.get(try pathAndQuery(try #require(fixture.oauth.approve(first.location))), user: "alice").status == 302)
            let before = try #require(try await fixture.identities().first)
            let second = try await client.get("/pagerduty", user: "alice", tag: "env=prod")
            #expect(try await client.get(try pathAndQuery(try #require(fixture.oauth.approve(second.location))), user: "alice").status == 302)
            let after = try await fixture.identities()
            #expect(after.count == 1)
            #expect(after.first?.id == before.id)
            #expect(after.first?.tags == ["team": "web", "env": "prod"])
            #expect(after.first?.credential.accessToken != before.credential.accessToken)
        }
    }

    @Test("a failed code exchange is a 502 page without the code")
    func exchangeFails() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().withRouterClient { client in
            let start = try await client.get("/pagerduty", user: "alice")
            let state = try #require(queryValue(start.location, "state"))
            let answer = try await client.get("/pagerduty/callback?code=made-up-code-123&state=\(FormEncoding.escape(state))", user: "alice")
            #expect(answer.status == 502)
            #expect(answer.body.contains("did not accept"))
            #expect(!answer.body.contains("made-up-code-123"))
            answer.expectPlainPage()
            #expect(try await fixture.identities().isEmpty)
        }
    }

    @Test("an unconfigured service answers 503 saying so, not a stack trace")
    func unconfigured() async throws {
        let fixture = try await WebFixture()
        try await fixture.store.updateService("pagerduty") { $0 = nil }
        try await fixture.application().withRouterClient { client in
            let answer = try await client.get("/pagerduty", user: "alice")
            #expect(answer.status == 503)
            #expect(answer.body.contains("not configured"))
            #expect(!answer.body.contains("everyauth service set"), "a web page names no command of the CLI")
            answer.expectSecurityHeaders()
        }
    }

    @Test("the configuration refuses a public URL that is not https (except to loopback) and a bad mount path")
    func configurationChecks() async throws {
        let fixture = try await WebFixture()
        func routes(_ base: String, mount: String = "/pagerduty") throws -> AuthorizationRoutes<BasicRequestContext> {
            try AuthorizationRoutes(service: .pagerduty, mountPath: mount, configuration: .init(
                store: fixture.store, http: HTTPClient(), publicBaseURL: base, finishedURL: "/") { _, _ in nil })
        }
        #expect(throws: UsageError.self) { try routes("http://auth.example.com") }
        #expect(throws: UsageError.self) { try routes("https://user:pw@auth.example.com") }
        #expect(throws: UsageError.self) { try routes("https://auth.example.com", mount: "pagerduty") }
        #expect(try routes("http://127.0.0.1:8080/").redirectURI == "http://127.0.0.1:8080/pagerduty/callback")
        #expect(try routes("https://auth.example.com", mount: "/connect/pd/").redirectURI == "https://auth.example.com/connect/pd/callback")
    }

    @Test("HTML escaping covers markup, quotes and controls")
    func escaping() {
        #expect(BrowserPage.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(BrowserPage.escape("a\u{1B}[1mb\u{85}c\r\n") == "a\u{FFFD}[1mb\u{FFFD}c\u{FFFD}\n")
    }
}

extension WebFixture {
    /// Writes `url` as the `finishedUrl` of every entry of the pending file.
    func setPendingFinishedURL(_ url: String) throws {
        let file = directory.appendingPathComponent("everyauth-pending.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let entries = try #require(document["pending"] as? [[String: Any]])
        document["pending"] = entries.map { entry in entry.merging(["finishedUrl": url]) { _, new in new } }
        try JSONSerialization.data(withJSONObject: document).write(to: file)
    }

    /// GETs the fake's authorize endpoint over HTTP, as a browser would, and returns its redirect.
    func fetchAuthorize(_ url: String) async throws -> String {
        let answer = try await FakeBrowser.fetch(url, follow: false)
        #expect(answer.status == 302)
        return answer.location
    }
}
