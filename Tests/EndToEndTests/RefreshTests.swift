import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

extension OAuthSession {
    /// Stores an identity for `userId` holding tokens the fake issued, expiring in `expiresIn` s.
    func seedIdentity(userId: String, expiresIn: TimeInterval) throws -> (accessToken: String, refreshToken: String) {
        let issued = oauth.issueTokens(clientId: "client-1")
        let credential = try Credential(tokenResponse: [
            "access_token": .string(issued.accessToken), "refresh_token": .string(issued.refreshToken),
            "token_type": .string("bearer"), "scope": .string("read write"), "expires_in": .number(expiresIn),
        ], receivedAt: Date())
        _ = try FileStore(directory: cli.configDir).update { document in
            document.upsertIdentity(service: .pagerduty, userId: userId, kind: .oauth, credential: credential, tags: ["team": "web"])
        }
        return issued
    }

    /// The store file's text.
    func storeText() -> String {
        (try? String(contentsOf: cli.storeURL, encoding: .utf8)) ?? ""
    }
}

@Suite("Refresh through identity get/token")
struct RefreshEndToEndTests {
    @Test("an expiring identity: identity token refreshes once and prints the new token; the old refresh token is gone")
    func refreshOnce() async throws {
        let session = try OAuthSession()
        let old = try session.seedIdentity(userId: "user-1", expiresIn: 60)
        let first = try await session.run(["identity", "token", "pagerduty", "--user-id", "user-1"])
        #expect(first.status == 0, "\(first.stderr)")
        let token = first.stdout.trimmingCharacters(in: .newlines)
        #expect(first.stdout == token + "\n")
        #expect(token != old.accessToken)
        #expect(session.oauth.isValidAccessToken(token))
        #expect(session.oauth.refreshRequests == 1)
        let store = session.storeText()
        #expect(!store.contains(old.refreshToken))
        #expect(!store.contains(old.accessToken))

        let second = try await session.run(["identity", "get", "pagerduty", "--user-id", "user-1"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains(token))
        #expect(session.oauth.refreshRequests == 1)

        // --no-refresh never calls the server.
        session.oauth.expiresIn = 30
        _ = try session.seedIdentity(userId: "user-2", expiresIn: 30)
        let raw = try await session.run(["identity", "token", "pagerduty", "--user-id", "user-2", "--no-refresh"])
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(session.oauth.refreshRequests == 1)
    }

    @Test("20 concurrent identity token processes on one expiring identity: one refresh, one token")
    func concurrentProcesses() async throws {
        let session = try OAuthSession()
        let old = try session.seedIdentity(userId: "user-1", expiresIn: 60)
        // A slow token endpoint keeps the lock held while the others queue for it.
        session.oauth.tokenDelay = 0.1
        let children = try (0..<20).map { _ in try session.cli.start(["identity", "token", "pagerduty", "--user-id", "user-1"]) }
        var results: [CLIResult] = []
        for child in children { results.append(await child.waitAsync(timeout: 60)) }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let tokens = Set(results.map { $0.stdout })
        #expect(tokens.count == 1, "different tokens printed: \(tokens.count)")
        let token = try #require(tokens.first).trimmingCharacters(in: .newlines)
        #expect(token != old.accessToken)
        #expect(session.oauth.isValidAccessToken(token))
        #expect(session.oauth.refreshRequests == 1)
    }

    @Test("invalid_grant: refresh_error stored, exit 3 naming authorize, nothing deleted")
    func invalidGrant() async throws {
        let session = try OAuthSession()
        let old = try session.seedIdentity(userId: "user-1", expiresIn: 60)
        session.oauth.revokeRefreshTokens()
        let result = try await session.run(["identity", "token", "pagerduty", "--user-id", "user-1"])
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("everyauth authorize pagerduty --user-id user-1"))
        let identities = session.identities()
        try #require(identities.count == 1)
        #expect(identities[0]["status"] as? String == "refresh_error")
        #expect(identities[0]["tags"] as? [String: String] == ["team": "web"])
        #expect(session.storeText().contains(old.refreshToken))

        let again = try await session.run(["identity", "get", "pagerduty", "--user-id", "user-1"])
        #expect(again.status == 3)
        #expect(session.oauth.refreshRequests == 1)

        // Authorizing again repairs it.
        let repaired = try await session.run(["authorize", "pagerduty", "--user-id", "user-1", "--timeout", "120"], environment: session.browserEnvironment)
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(session.identities().first?["status"] as? String == "authorized")
    }

    @Test("--verbose shows no secret, code, verifier or token on stderr")
    func verboseRedaction() async throws {
        let session = try OAuthSession()
        session.oauth.expiresIn = 60
        let authorize = try await session.run(["authorize", "pagerduty", "--user-id", "user-1", "--verbose", "--timeout", "120"],
                                              environment: session.browserEnvironment)
        #expect(authorize.status == 0, "\(authorize.stderr)")
        session.oauth.expiresIn = 3600
        let token = try await session.run(["identity", "token", "pagerduty", "--user-id", "user-1", "--verbose"])
        #expect(token.status == 0, "\(token.stderr)")
        #expect(session.oauth.refreshRequests == 1)
        #expect(session.oauth.authorizationCodeRequests == 1)
        session.expectNoSecrets(in: authorize.stderr + authorize.stdout + token.stderr)
    }
}
