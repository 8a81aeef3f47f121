import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Crypto
import PagerDutyFake
import Testing

/// `identity check`: every identity proven usable or marked, only the broken ones marked, the
/// marks kept in the store and shown by `identity ls`.
@Suite struct IdentityCheckTests {
    /// Grace works; Mallory's token expired and her refresh token was revoked; Victor's token is
    /// refused by PagerDuty and so is his refresh; Ada's key was revoked; Evan's token expired with
    /// nothing to refresh it; Rita's works.
    static func seeded() throws -> (AccountSession, good: String, rita: (id: String, accessToken: String, refreshToken: String)) {
        let session = try AccountSession()
        let good = try session.seedOAuth(userId: "grace")
        let mallory = try session.seedOAuth(userId: "mallory", expiresIn: -60)
        session.oauth.revokeRefreshToken(mallory.refreshToken)
        let victor = try session.seedOAuth(userId: "victor", expiresIn: 86_400)
        session.rest.configure { $0.expiredTokens.insert(victor.accessToken) }
        session.oauth.revokeRefreshToken(victor.refreshToken)
        try session.seedKey(userId: "ada", key: "u+revoked-key")
        let expired = try Credential(tokenResponse: ["access_token": .string("gone-token"), "token_type": .string("bearer"), "expires_in": .number(-60)],
                                     receivedAt: Date())
        _ = try FileStore(directory: session.cli.configDir).update { document in
            document.upsertIdentity(service: .pagerduty, userId: "evan", kind: .oauth, credential: expired)
        }
        let rita = try session.seedOAuth(userId: "rita", expiresIn: 7_200)
        return (session, good.accessToken, rita)
    }

    @Test func onlyTheBrokenAreMarkedAndTheMarksAreKeptAndListed() async throws {
        let (session, good, rita) = try Self.seeded()
        let result = try await session.run(["identity", "check", "-o", "json"])
        #expect(result.status == 3, "\(result.stderr)")
        let rows = try #require(result.json as? [[String: Any]])
        let byUser = Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["userId"] as? String).map { ($0, row) } })
        #expect(byUser.mapValues { $0["result"] as? String } == [
            "grace": "ok", "rita": "ok", "mallory": "refresh_failed", "victor": "revoked", "ada": "revoked", "evan": "expired",
        ])
        #expect((byUser["mallory"]?["reason"] as? String)?.isEmpty == false)
        #expect(result.stderr.contains("Checked 6 identities: 2 ok, 1 expired, 1 refresh_failed, 2 revoked."), "\(result.stderr)")
        #expect(result.stderr.contains("Run 'everyauth authorize'"))
        // Rita's grant was not due: no refresh, the same token.
        #expect(session.identities().first { $0["userId"] as? String == "rita" }.flatMap { ($0["credential"] as? [String: Any])?["accessToken"] as? String }
                == rita.accessToken)

        // Each mark is in the file, with its time; no token is printed.
        for identity in session.identities() {
            let check = try #require(identity["check"] as? [String: Any], "\(identity["userId"] ?? "")")
            #expect(check["state"] as? String == byUser[identity["userId"] as? String ?? ""]?["result"] as? String)
            #expect((check["at"] as? String).flatMap(Timestamp.parse) != nil)
        }
        #expect(!(result.stdout + result.stderr).contains(good))

        let listed = try await session.run(["identity", "ls", "-o", "json"])
        let statuses = Dictionary(uniqueKeysWithValues: ((listed.json as? [[String: Any]]) ?? []).map { ($0["userId"] as? String ?? "", $0["status"] as? String ?? "") })
        #expect(statuses == ["grace": "authorized", "rita": "authorized", "mallory": "refresh_failed", "victor": "revoked", "ada": "revoked", "evan": "expired"])

        // Authorizing again (here: a new key for Ada) is newer than the mark: she is usable again.
        session.rest.configure { $0.apiKeys["u+new-key"] = "PUSR001" }
        let readded = try await session.run(["identity", "add", "pagerduty", "--user-id", "ada", "--token", "u+new-key"])
        #expect(readded.status == 0, "\(readded.stderr)")
        let again = try await session.run(["identity", "check", "--user-id", "ada", "-o", "ndjson"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(AccountSession.objects(again.stdout).first?["result"] as? String == "ok")
    }

    @Test func refreshAheadRenewsGrantsThatWouldLapseBeforeTheNextRun() async throws {
        let session = try AccountSession()
        let rita = try session.seedOAuth(userId: "rita", expiresIn: 7_200)
        let result = try await session.run(["identity", "check", "pagerduty", "--refresh-ahead", "1d", "-o", "ndjson"])
        #expect(result.status == 0, "\(result.stderr)")
        let stored = try #require(session.identities().first)
        let credential = try #require(stored["credential"] as? [String: Any])
        #expect(credential["accessToken"] as? String != rita.accessToken)
        #expect((stored["check"] as? [String: Any])?["state"] as? String == "ok")

        let bad = try await session.run(["identity", "check", "--refresh-ahead", "soon"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--refresh-ahead"))
        let both = try await session.run(["identity", "check", "--all", "--user-id", "rita"])
        #expect(both.status == 64)
    }

    @Test func pagerDutyUnreachableIsExit5AndKeepsTheLastVerdict() async throws {
        let session = try AccountSession()
        try session.seedKey(userId: "ada", key: AccountSession.userKey)
        let first = try await session.run(["identity", "check"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try #require(session.identities().first?["check"] as? [String: Any])
        // Every answer a 500 (after the retries): nothing is learned, nothing is written.
        session.rest.configure { $0.failEvery = 1 }
        let result = try await session.run(["identity", "check", "-o", "ndjson"])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(AccountSession.objects(result.stdout).first?["result"] as? String == "error")
        let after = try #require(session.identities().first?["check"] as? [String: Any])
        #expect(after["at"] as? String == before["at"] as? String)
    }

    @Test func webhooksTellOfRefreshesAndOfAGrantNewlyRevokedOnceSignedAndWithoutTokens() async throws {
        let (session, good, rita) = try Self.seeded()
        let receiver = try WebhookReceiver(secret: ServeWebhookTests.secretText, statuses: [])
        let secret = try ServeWebhookTests.secretFile(in: session.cli.configDir.appendingPathComponent("hooks"))
        let hooks = ["--webhook-url", receiver.url, "--webhook-secret-file", secret]
        let result = try await session.run(["identity", "check", "--refresh-ahead", "3h"] + hooks)
        #expect(result.status == 3, "\(result.stderr)")
        // Rita's grant was refreshed ahead (refreshed); Mallory's due refresh was refused (refresh_failed);
        // Victor's token (a day left, not due) was refused and so was its forced refresh: his grant and
        // Ada's key are revoked.
        let arrivals = await receiver.wait(for: 5)
        let events = arrivals.compactMap { (try? JSONSerialization.jsonObject(with: $0.request.body)) as? [String: Any] }
        let byKind = Dictionary(grouping: events) { $0["type"] as? String ?? "" }.mapValues { $0.compactMap { $0["userId"] as? String }.sorted() }
        #expect(byKind["revoked"] == ["ada", "victor"], "\(byKind)")
        #expect(byKind["refreshed"]?.contains("rita") == true, "\(byKind)")
        #expect(byKind["refresh_failed"]?.contains("mallory") == true, "\(byKind)")
        #expect(arrivals.allSatisfy { receiver.verifies($0.request) })
        let bodies = arrivals.map { String(decoding: $0.request.body, as: UTF8.self) }.joined()
        #expect(!bodies.contains(good) && !bodies.contains(rita.accessToken) && !bodies.contains(rita.refreshToken))

        // The next run finds the same grants revoked: no news, no revoked event.
        let before = receiver.arrivals.count
        let again = try await session.run(["identity", "check", "--user-id", "victor"] + hooks)
        #expect(again.status == 3)
        let later = receiver.arrivals.dropFirst(before).compactMap { (try? JSONSerialization.jsonObject(with: $0.request.body)) as? [String: Any] }
        #expect(!later.contains { $0["type"] as? String == "revoked" }, "\(later)")
    }

    @Test func removingWithWebhooksSendsRevokedThenRemoved() async throws {
        let session = try AccountSession()
        let grant = try session.seedOAuth(userId: "leaver")
        try session.seedKey(userId: "keeper", key: AccountSession.userKey)
        let receiver = try WebhookReceiver(secret: ServeWebhookTests.secretText, statuses: [])
        let secret = try ServeWebhookTests.secretFile(in: session.cli.configDir.appendingPathComponent("hooks"))
        let hooks = ["--webhook-url", receiver.url, "--webhook-secret-file", secret]
        let result = try await session.run(["identity", "rm", "pagerduty", "--user-id", "leaver", "--revoke", "--yes"] + hooks)
        #expect(result.status == 0, "\(result.stderr)")
        let events = receiver.arrivals.compactMap { (try? JSONSerialization.jsonObject(with: $0.request.body)) as? [String: Any] }
        #expect(events.map { $0["type"] as? String } == ["revoked", "removed"], "\(events)")
        #expect(events.allSatisfy { $0["userId"] as? String == "leaver" && $0["identityId"] as? String == grant.id })
        #expect(receiver.arrivals.allSatisfy { receiver.verifies($0.request) })
        // Without --revoke: removed only.
        let plain = try await session.run(["identity", "rm", "pagerduty", "--user-id", "keeper", "--yes"] + hooks)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(receiver.arrivals.count == 3)
        #expect(String(decoding: receiver.arrivals[2].request.body, as: UTF8.self).contains("\"removed\""))
    }

    @Test func aRateLimitIsWaitedOutNotReportedAsABrokenGrant() async throws {
        // Every second request is answered 429 with a 1 s reset, as PagerDuty limits a busy token.
        let session = try AccountSession { $0.rateLimitEvery = 2; $0.rateLimitReset = 1 }
        for user in ["a", "b", "c", "d"] { try session.seedKey(userId: user, key: AccountSession.userKey) }
        let result = try await session.run(["identity", "check", "-o", "ndjson"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(AccountSession.objects(result.stdout).map { $0["result"] as? String } == ["ok", "ok", "ok", "ok"])
        #expect(session.rest.requestCount > 4, "no request was limited")
    }
}
