import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `--all`: every incident exactly once and in order, past PagerDuty's 10,000 offset ceiling and
/// through rate limits and server errors; 401 handling for API keys and OAuth identities.
@Suite struct IncidentsPagingTests {
    private func ids(_ result: CLIResult) -> [String] {
        IncidentsSession.objects(result.stdout).compactMap { $0["id"] as? String }
    }

    @Test func allOver25000SplitsTheWindowAndKeepsOrder() async throws {
        let session = try IncidentsSession(incidents: 25_000)
        defer { session.close() }
        let result = try await session.list(["--all", "--status", "all", "--all-time", "-o", "ndjson", "--fields", "id", "--sort-by", "created_at:asc"], timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let got = ids(result)
        #expect(got.count == 25_000)
        #expect(got == session.fake.incidents.map(\.id))
        // No request asked beyond the ceiling (the fake would have refused it with 2002 anyway).
        for query in session.fake.incidentQueries {
            let limit = query.first { $0.0 == "limit" }.flatMap { Int($0.1) } ?? 0
            let offset = query.first { $0.0 == "offset" }.flatMap { Int($0.1) } ?? 0
            #expect(offset + limit <= 10_000)
        }
    }

    @Test func allNewestFirstOver12000() async throws {
        let session = try IncidentsSession(incidents: 12_000)
        defer { session.close() }
        let result = try await session.list(
            ["--all", "--status", "all", "--all-time", "--sort-by", "created_at:desc", "-o", "ndjson", "--fields", "id"], timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ids(result) == session.fake.incidents.reversed().map(\.id))
    }

    @Test func allWithinOneWindowUsesTotalOnlyOnPageOne() async throws {
        let session = try IncidentsSession(incidents: 1_000)
        defer { session.close() }
        let result = try await session.list(["--all", "--status", "all", "-o", "ndjson", "--fields", "id", "--concurrency", "3", "--sort-by", "created_at:asc"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ids(result) == session.fake.incidents.map(\.id))
        let queries = session.fake.incidentQueries
        #expect(queries.count == 10)
        #expect(queries.filter { $0.contains { $0.0 == "total" && $0.1 == "true" } }.count == 1)
    }

    @Test func rateLimitsAndServerErrorsDuringAllStillComplete() async throws {
        let session = try IncidentsSession(incidents: 2_000) { settings in
            settings.rateLimitEvery = 6
            settings.rateLimitReset = 1
            settings.failEvery = 7
        }
        defer { session.close() }
        let result = try await session.list(["--all", "--status", "all", "-o", "ndjson", "--fields", "id", "--sort-by", "created_at:asc"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ids(result) == session.fake.incidents.map(\.id))
        #expect(session.fake.requestCount > 20)
    }

    @Test func noStoredIdentityExits3NamingAuthorize() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let result = try await session.run(["incidents", "list", "--user-id", "nobody"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("everyauth authorize pagerduty --user-id nobody"))
        #expect(session.fake.requestCount == 0)
    }

    @Test func unauthorizedAPIKeyExits3() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let result = try await session.run(["incidents", "list", "--token", "wrong-key"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("401"))
        #expect(!result.stderr.contains("wrong-key"))
    }

    @Test func tokenFromEnvironmentIsUsed() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let result = try await session.run(["incidents", "list", "-o", "ndjson"], environment: ["PAGERDUTY_TOKEN": IncidentsSession.apiKey])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func apiErrorBodyIsShown() async throws {
        let session = try IncidentsSession(incidents: 5) { $0.failFirst = 100 }
        defer { session.close() }
        let result = try await session.list(["-o", "ndjson"])
        #expect(result.status == 5)
        #expect(result.stderr.contains("500"))
    }

    @Test func oauthIdentityRefreshesOnceOn401() async throws {
        let oauth = OAuthServer(clients: [OAuthServer.Client(id: "client-1")])
        let oauthHTTP = try oauth.serve()
        defer { oauthHTTP.shutdown() }
        let session = try IncidentsSession(incidents: 30) { settings in
            settings.bearerCheck = { oauth.isValidAccessToken($0) ? "PUSR001" : nil }
        }
        defer { session.close() }
        let (_, refresh) = oauth.issueTokens(clientId: "client-1")
        let tokenURL = oauthHTTP.baseURL + "/oauth/token"
        try FileStore(directory: session.cli.configDir).update { document in
            document.services["pagerduty"]?.tokenUrl = tokenURL
            // Not yet expired as far as the store knows, but the API no longer accepts it.
            let native: JSONObject = [
                "token_type": .string("bearer"), "expires_at": .number((Date().timeIntervalSince1970 + 86_400) * 1000),
            ]
            document.identities.append(Identity(
                service: "pagerduty", userId: "alice", kind: .oauth,
                credential: Credential(accessToken: "pdus+_0Xrevoked", native: native, refreshToken: refresh)))
        }
        let result = try await session.run(["incidents", "list", "--user-id", "alice", "-o", "ndjson", "--status", "all"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(IncidentsSession.objects(result.stdout).count == 25)
        #expect(oauth.refreshRequests == 1)
        let stored = try FileStore(directory: session.cli.configDir).read().identities.first
        #expect(stored?.credential.accessToken != "pdus+_0Xrevoked")
    }
}
