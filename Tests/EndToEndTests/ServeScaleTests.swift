import EveryAuthCore
import EveryAuthPostgresTestSupport
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Two `serve` instances sharing one store, as behind a load balancer: an authorization started
/// on one is finished on the other, and 50 users authorizing at once through both lose nothing.
/// Run over a shared config dir (the JSON file and its pending file) always, and over PostgreSQL
/// when `EVERYAUTH_TEST_POSTGRES_URL` names a server (a fresh database per run; required, not
/// skipped, with EVERYAUTH_TEST_POSTGRES_REQUIRED=1 as `scripts/with-postgres` sets).
@Suite("everyauth serve: two instances", .timeLimit(.minutes(3)))
struct ServeScaleTests {
    @Test("shared config dir: started on one instance, finished on the other; 50 users at once lose nothing")
    func sharedFileStore() async throws {
        try await twoInstances(store: nil)
    }

    @Test("shared PostgreSQL store: the same", .postgres)
    func sharedPostgresStore() async throws {
        // A database of this test's own: the counts below are exact.
        let database = try await PostgresDatabase.create()
        try await twoInstances(store: .postgres(database.url))
        await database.drop()
    }

    func twoInstances(store: StoreAddress?) async throws {
        // The public URL is the load balancer's; the client (standing in for it) picks the instance.
        let session = try await ServeSession(publicURL: "http://127.0.0.1:9", store: store)
        let first = try await ServeInstance.start(cli: session.cli, publicURL: session.publicURL)
        let second = try await ServeInstance.start(cli: session.cli, publicURL: session.publicURL)

        let (crossed, _) = try await session.authorize(user: "across", start: first, finish: second)
        #expect(crossed.status == 302, "\(crossed.body)")
        #expect(try await session.identities().map(\.userId) == ["across"])

        let users = (0..<50).map { "user-\($0)" }
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for (index, user) in users.enumerated() {
                let (start, finish) = index % 2 == 0 ? (first, second) : (second, first)
                group.addTask { (user, try await session.authorize(user: user, start: start, finish: finish).answer.status) }
            }
            return try await group.reduce(into: [String: Int]()) { $0[$1.0] = $1.1 }
        }
        #expect(statuses.values.allSatisfy { $0 == 302 }, "\(statuses.filter { $0.value != 302 })")
        let stored = try await session.identities()
        #expect(Set(stored.map(\.userId)) == Set(users + ["across"]))
        #expect(stored.count == 51)
        // Every pending authorization was taken by its callback: nothing is left to grow.
        #expect(try await session.pendingCount() == 0)
        #expect(session.oauth.authorizationCodeRequests == 51)

        for instance in [first, second] {
            let result = await instance.stop()
            #expect(result.status == 0, "\(result.stderr)")
            session.expectNoSecrets(in: result.stderr)
        }
    }
}
