import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Synchronization
import Testing

/// The client and the listing against the in-process fake, without the CLI.
@Suite struct PagerDutyClientTests {
    private func fake(_ count: Int, _ change: (inout RESTServer.Settings) -> Void = { _ in }) throws -> RESTServer {
        var settings = RESTServer.Settings()
        settings.apiKeys = ["key": "PUSR001"]
        settings.bearerTokens = ["pdus+_fresh": "PUSR002"]
        settings.expiredTokens = ["pdus+_stale"]
        change(&settings)
        return try RESTServer(incidentCount: count, settings: settings)
    }

    @Test func concurrent401sShareOneRefresh() async throws {
        let server = try fake(10)
        defer { server.shutdown() }
        let refreshes = Counter()
        let auth = PagerDutyAuth(token: .guessing("pdus+_stale")) { _ in
            refreshes.increment()
            try await Task.sleep(nanoseconds: 50_000_000)
            return .guessing("pdus+_fresh")
        }
        let client = PagerDutyClient(baseURL: server.baseURL, http: HTTPClient(), auth: auth)
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 { group.addTask { try await client.currentUserID() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ids == Array(repeating: "PUSR002", count: 4))
        #expect(refreshes.value == 1)
    }

    @Test func apiKeyRejectedIsUnauthorized() async throws {
        let server = try fake(1)
        defer { server.shutdown() }
        let client = PagerDutyClient(baseURL: server.baseURL, http: HTTPClient(), auth: PagerDutyAuth(token: .guessing("nope")))
        // A token handed in, not a stored identity's: the rejection says so (authorizing cannot help).
        await #expect(throws: TokenRejected(source: .given, message: "Authentication failed")) { try await client.currentUserID() }
    }

    @Test func listingStreamsEveryPageInOrderPastTheCeiling() async throws {
        let server = try fake(10_250)
        defer { server.shutdown() }
        let client = PagerDutyClient(baseURL: server.baseURL, http: HTTPClient(), auth: PagerDutyAuth(token: .guessing("key")))
        var query = IncidentQuery()
        try query.setStatuses(["all"])
        let listing = IncidentListing(client: client, query: query, extent: .all, concurrency: 4)
        var ids: [String] = []
        var largestPage = 0
        for try await page in listing.pages() {
            largestPage = max(largestPage, page.count)
            ids += page.compactMap { $0["id"]?.stringValue }
        }
        #expect(ids == server.incidents.map(\.id))
        #expect(largestPage <= IncidentListing.pageSize)
    }

    @Test func limitAboveOnePageStopsAtTheLimit() async throws {
        let server = try fake(1_000)
        defer { server.shutdown() }
        let client = PagerDutyClient(baseURL: server.baseURL, http: HTTPClient(), auth: PagerDutyAuth(token: .guessing("key")))
        var query = IncidentQuery()
        try query.setStatuses(["all"])
        var count = 0
        for try await incident in IncidentListing(client: client, query: query, extent: .first(250)).incidents() {
            _ = incident
            count += 1
        }
        #expect(count == 250)
        // Pages after the first are fetched concurrently, so they may arrive in any order.
        let pages = server.incidentQueries.map { query in
            (Int(query.first { $0.0 == "offset" }?.1 ?? "0") ?? -1, query.first { $0.0 == "limit" }?.1 ?? "")
        }.sorted { $0.0 < $1.0 }
        #expect(pages.map(\.0) == [0, 100, 200])
        #expect(pages.map(\.1) == ["100", "100", "50"])
    }
}

/// A thread-safe count for closures.
private final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
