import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `--tag K=V ...` selects exactly one identity (EveryAuth's lookup by tags).
@Suite("identity selection by --tag")
struct IdentityTagTests {
    @Test("one match selects it; none exits 2; two exit 64 naming both")
    func tagLookups() async throws {
        let session = try AccountSession()
        try session.seedKey(userId: "alice", key: "alice-key", tags: ["team": "web"])
        let bob = try session.seedKey(userId: "bob", key: "bob-key", tags: ["team": "ops"])
        let carol = try session.seedKey(userId: "carol", key: "carol-key", tags: ["team": "ops", "env": "prod"])

        let one = try await session.run(["identity", "token", "pagerduty", "--tag", "team=web"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "alice-key\n")
        let narrowed = try await session.run(["identity", "get", "pagerduty", "--tag", "team=ops", "--tag", "env=prod"])
        #expect(narrowed.status == 0, "\(narrowed.stderr)")
        #expect(narrowed.stdout.contains("carol-key"))

        let none = try await session.run(["identity", "token", "pagerduty", "--tag", "team=db"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("team=db"))
        #expect(none.stdout.isEmpty)

        let two = try await session.run(["identity", "token", "pagerduty", "--tag", "team=ops"])
        #expect(two.status == 64)
        #expect(two.stderr.contains(bob) && two.stderr.contains(carol))
        #expect(two.stdout.isEmpty)

        let mixed = try await session.run(["identity", "token", "pagerduty", "--tag", "team=ops", "--user-id", "bob"])
        #expect(mixed.status == 64)

        let removed = try await session.run(["identity", "rm", "pagerduty", "--tag", "team=web", "-q"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(session.identities().compactMap { $0["userId"] as? String }.sorted() == ["bob", "carol"])
    }
}
