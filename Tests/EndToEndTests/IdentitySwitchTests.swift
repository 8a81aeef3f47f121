import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// `identity switch`: the service's default user id, used when no --user-id or $EVERYAUTH_USER_ID is given.
@Suite("everyauth identity switch")
struct IdentitySwitchTests {
    @Test("switch, then identity token without --user-id prints the default user's token; $EVERYAUTH_USER_ID still wins")
    func switchThenToken() async throws {
        let session = try AccountSession()
        try session.seedKey(userId: "alice", key: "alice-key")
        let bob = try session.seedKey(userId: "bob", key: AccountSession.userKey)
        let switched = try await session.run(["identity", "switch", "pagerduty", "--user-id", "bob"])
        #expect(switched.status == 0, "\(switched.stderr)")
        #expect(switched.stderr.contains("'bob'") && switched.stderr.contains(bob))
        let services = try #require(session.cli.storeJSON()?["services"] as? [String: [String: Any]])
        #expect(services["pagerduty"]?["defaultUserId"] as? String == "bob")

        let token = try await session.run(["identity", "token", "pagerduty"])
        #expect(token.status == 0, "\(token.stderr)")
        #expect(token.stdout == AccountSession.userKey + "\n")
        let byEnvironment = try await session.run(["identity", "token", "pagerduty"], environment: ["EVERYAUTH_USER_ID": "alice"])
        #expect(byEnvironment.stdout == "alice-key\n")
        let explicit = try await session.run(["identity", "token", "pagerduty", "--user-id", "alice"])
        #expect(explicit.stdout == "alice-key\n")

        // The table marks the default; tsv keeps the plain user id for scripts.
        let table = try await session.run(["identity", "ls", "-o", "table"])
        #expect(table.stdout.contains("bob (default)"))
        #expect(!table.stdout.contains("alice (default)"))
        let tsv = try await session.run(["identity", "ls"])
        #expect(!tsv.stdout.contains("(default)"))
        #expect(tsv.lines.contains { $0.split(separator: "\t").dropFirst(2).first == "bob" })

        // api uses the default identity too.
        let api = try await session.run(["api", "/users/me"])
        #expect(api.status == 0, "\(api.stderr)")
        #expect(((api.json as? [String: Any])?["user"] as? [String: Any])?["id"] as? String == "PUSR001")
        // So does incidents list; alice's key is unknown to the fake, so her identity would exit 3.
        let incidents = try await session.run(["incidents", "list"])
        #expect(incidents.status == 0, "\(incidents.stderr)")
        let asAlice = try await session.run(["incidents", "list"], environment: ["EVERYAUTH_USER_ID": "alice"])
        #expect(asAlice.status == 3)
    }

    @Test("switching to a user id without an identity fails and changes nothing")
    func switchToUnknown() async throws {
        let session = try AccountSession()
        try session.seedKey(userId: "alice", key: "alice-key")
        let before = session.cli.storeData()
        let result = try await session.run(["identity", "switch", "pagerduty", "--user-id", "nobody"])
        // SPEC §5: 3 whenever the remedy is authorizing that user id.
        #expect(result.status == 3)
        #expect(result.stderr.contains("nobody"))
        #expect(session.cli.storeData() == before)
        let empty = try await session.run(["identity", "switch", "pagerduty", "--user-id", ""])
        #expect(empty.status == 64)
    }
}
