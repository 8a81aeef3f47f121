import Foundation
import PagerDutyFake
import Testing

/// The fake authorization server, driven in-process: redirect URIs compared exactly with the
/// registered ones, the consent page's two links, and PKCE S256 checked with its own SHA-256.
@Suite struct FakeOAuthServerTests {
    static let redirect = "http://127.0.0.1:8123/callback"
    /// A verifier and its S256 challenge, computed outside Swift (`sha256`, base64url).
    static let verifier = "fake-test-verifier.0123456789_abcdefghijklmn~"
    static let challenge = "JDl9yKiNnfw6T3_sC5UArVBPbAx1WmnNh1xqK3z9MeE"

    private func server(_ consent: OAuthServer.Consent = .approve) -> OAuthServer {
        let oauth = OAuthServer(clients: [.init(id: "client-1", redirectURIs: [Self.redirect, "http://localhost:9000/cb"])])
        oauth.consent = consent
        return oauth
    }

    private func authorizeQuery(redirect: String = redirect, extra: String = "") -> String {
        "response_type=code&client_id=client-1&redirect_uri=\(redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            + "&code_challenge=\(Self.challenge)&code_challenge_method=S256&state=st4te&scope=read" + extra
    }

    private func authorize(_ oauth: OAuthServer, _ query: String) async throws -> FakeResponse {
        try #require(await oauth.handle(FakeRequest(method: "GET", path: "/oauth/authorize", query: query)))
    }

    private func location(_ response: FakeResponse) -> String? {
        response.headers.first { $0.0 == "Location" }?.1
    }

    private func exchange(_ oauth: OAuthServer, code: String, verifier: String, redirect: String = redirect) async throws -> FakeResponse {
        let body = "grant_type=authorization_code&client_id=client-1&code=\(code)&code_verifier=\(verifier)&redirect_uri="
            + (redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try #require(await oauth.handle(FakeRequest(
            method: "POST", path: "/oauth/token", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8))))
    }

    @Test func onlyARegisteredRedirectURIIsRedirectedTo() async throws {
        let oauth = server()
        for other in ["http://127.0.0.1:8124/callback", "http://127.0.0.1:8123/callback/", "http://localhost:8123/callback",
                      "http://127.0.0.1:8123/other", "https://127.0.0.1:8123/callback"] {
            let refused = try await authorize(oauth, authorizeQuery(redirect: other))
            #expect(refused.status == 400, "\(other)")
            #expect(location(refused) == nil, "never redirects to an unregistered address: \(other)")
            #expect(String(decoding: refused.body, as: UTF8.self).contains(Self.redirect))
        }
        for registered in [Self.redirect, "http://localhost:9000/cb"] {
            let answer = try await authorize(oauth, authorizeQuery(redirect: registered))
            #expect(answer.status == 302)
            #expect(location(answer)?.hasPrefix(registered + "?code=") == true)
            #expect(location(answer)?.hasSuffix("&state=st4te") == true)
        }
    }

    @Test func theConsentPageApprovesOrDeniesThroughItsLinks() async throws {
        let oauth = server(.ask)
        let page = try await authorize(oauth, authorizeQuery())
        #expect(page.status == 200)
        #expect(page.headers.contains { $0 == ("Referrer-Policy", "no-referrer") })
        let html = String(decoding: page.body, as: UTF8.self)
        func link(_ id: String) throws -> String {
            let line = try #require(html.split(separator: "\n").first { $0.contains("id=\"\(id)\"") })
            let start = try #require(line.range(of: "href=\"")).upperBound
            let end = try #require(line[start...].firstIndex(of: "\""))
            return line[start..<end].replacingOccurrences(of: "&amp;", with: "&")
        }
        let approve = try link("approve")
        let deny = try link("deny")
        #expect(approve.hasPrefix("/oauth/authorize?") && approve.hasSuffix("&decision=approve"))
        #expect(oauth.authorizationCodeRequests == 0)

        let denied = try await authorize(oauth, String(deny.dropFirst("/oauth/authorize?".count)))
        #expect(denied.status == 302)
        #expect(location(denied) == Self.redirect + "?error=access_denied&error_description=The%20user%20denied%20access%20to%20the%20app&state=st4te")

        let approved = try await authorize(oauth, String(approve.dropFirst("/oauth/authorize?".count)))
        let target = try #require(location(approved))
        let code = try #require(URLComponents(string: target)?.queryItems?.first { $0.name == "code" }?.value)
        #expect(try await exchange(oauth, code: code, verifier: Self.verifier).status == 200)
        #expect(oauth.authorizationCodeRequests == 1)
    }

    @Test func theVerifierMustHashToTheChallenge() async throws {
        let oauth = server()
        func freshCode() async throws -> String {
            let target = try #require(location(try await authorize(oauth, authorizeQuery())))
            return try #require(URLComponents(string: target)?.queryItems?.first { $0.name == "code" }?.value)
        }
        let wrong = try await exchange(oauth, code: try await freshCode(), verifier: Self.verifier + "x")
        #expect(wrong.status == 400)
        #expect(String(decoding: wrong.body, as: UTF8.self).contains("invalid_grant"))
        let otherRedirect = try await exchange(oauth, code: try await freshCode(), verifier: Self.verifier, redirect: "http://localhost:9000/cb")
        #expect(otherRedirect.status == 400)
        let code = try await freshCode()
        let right = try await exchange(oauth, code: code, verifier: Self.verifier)
        #expect(right.status == 200)
        let token = try #require(try JSONSerialization.jsonObject(with: right.body) as? [String: Any])
        #expect(token["token_type"] as? String == "bearer")
        #expect(oauth.isValidAccessToken(token["access_token"] as? String ?? ""))
        // A code works once.
        #expect(try await exchange(oauth, code: code, verifier: Self.verifier).status == 400)
    }
}
