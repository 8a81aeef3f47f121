import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// Two `serve` instances sharing one store, as behind a load balancer: an authorization started
/// on one is finished on the other, and 50 users authorizing at once through both lose nothing.
/// Run over a shared config dir (the JSON file and its pending file) always, and over PostgreSQL
/// when `EVERYAUTH_TEST_POSTGRES_URL` names a database (required with EVERYAUTH_TEST_POSTGRES_REQUIRED=1).
@Suite("everyauth serve: two instances")
struct ServeScaleTests {
    /// The PostgreSQL store of this run, or nil (the test then says it skipped).
    static func postgresStore() throws -> StoreAddress? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["EVERYAUTH_TEST_POSTGRES_URL"], !url.isEmpty else {
            if environment["EVERYAUTH_TEST_POSTGRES_REQUIRED"] == "1" {
                Issue.record("EVERYAUTH_TEST_POSTGRES_REQUIRED=1 but EVERYAUTH_TEST_POSTGRES_URL is not set")
            }
            return nil
        }
        return .postgres(url)
    }

    @Test("shared config dir: started on one instance, finished on the other; 50 users at once lose nothing")
    func sharedFileStore() async throws {
        try await twoInstances(store: nil)
    }

    @Test("shared PostgreSQL store: the same", .enabled(if: ProcessInfo.processInfo.environment["EVERYAUTH_TEST_POSTGRES_URL"] != nil
        || ProcessInfo.processInfo.environment["EVERYAUTH_TEST_POSTGRES_REQUIRED"] == "1",
        "EVERYAUTH_TEST_POSTGRES_URL is not set: skipped"))
    func sharedPostgresStore() async throws {
        let store = try #require(try Self.postgresStore())
        try await twoInstances(store: store)
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
