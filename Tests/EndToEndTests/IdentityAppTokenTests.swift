import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `authorize --client-credentials`: PagerDuty's app token, stored as kind `app`, requested again near expiry.
@Suite("everyauth authorize --client-credentials")
struct IdentityAppTokenTests {
    static let scope = "as_account-us.acme incidents.read"

    @Test("the app token is stored as kind app and used by api")
    func authorizeApp() async throws {
        let session = try AccountSession()
        let result = try await session.run(["authorize", "pagerduty", "--client-credentials", "--user-id", "ci", "--scope", Self.scope])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.oauth.clientCredentialsRequests == 1)
        #expect(result.stderr.contains("app token of user 'ci'"))
        let stored = try #require(session.identities().first)
        #expect(stored["kind"] as? String == "app")
        let credential = try #require(stored["credential"] as? [String: Any])
        #expect(credential["refresh_token"] == nil)
        #expect((credential["native"] as? [String: Any])?["scope"] as? String == Self.scope)
        let token = try await session.run(["identity", "token", "pagerduty", "--user-id", "ci"])
        #expect(session.oauth.isValidAccessToken(token.stdout.trimmingCharacters(in: .newlines)))
        let api = try await session.run(["api", "/users/me", "--user-id", "ci"])
        #expect(api.status == 0, "\(api.stderr)")
        #expect(session.oauth.clientCredentialsRequests == 1)
        session.oauth.expectNoSecrets(in: result.stdout + result.stderr)

        // A scope that names no account is refused as PagerDuty refuses it.
        let bad = try await session.run(["authorize", "pagerduty", "--client-credentials", "--user-id", "ci2", "--scope", "incidents.read"])
        #expect(bad.status == 5)
        #expect(bad.stderr.contains("invalid_scope"))
    }

    @Test("20 concurrent processes needing one expiring app token make one token request and print one token")
    func concurrentRenewal() async throws {
        let session = try AccountSession()
        session.oauth.appTokenExpiresIn = 60
        let first = try await session.run(["authorize", "pagerduty", "--client-credentials", "--user-id", "ci", "--scope", Self.scope])
        #expect(first.status == 0, "\(first.stderr)")
        let old = try await session.run(["identity", "token", "pagerduty", "--user-id", "ci", "--no-refresh"])
        session.oauth.appTokenExpiresIn = 3600
        // A slow token endpoint keeps the lock held while the others queue for it.
        session.oauth.tokenDelay = 0.1
        let children = try (0..<20).map { _ in try session.cli.start(["identity", "token", "pagerduty", "--user-id", "ci"]) }
        var results: [CLIResult] = []
        for child in children { results.append(await child.waitAsync(timeout: 60)) }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let tokens = Set(results.map(\.stdout))
        #expect(tokens.count == 1)
        #expect(tokens.first != old.stdout)
        #expect(session.oauth.clientCredentialsRequests == 2)
        #expect(session.identities().first?["kind"] as? String == "app")
    }
}

extension PagerDutyFake.OAuthServer {
    /// Fails the test when any secret this server saw appears in `text`.
    func expectNoSecrets(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secretsSeen {
            #expect(!text.contains(secret), "a secret leaked: \(secret.prefix(6))...", sourceLocation: sourceLocation)
        }
    }
}
