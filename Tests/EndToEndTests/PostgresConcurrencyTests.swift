import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Many `everyauth` processes sharing one PostgreSQL store: no update lost, one refresh per
/// expiring credential, and a process killed while it holds an identity loses nothing.
@Suite("PostgreSQL store: concurrent processes", .postgres, .timeLimit(.minutes(3)))
struct PostgresConcurrencyTests {
    /// 50 processes at once, each adding its own identity and removing another's seeded one:
    /// afterwards exactly the 50 new identities remain.
    @Test func fiftyProcessesAddAndRemoveWithoutLosingAnUpdate() async throws {
        let session = try await PostgresSession.make()
        let count = 50
        for index in 0..<count {
            try await session.store.upsertIdentity(service: .pagerduty, userId: "seed-\(index)", kind: .apiKey,
                                                   credential: .apiKey("seed-key-\(index)"))
        }
        let result = try await session.cli.addNewRemovingSeedsConcurrently(count: count)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        let final = try await session.store.identities(matching: IdentityFilter())
        #expect(Set(final.map(\.userId)) == Set((0..<count).map { "new-\($0)" }))
        #expect(final.count == count)
        let token = try await session.cli.runAsync(["identity", "token", "pagerduty", "--user-id", "new-7"])
        #expect(token.stdout == "new-key-7\n", "\(token.stderr)")
        await session.cleanUp()
    }

    /// 20 processes ask for one expiring identity at once: the row lock lets one refresh, the rest
    /// re-read its result; one token request, one token printed by all.
    @Test func twentyProcessesRefreshOnce() async throws {
        let session = try await PostgresSession.make()
        let old = try await session.seedIdentity(userId: "user-1", expiresIn: 60)
        // A slow token endpoint keeps the row locked while the others queue for it.
        session.oauth.tokenDelay = 0.2
        let children = try (0..<20).map { _ in
            try session.cli.start(["identity", "token", "pagerduty", "--user-id", "user-1"], environment: ["EVERYAUTH_LOCK_TIMEOUT": "120"])
        }
        var results: [CLIResult] = []
        for child in children { results.append(await child.waitAsync(timeout: 120)) }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let tokens = Set(results.map(\.stdout))
        #expect(tokens.count == 1, "different tokens printed: \(tokens.count)")
        let token = try #require(tokens.first).trimmingCharacters(in: .newlines)
        #expect(token != old.accessToken)
        #expect(session.oauth.isValidAccessToken(token))
        #expect(session.oauth.refreshRequests == 1)
        let stored = try await session.store.identity(IdentitySelector(service: .pagerduty, userId: "user-1"))
        #expect(stored.credential.accessToken == token)
        await session.cleanUp()
    }

    /// `identity token` SIGKILLed while its refresh waits on a token endpoint that does not answer:
    /// the transaction dies with the connection, so the row is neither locked nor half-written, and
    /// the next process refreshes with the old refresh token (which never reached the server).
    @Test func killedMidRefreshLeavesTheOldRefreshTokenUsable() async throws {
        let session = try await PostgresSession.make()
        let old = try await session.seedIdentity(userId: "user-1", expiresIn: 60)
        let silent = try FakeHTTPServer(port: 0, threads: 1) { _ in FakeResponse(status: 503, delay: 600) }
        defer { silent.shutdown() }
        try await session.configure(tokenURL: silent.baseURL + "/oauth/token")

        let child = try session.cli.start(["identity", "token", "pagerduty", "--user-id", "user-1", "-v"])
        // The trace's request line: the row is locked and the refresh is on the wire.
        let sent = await child.waitForStderrAsync(timeout: 60) { $0.contains("> POST") ? true : nil }
        try #require(sent == true, "no token request traced: \(child.stderr)")
        child.signal(SIGKILL)
        let killed = await child.waitAsync(timeout: 30)
        #expect(killed.status == 128 + SIGKILL)

        let stored = try await session.store.identity(IdentitySelector(service: .pagerduty, userId: "user-1"))
        #expect(stored.credential.refreshToken == old.refreshToken)
        #expect(stored.credential.accessToken == old.accessToken)
        let listed = try await session.cli.runAsync(["identity", "ls", "-o", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")

        try await session.configure(tokenURL: session.server.baseURL + "/oauth/token")
        // A short lock timeout: a lock left behind by the killed process would fail this run.
        let next = try await session.cli.runAsync(["identity", "token", "pagerduty", "--user-id", "user-1"],
                                                  environment: ["EVERYAUTH_LOCK_TIMEOUT": "10"])
        #expect(next.status == 0, "\(next.stderr)")
        let token = next.stdout.trimmingCharacters(in: .newlines)
        #expect(session.oauth.isValidAccessToken(token) && token != old.accessToken)
        #expect(session.oauth.refreshRequests == 1)
        await session.cleanUp()
    }
}
