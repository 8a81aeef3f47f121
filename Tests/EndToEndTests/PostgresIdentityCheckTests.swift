import EveryAuthCore
import EveryAuthPostgres
import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `identity check` on PostgreSQL: the verdicts land in the rows (`last_check`), only the broken
/// identity is marked unusable, and `identity ls` shows it.
@Suite("PostgreSQL store: identity check", .postgres, .timeLimit(.minutes(3)))
struct PostgresIdentityCheckTests {
    @Test func theRevokedGrantIsMarkedInItsRowOnly() async throws {
        let session = try await PostgresSession.make()
        let rest = try RESTServer(incidentCount: 0, oauth: session.oauth)
        defer { rest.shutdown() }
        let base = session.server.baseURL
        try await session.store.updateService("pagerduty") { settings in
            settings = ServiceSettings(clientId: "client-1", clientSecret: "s3cret-client", authorizationUrl: base + "/oauth/authorize",
                                       tokenUrl: base + "/oauth/token", apiUrl: rest.baseURL)
        }
        try await session.seedIdentity(userId: "grace", expiresIn: 3_600)
        let revoked = try await session.seedIdentity(userId: "victor", expiresIn: 3_600)
        rest.configure { $0.expiredTokens.insert(revoked.accessToken) }
        session.oauth.revokeRefreshToken(revoked.refreshToken)

        let result = try await session.cli.runAsync(["identity", "check", "-o", "ndjson"])
        #expect(result.status == 3, "\(result.stderr)")
        let rows = AccountSession.objects(result.stdout)
        #expect(Set(rows.compactMap { row in (row["userId"] as? String).map { "\($0)=\(row["result"] as? String ?? "")" } }) == ["grace=ok", "victor=revoked"])
        #expect(try await session.database.value("SELECT last_check->>'state' FROM everyauth_identities WHERE user_id = 'grace'") == "ok")
        #expect(try await session.database.value("SELECT last_check->>'state' FROM everyauth_identities WHERE user_id = 'victor'") == "revoked")
        #expect(try await session.database.value("SELECT count(*)::text FROM everyauth_identities WHERE last_check->>'at' IS NOT NULL") == "2")

        let listed = try await session.cli.runAsync(["identity", "ls", "-o", "json"])
        let statuses = ((listed.json as? [[String: Any]]) ?? []).map { "\($0["userId"] as? String ?? "")=\($0["status"] as? String ?? "")" }
        #expect(Set(statuses) == ["grace=authorized", "victor=revoked"])
        let identity = try await session.store.identity(IdentitySelector(service: .pagerduty, userId: "victor"))
        #expect(identity.check?.state == .revoked)
        await session.cleanUp()
    }
}
