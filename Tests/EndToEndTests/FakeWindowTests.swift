import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// PagerDuty refuses a `since`..`until` window longer than 6 months; the fake refuses it too and
/// records every window it received. `--all-time` and other long ranges go window by window.
@Suite struct FakeWindowTests {
    /// A CLI session whose service points at a fake serving `incidents`.
    private struct Session {
        static let apiKey = "u+apikey-windows"
        let fake: RESTServer
        let cli = CLI()

        init(_ incidents: [FakeIncident]) throws {
            var settings = RESTServer.Settings()
            settings.apiKeys = [Self.apiKey: "PUSR001"]
            fake = try RESTServer(incidents: incidents, settings: settings)
            let url = fake.baseURL
            try FileStore(directory: cli.configDir).update { document in
                document.services["pagerduty"] = ServiceSettings(clientId: "client-1", apiUrl: url)
            }
        }

        func list(_ arguments: [String]) async throws -> (result: CLIResult, ids: [String]) {
            let result = try await cli.runAsync(["incidents", "list", "--token", Self.apiKey] + arguments, timeout: 300)
            let ids = result.stdout.split(separator: "\n").compactMap {
                ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["id"] as? String
            }
            return (result, ids)
        }

        /// Every window the fake received is a real window of 180 days at most, except `allTimeCounts`
        /// requests with `date_range=all` (an all-time listing's first question: how many match).
        func expectShortWindows(allTimeCounts: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) {
            let windows = fake.receivedWindows
            #expect(!windows.isEmpty, sourceLocation: sourceLocation)
            var unbounded = 0
            for window in windows {
                guard let length = window.length else {
                    unbounded += 1
                    continue
                }
                #expect(length <= 180 * 86_400, "a window of \(length) s", sourceLocation: sourceLocation)
            }
            #expect(unbounded == allTimeCounts, "requests with date_range=all", sourceLocation: sourceLocation)
        }

        func close() {
            fake.shutdown()
            cli.cleanUp()
        }
    }

    @Test func allTimeOverThreeYearsListsEveryIncidentOnceWindowByWindow() async throws {
        // 25,000 incidents, one every 3,784 s from 2023-01-01: three years.
        let session = try Session(IncidentGenerator.incidents(count: 25_000, start: 1_672_531_200, spacing: 3_784))
        defer { session.close() }
        let started = Date()
        let (result, ids) = try await session.list(["--all", "--all-time", "--sort-by", "created_at:asc", "-o", "ndjson"])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        let open = session.fake.incidents.filter { $0.status != "resolved" }.map(\.id)
        #expect(open.count > 10_000)
        #expect(ids.count == open.count)
        #expect(Set(ids).count == ids.count, "an incident came out twice")
        #expect(ids == open, "oldest window first, each in the fake's order")
        // More than 10,000 match: date_range=all is asked once (page one, with the total), then windows.
        session.expectShortWindows(allTimeCounts: 1)
        #expect(session.fake.receivedWindows.contains { $0.length == 180 * 86_400 })
        let requests = session.fake.receivedWindows.count
        print("all-time over three years: \(ids.count) incidents, \(requests) requests, \(Set(session.fake.receivedWindows.map(\.since)).count) windows, \(String(format: "%.1f", seconds)) s")

        // Newest first: the windows go backwards, every incident still exactly once.
        let (newest, newestIDs) = try await session.list(["--all", "--all-time", "--status", "all", "--sort-by", "created_at:desc", "-o", "ndjson", "--fields", "id"])
        #expect(newest.status == 0, "\(newest.stderr)")
        #expect(newestIDs == session.fake.incidents.reversed().map(\.id))
        session.expectShortWindows(allTimeCounts: 2)
    }

    @Test func allTimeWithinTheCeilingIsPagedWithoutWindows() async throws {
        // 50 incidents over ten years: date_range=all answers them in one request (38 windows before).
        let small = try Session(IncidentGenerator.incidents(count: 50, start: 1_300_000_000, spacing: 6_000_000))
        defer { small.close() }
        let (listed, ids) = try await small.list(["--all", "--all-time", "--status", "all", "--sort-by", "created_at:asc", "-o", "ndjson", "--fields", "id"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(ids == small.fake.incidents.map(\.id))
        #expect(small.fake.receivedWindows.count == 1, "\(small.fake.receivedWindows.count) requests")
        #expect(small.fake.receivedWindows.allSatisfy { $0.length == nil }, "no window: date_range=all")
        // The default page (newest 25) is one request too.
        let (page, pageIDs) = try await small.list(["--all-time", "--status", "all", "-o", "ndjson", "--fields", "id"])
        #expect(page.status == 0, "\(page.stderr)")
        #expect(pageIDs == Array(small.fake.incidents.reversed().prefix(25).map(\.id)))
        #expect(small.fake.receivedWindows.count == 2)

        // 2,500 incidents: page one with the total, then the 24 other pages, none with a window.
        let larger = try Session(IncidentGenerator.incidents(count: 2_500, start: 1_500_000_000, spacing: 50_000))
        defer { larger.close() }
        let (all, allIDs) = try await larger.list(["--all", "--all-time", "--status", "all", "--sort-by", "created_at:desc", "-o", "ndjson", "--fields", "id"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(allIDs == larger.fake.incidents.reversed().map(\.id))
        #expect(larger.fake.receivedWindows.count == 25)
        #expect(larger.fake.receivedWindows.allSatisfy { $0.length == nil })
    }

    @Test func moreThan10000InOneWindowAreSplitWithinIt() async throws {
        // 12,000 incidents 37 s apart: one 180-day window holds them all, past the 10,000 ceiling.
        let session = try Session(IncidentGenerator.incidents(count: 12_000))
        defer { session.close() }
        let (result, ids) = try await session.list(["--all", "--all-time", "--status", "all", "--sort-by", "created_at:asc", "-o", "ndjson", "--fields", "id"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ids == session.fake.incidents.map(\.id))
        session.expectShortWindows(allTimeCounts: 1)
        // Windows of the 180-day grid start on it; the halves of a bisected window do not.
        let origin = Int(IncidentListing.earliest.timeIntervalSince1970)
        #expect(session.fake.receivedWindows.contains { (($0.since ?? origin) - origin) % (180 * 86_400) != 0 }, "the crowded window was bisected")
    }

    @Test func aLongSinceUntilRangeIsListedInWindows() async throws {
        // One incident a day for two years.
        let session = try Session(IncidentGenerator.incidents(count: 730, start: 1_704_067_200, spacing: 86_400))
        defer { session.close() }
        let (result, ids) = try await session.list(
            ["--all", "--status", "all", "--since", "2024-01-01", "--until", "2026-01-01", "--sort-by", "created_at:asc", "-o", "ndjson", "--fields", "id"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ids == session.fake.incidents.map(\.id))
        session.expectShortWindows()
        #expect(session.fake.receivedWindows.compactMap(\.since).min() == 1_704_067_200)
        #expect(session.fake.receivedWindows.compactMap(\.until).max() == 1_767_225_600)
    }
}
