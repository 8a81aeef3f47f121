import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `identity rm --revoke`: RFC 7009 revocation before the local delete.
@Suite("everyauth identity rm --revoke")
struct IdentityRevokeTests {
    @Test("the fake sees both tokens revoked, then the identity is gone and its token no longer works")
    func revokeThenRemove() async throws {
        let session = try AccountSession()
        let seeded = try session.seedOAuth(userId: "grace")
        #expect(session.oauth.isValidAccessToken(seeded.accessToken))
        let result = try await session.run(["identity", "rm", "pagerduty", "--user-id", "grace", "-q", "--revoke"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.oauth.revokedTokens == [seeded.refreshToken, seeded.accessToken])
        #expect(!session.oauth.isValidAccessToken(seeded.accessToken))
        #expect(session.identities().isEmpty)
        #expect(!(result.stdout + result.stderr).contains(seeded.accessToken))
    }

    @Test("a failing revocation keeps the identity (exit 5); --force removes it anyway with a warning")
    func failingRevocation() async throws {
        let session = try AccountSession()
        let seeded = try session.seedOAuth(userId: "grace")
        session.oauth.revocationFailure = 400
        let before = session.cli.storeData()
        let kept = try await session.run(["identity", "rm", "pagerduty", "--user-id", "grace", "-q", "--revoke"])
        #expect(kept.status == 5)
        #expect(kept.stderr.contains("revocation"))
        #expect(kept.stderr.contains("nothing was removed"))
        #expect(session.cli.storeData() == before)
        #expect(session.identities().count == 1)
        #expect(session.oauth.isValidAccessToken(seeded.accessToken))

        let forced = try await session.run(["identity", "rm", "pagerduty", "--user-id", "grace", "-q", "--revoke", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("warning"))
        #expect(session.identities().isEmpty)
    }

    @Test("an API key cannot be revoked through OAuth: usage error, nothing removed")
    func apiKey() async throws {
        let session = try AccountSession()
        try session.seedKey(userId: "ada", key: AccountSession.userKey)
        let result = try await session.run(["identity", "rm", "pagerduty", "--user-id", "ada", "-q", "--revoke"])
        #expect(result.status == 64)
        #expect(session.identities().count == 1)
        #expect(session.oauth.revokedTokens.isEmpty)
        let forceAlone = try await session.run(["identity", "rm", "pagerduty", "--user-id", "ada", "-q", "--force"])
        #expect(forceAlone.status == 64)
        #expect(session.identities().count == 1)
    }
}
