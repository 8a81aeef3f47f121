import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// The client's wire constants against the fake, whose own are written from PagerDuty's
/// documents: a client constant that drifts (the Accept header, a status, urgency, include value
/// or sort field) makes these requests fail with the fake's 406 or 400.
@Suite struct FakeContractTests {
    private func client(_ server: RESTServer) -> PagerDutyClient {
        PagerDutyClient(baseURL: server.baseURL, http: HTTPClient(), auth: PagerDutyAuth(token: .guessing("key")))
    }

    private func fake() throws -> RESTServer {
        var settings = RESTServer.Settings()
        settings.apiKeys = ["key": "PUSR001"]
        return try RESTServer(incidentCount: 200, settings: settings)
    }

    @Test func everyValueTheClientOffersIsOnePagerDutyAccepts() async throws {
        let server = try fake()
        defer { server.shutdown() }
        let client = client(server)
        var queries: [IncidentQuery] = []
        for status in IncidentQuery.statusValues {
            var query = IncidentQuery()
            try query.setStatuses([status])
            queries.append(query)
        }
        for urgency in IncidentQuery.urgencyValues {
            var query = IncidentQuery()
            try query.setUrgencies([urgency])
            queries.append(query)
        }
        var include = IncidentQuery()
        try include.setInclude(IncidentQuery.includeValues)
        queries.append(include)
        for field in IncidentQuery.sortFields {
            var query = IncidentQuery()
            try query.setSortBy([field + ":desc", IncidentQuery.sortFields.first { $0 != field } ?? field])
            queries.append(query)
        }
        for query in queries {
            let page = try await client.incidents(query, limit: 5, offset: 0, total: true)
            #expect(page.total != nil)
        }
        #expect(server.incidentQueries.count == queries.count)
        #expect(server.receivedWindows.count == queries.count)
    }

    @Test func theClientsDefaultListingIsServed() async throws {
        let server = try fake()
        defer { server.shutdown() }
        var count = 0
        for try await incident in IncidentListing(client: client(server), query: IncidentQuery(), extent: .first(25)).incidents() {
            #expect(["triggered", "acknowledged"].contains(incident["status"]?.stringValue ?? ""))
            count += 1
        }
        #expect(count == 25)
    }

    @Test func longRangesAreCutIntoWindowsOf180DaysAtMost() throws {
        let server = try fake()
        defer { server.shutdown() }
        let now = Date(timeIntervalSince1970: 1_796_000_000.5)
        var query = IncidentQuery()
        query.allTime = true
        let windows = IncidentListing(client: client(server), query: query, extent: .all, now: now).windows()
        #expect(windows.first?.since == IncidentListing.earliest)
        #expect(windows.last?.until == now)
        for (older, newer) in zip(windows, windows.dropFirst()) { #expect(older.until == newer.since) }
        #expect(windows.allSatisfy { ($0.until ?? now).timeIntervalSince($0.since ?? now) <= 180 * 86_400 })
        #expect(windows.count == Int((now.timeIntervalSince(IncidentListing.earliest) / (180 * 86_400)).rounded(.up)))

        try query.setSortBy(["created_at:desc"])
        let newestFirst = IncidentListing(client: client(server), query: query, extent: .all, now: now).windows()
        #expect(newestFirst.map(\.since) == windows.reversed().map(\.since))

        // --since alone is closed at now; no start at all is PagerDuty's own default month.
        var recent = IncidentQuery()
        recent.since = now.addingTimeInterval(-7200)
        let closed = IncidentListing(client: client(server), query: recent, extent: .all, now: now).windows()
        #expect(closed.count == 1 && closed[0].since == recent.since && closed[0].until == now)
        let open = IncidentListing(client: client(server), query: IncidentQuery(), extent: .all, now: now).windows()
        #expect(open.count == 1 && open[0].since == nil && open[0].until == nil)
    }
}
