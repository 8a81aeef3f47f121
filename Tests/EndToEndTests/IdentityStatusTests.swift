import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `identity status`: every identity checked online with GET /users/me, like `gh auth status`.
@Suite("everyauth identity status")
struct IdentityStatusTests {
    @Test("a good OAuth identity, a user key, an account key and a revoked identity: exit 3, each reported")
    func goodAndRevoked() async throws {
        let session = try AccountSession()
        session.rest.account.setUser(.init(id: "PUSR002", name: "Grace Hopper", email: "grace@example.com", role: "admin"))
        let good = try session.seedOAuth(userId: "grace")
        let revoked = try session.seedOAuth(userId: "mallory")
        try session.seedKey(userId: "ada", key: AccountSession.userKey)
        try session.seedKey(userId: "ops", key: AccountSession.accountKey)
        // Mallory's access token is refused and the forced refresh is refused too.
        session.rest.configure { $0.expiredTokens.insert(revoked.accessToken) }
        session.oauth.revokeRefreshTokens()

        let result = try await session.run(["identity", "status", "pagerduty", "-o", "json"])
        #expect(result.status == 3, "\(result.stderr)")
        let rows = try #require(result.json as? [[String: Any]])
        let byUser = Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["userId"] as? String).map { ($0, row) } })
        #expect(byUser.count == 4)
        #expect(byUser["grace"]?["check"] as? String == "ok")
        #expect(byUser["grace"]?["name"] as? String == "Grace Hopper")
        #expect(byUser["grace"]?["email"] as? String == "grace@example.com")
        #expect(byUser["grace"]?["role"] as? String == "admin")
        #expect(byUser["grace"]?["account"] as? String == "acme")
        #expect(byUser["grace"]?["expiresAt"] is String)
        #expect(byUser["ada"]?["check"] as? String == "ok")
        #expect(byUser["ada"]?["name"] as? String == "Alice Ng")
        #expect(byUser["ops"]?["check"] as? String == "ok")
        #expect(byUser["ops"]?["name"] as? String == "account API key")
        #expect(byUser["mallory"]?["check"] as? String == "revoked")
        // What status found is kept as identity check keeps it.
        let stored = Dictionary(uniqueKeysWithValues: session.identities().compactMap { identity in
            (identity["userId"] as? String).map { ($0, (identity["check"] as? [String: Any])?["state"] as? String) }
        })
        #expect(stored["mallory"] == .some("revoked") && stored["grace"] == .some("ok"), "\(stored)")
        #expect(result.stderr.contains("mallory"))
        #expect(result.stderr.contains("everyauth authorize pagerduty --user-id mallory"))
        #expect(!result.stderr.contains("grace"))
        #expect(!(result.stdout + result.stderr).contains(good.accessToken))

        // One selected identity that works: exit 0.
        let one = try await session.run(["identity", "status", "pagerduty", "--user-id", "grace"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.lines.count == 2)
        #expect(one.stdout.contains("Grace Hopper"))
    }

    @Test("identity refresh gets a new token now although the old one is far from expiry; API keys are refused")
    func refreshNow() async throws {
        let session = try AccountSession()
        let seeded = try session.seedOAuth(userId: "grace", expiresIn: 86_400)
        let result = try await session.run(["identity", "refresh", "pagerduty", "--user-id", "grace"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Refreshed the pagerduty identity \(seeded.id)"))
        #expect(session.oauth.refreshRequests == 1)
        let token = try await session.run(["identity", "token", "pagerduty", "--user-id", "grace"])
        #expect(token.stdout != seeded.accessToken + "\n")
        #expect(session.oauth.isValidAccessToken(token.stdout.trimmingCharacters(in: .newlines)))
        #expect(!(result.stdout + result.stderr).contains(seeded.accessToken))

        try session.seedKey(userId: "ada", key: AccountSession.userKey)
        let key = try await session.run(["identity", "refresh", "pagerduty", "--user-id", "ada"])
        #expect(key.status == 64)
        #expect(session.oauth.refreshRequests == 1)
    }
}
