import EveryAuthCore
import Foundation
import PagerDutyFake
import Testing

/// Each filter sends PagerDuty's exact query names and gets exactly the incidents the fake matches.
@Suite struct IncidentsFilterTests {
    /// Runs one filter and checks the query and that the result is the fake's own selection.
    private func check(
        _ arguments: [String], query expected: [String], matching: (FakeIncident) -> Bool, sorted: Bool = true
    ) async throws {
        let session = try IncidentsSession(incidents: 400)
        defer { session.close() }
        let result = try await session.list(arguments + ["--limit", "1000", "-o", "ndjson", "--fields", "id"])
        #expect(result.status == 0, "\(result.stderr)")
        // Without --sort-by the list is newest first (SPEC §2).
        let defaultOrder = !arguments.contains("--sort-by")
        #expect(session.lastFilter.sorted() == (defaultOrder ? expected + ["sort_by=created_at:desc"] : expected).sorted())
        let ids = IncidentsSession.objects(result.stdout).compactMap { $0["id"] as? String }
        let matched = session.fake.incidents.filter(matching).map(\.id)
        let wanted = defaultOrder ? Array(matched.reversed()) : matched
        #expect(sorted ? ids == wanted : Set(ids) == Set(wanted))
        #expect(!ids.isEmpty)
    }

    @Test func defaultIsOpenIncidents() async throws {
        try await check([], query: ["statuses[]=triggered", "statuses[]=acknowledged"]) { $0.status != "resolved" }
    }

    @Test func statusAllSendsNoStatusFilter() async throws {
        try await check(["--status", "all"], query: []) { _ in true }
    }

    @Test func statusesAndUrgencyRepeatPerValue() async throws {
        try await check(["--status", "resolved", "--status", "triggered", "--urgency", "low"],
                  query: ["statuses[]=resolved", "statuses[]=triggered", "urgencies[]=low"]) {
            $0.status != "acknowledged" && $0.urgency == "low"
        }
    }

    @Test func servicesTeamsAndAssignees() async throws {
        try await check(["--service-id", "PSVC001", "--service-id", "PSVC003", "--team-id", "PTEAM01", "--assignee-id", "PUSR002"],
                  query: ["statuses[]=triggered", "statuses[]=acknowledged", "service_ids[]=PSVC001", "service_ids[]=PSVC003",
                          "team_ids[]=PTEAM01", "user_ids[]=PUSR002"]) {
            $0.status != "resolved" && ["PSVC001", "PSVC003"].contains($0.serviceID) && $0.teamID == "PTEAM01"
                && $0.assigneeIDs.contains("PUSR002")
        }
    }

    @Test func meResolvesTheTokensUser() async throws {
        try await check(["--me"], query: ["statuses[]=triggered", "statuses[]=acknowledged", "user_ids[]=PUSR001"]) {
            $0.status != "resolved" && $0.assigneeIDs.contains("PUSR001")
        }
    }

    @Test func sinceUntilWindowIsHalfOpen() async throws {
        let since = IncidentGenerator.start + 37 * 10
        let until = IncidentGenerator.start + 37 * 50
        try await check(["--status", "all", "--since", IncidentGenerator.format(since), "--until", IncidentGenerator.format(until)],
                  query: ["since=\(IncidentGenerator.format(since))", "until=\(IncidentGenerator.format(until))"]) {
            $0.createdAt >= since && $0.createdAt < until
        }
    }

    @Test func allTimeSortIncludeAndTimeZone() async throws {
        // --all-time asks PagerDuty's date_range=all (no window) while offset pagination reaches every match.
        try await check(
            ["--all-time", "--sort-by", "urgency:desc", "--sort-by", "created_at:desc", "--include", "services",
             "--include", "assignees", "--time-zone", "Europe/Berlin", "--status", "triggered"],
            query: ["statuses[]=triggered", "date_range=all",
                    "sort_by=urgency:desc,created_at:desc", "include[]=services", "include[]=assignees", "time_zone=Europe/Berlin"],
            matching: { $0.status == "triggered" }, sorted: false)
    }

    @Test func relativeSinceIsSentAsISO8601() async throws {
        let session = try IncidentsSession(incidents: 10)
        defer { session.close() }
        let result = try await session.list(["--since", "2h", "-o", "ndjson"])
        #expect(result.status == 0, "\(result.stderr)")
        let since = session.lastFilter.first { $0.hasPrefix("since=") }.map { String($0.dropFirst(6)) }
        let date = since.flatMap(Timestamp.parse)
        #expect(date.map { abs($0.timeIntervalSinceNow + 7200) < 120 } == true)
    }

    @Test(arguments: [
        (["--status", "closed"], "--status"), (["--urgency", "urgent"], "--urgency"), (["--sort-by", "title"], "--sort-by"),
        (["--include", "everything"], "--include"), (["--since", "yesterday"], "--since"), (["--time-zone", "Mars/Base"], "--time-zone"),
        (["--fields", "a,,b"], "--fields"),
    ])
    func invalidValuesAreUsageErrorsNamingTheFlag(arguments: [String], flag: String) async throws {
        let session = try IncidentsSession(incidents: 1)
        defer { session.close() }
        let result = try await session.list(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(flag))
        #expect(session.fake.requestCount == 0)
    }

    @Test func limitFetchesOnlyWhatItNeeds() async throws {
        let session = try IncidentsSession(incidents: 400)
        defer { session.close() }
        let result = try await session.list(["--status", "all", "--limit", "7", "-o", "ndjson"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(IncidentsSession.objects(result.stdout).count == 7)
        #expect(session.fake.incidentQueries.count == 1)
        #expect(session.fake.incidentQueries.first?.contains { $0.0 == "limit" && $0.1 == "7" } == true)
    }
}
