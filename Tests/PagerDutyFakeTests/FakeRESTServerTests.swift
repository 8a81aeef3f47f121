import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// The fake PagerDuty refuses what PagerDuty refuses, with PagerDuty's error body. The wire
/// literals here are written from PagerDuty's documentation and OpenAPI document, not taken from
/// the client, so these tests judge the fake alone.
@Suite struct FakeRESTServerTests {
    /// The versioning header of REST API v2 (PagerDuty's documentation, "Versioning").
    static let accept = "application/vnd.pagerduty+json;version=2"

    private func fake(_ incidents: [FakeIncident] = IncidentGenerator.incidents(count: 200),
                      _ change: (inout RESTServer.Settings) -> Void = { _ in }) throws -> RESTServer {
        var settings = RESTServer.Settings()
        settings.apiKeys = ["key": "PUSR001"]
        change(&settings)
        return try RESTServer(incidents: incidents, settings: settings)
    }

    /// GET with an API key and `accept` (none when nil); the status and the parsed JSON body.
    private func get(_ server: RESTServer, _ target: String, accept: String? = accept) async throws -> (status: Int, body: [String: Any]) {
        var headers = [HTTPHeader("Authorization", "Token token=key")]
        if let accept { headers.append(HTTPHeader("Accept", accept)) }
        let response = try await HTTPClient().send(HTTPClient.Request(url: server.baseURL + target, headers: headers))
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:])
    }

    /// PagerDuty's error body, `{"error":{"message":..,"code":..,"errors":[..]}}` and nothing more.
    private func expectError(_ answer: (status: Int, body: [String: Any]), status: Int, code: Int, mentioning detail: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, sourceLocation: sourceLocation)
        #expect(Set(answer.body.keys) == ["error"], sourceLocation: sourceLocation)
        let error = answer.body["error"] as? [String: Any] ?? [:]
        #expect(Set(error.keys) == ["message", "code", "errors"], sourceLocation: sourceLocation)
        #expect(error["code"] as? Int == code, sourceLocation: sourceLocation)
        #expect((error["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        let errors = error["errors"] as? [String] ?? []
        #expect(errors.contains { $0.contains(detail) }, "errors: \(errors)", sourceLocation: sourceLocation)
    }

    @Test func onlyTheVersion2AcceptHeaderIsServed() async throws {
        let server = try fake()
        defer { server.shutdown() }
        for wrong in [nil, "application/json", "application/vnd.pagerduty+json;version=1", "application/vnd.pagerduty+json", "*/*"] {
            expectError(try await get(server, "/incidents", accept: wrong), status: 406, code: 2001, mentioning: Self.accept)
        }
        #expect(try await get(server, "/incidents").status == 200)
        // Media type parameters may carry spaces, and the type is case-insensitive (RFC 9110).
        #expect(try await get(server, "/incidents", accept: "Application/VND.PagerDuty+JSON; version=2").status == 200)
        #expect(server.receivedWindows.count == 2)
    }

    @Test(arguments: [
        ("statuses%5B%5D=closed", "closed"), ("statuses%5B%5D=acknowleged", "acknowleged"), ("urgencies%5B%5D=urgent", "urgent"),
        ("include%5B%5D=everything", "everything"), ("sort_by=title", "title"), ("sort_by=created_at:up", "created_at:up"),
        ("sort_by=created_at,urgency,incident_number", "at most two"), ("date_range=some", "date_range"), ("colour=red", "colour"),
    ])
    func valuesOutsideTheOpenAPIDocumentAre400(query: String, detail: String) async throws {
        let server = try fake()
        defer { server.shutdown() }
        expectError(try await get(server, "/incidents?" + query), status: 400, code: 2001, mentioning: detail)
    }

    @Test func everyValueTheOpenAPIDocumentListsIsAccepted() async throws {
        let server = try fake()
        defer { server.shutdown() }
        var items: [String] = []
        items += ["triggered", "acknowledged", "resolved"].map { "statuses%5B%5D=\($0)" }
        items += ["high", "low"].map { "urgencies%5B%5D=\($0)" }
        items += ["acknowledgers", "agents", "assignees", "conference_bridge", "escalation_policies",
                  "first_trigger_log_entries", "priorities", "services", "teams", "users"].map { "include%5B%5D=\($0)" }
        items += ["incident_number", "created_at", "resolved_at", "urgency"].flatMap { ["sort_by=\($0)", "sort_by=\($0):asc", "sort_by=\($0):desc"] }
        for item in items {
            let answer = try await get(server, "/incidents?" + item)
            #expect(answer.status == 200, "\(item): \(answer.body)")
        }
    }

    @Test func aWindowLongerThanSixMonthsIs400AndEveryWindowIsRecorded() async throws {
        let server = try fake()
        defer { server.shutdown() }
        let since = "2026-01-01T00:00:00Z"
        expectError(try await get(server, "/incidents?since=\(since)&until=2026-07-01T00:00:01Z"), status: 400, code: 2005, mentioning: "6 months")
        #expect(try await get(server, "/incidents?since=\(since)&until=2026-07-01T00:00:00Z").status == 200)
        // 31 August plus six months is the end of February.
        expectError(try await get(server, "/incidents?since=2025-08-31T00:00:00Z&until=2026-03-01T00:00:00Z"), status: 400, code: 2005, mentioning: "6 months")
        #expect(try await get(server, "/incidents?since=2025-08-31T00:00:00Z&until=2026-02-28T00:00:00Z").status == 200)
        expectError(try await get(server, "/incidents?since=\(since)&until=\(since)"), status: 400, code: 2005, mentioning: "before")
        expectError(try await get(server, "/incidents?since=yesterday"), status: 400, code: 2004, mentioning: "since")
        let start = 1_767_225_600
        #expect(server.receivedWindows.map(\.length) == [181 * 86_400 + 1, 181 * 86_400, 182 * 86_400, 181 * 86_400, 0])
        #expect(server.receivedWindows.first?.since == start)
    }

    @Test func withoutAWindowOnlyTheLastMonthIsListed() async throws {
        // One incident a day for 90 days; the fake's clock stands one hour after the last.
        let incidents = IncidentGenerator.incidents(count: 90, start: 1_767_225_600, spacing: 86_400)
        let now = incidents[89].createdAt + 3600
        let server = try fake(incidents) { $0.now = { Date(timeIntervalSince1970: TimeInterval(now)) } }
        defer { server.shutdown() }
        func total(_ query: String) async throws -> Int? {
            try await get(server, "/incidents?total=true&limit=1" + query).body["total"] as? Int
        }
        let monthAgo = FakeTime.adding(months: -1, to: now)
        let lastMonth = incidents.filter { $0.createdAt >= monthAgo }.count
        #expect((28...31).contains(lastMonth))
        #expect(try await total("") == lastMonth)
        #expect(try await total("&date_range=all") == 90)
        // One end given: the window is the month on its other side.
        let since = incidents[10].createdAt
        #expect(try await total("&since=\(FakeTime.format(since))") == incidents.filter {
            $0.createdAt >= since && $0.createdAt < FakeTime.adding(months: 1, to: since)
        }.count)
        let windows = server.receivedWindows
        #expect(windows[0] == IncidentWindow(since: monthAgo, until: now, sinceGiven: false, untilGiven: false))
        #expect(windows[1].length == nil)
        #expect(windows[2].sinceGiven && !windows[2].untilGiven)
    }

    @Test func timesAreReadAsISO8601() {
        #expect(FakeTime.parse("2026-01-01T00:00:00Z") == 1_767_225_600)
        #expect(FakeTime.parse("2026-01-01T01:00:00+01:00") == 1_767_225_600)
        #expect(FakeTime.parse("2025-12-31T19:00:00.999-0500") == 1_767_225_600)
        #expect(FakeTime.parse("2026-01-01") == 1_767_225_600)
        #expect(FakeTime.parse("2026-01-01T09:00:00", zone: TimeZone(identifier: "Asia/Tokyo")!) == 1_767_225_600)
        for bad in ["2026-02-30", "2026-13-01", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00Q", "yesterday", ""] {
            #expect(FakeTime.parse(bad) == nil, "\(bad)")
        }
        #expect(FakeTime.format(1_767_225_600) == "2026-01-01T00:00:00Z")
        #expect(FakeTime.format(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(FakeTime.format(FakeTime.adding(months: -1, to: FakeTime.parse("2024-03-31T12:00:00Z")!)) == "2024-02-29T12:00:00Z")
        #expect(FakeTime.format(FakeTime.adding(months: 6, to: FakeTime.parse("2025-08-31T00:00:00Z")!)) == "2026-02-28T00:00:00Z")
    }
}
