@testable import EveryAuthCLI
import EveryAuthCore
import Foundation
import Testing

/// `identity token -o json` (issue 27 item 2): what a program caching credentials by expiry needs.
@Suite struct TokenJSONTests {
    @Test func theTokenItsTypeItsHeaderAndItsExpiry() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        try cli.addAPIKey("u+key", userId: "bob")
        let expiry = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01T00:00:00Z, far from any refresh
        _ = try cli.store.update { document in
            document.upsertIdentity(service: .pagerduty, userId: "carol", kind: .oauth, credential: Credential(
                accessToken: "pdus+_carol", native: ["token_type": .string("bearer"), "expires_at": .number(4_102_444_800_000)],
                refreshToken: "r"))
        }
        let key = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob", "-o", "json"])
        #expect(key.status == 0, "\(key.stderr)")
        #expect(key.stdout == """
            {
              "accessToken": "u+key",
              "tokenType": "Token",
              "header": "Token token=u+key",
              "expiresAt": null
            }

            """)
        let oauth = await cli.run(["identity", "token", "pagerduty", "--user-id", "carol", "-o", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(oauth.stdout.utf8)) as? [String: Any])
        #expect(object["accessToken"] as? String == "pdus+_carol" && object["tokenType"] as? String == "Bearer")
        #expect(object["header"] as? String == "Bearer pdus+_carol")
        #expect(object["expiresAt"] as? String == Timestamp.format(expiry))
        let both = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob", "-o", "json", "--header"])
        #expect(both.status == 64 && both.stdout.isEmpty)
        let plain = await cli.run(["identity", "token", "pagerduty", "--user-id", "bob"])
        #expect(plain.stdout == "u+key\n")
    }
}
