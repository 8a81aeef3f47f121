import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `incidents watch`: changes made elsewhere are printed and handed to --exec; failed polls are
/// survived; SIGTERM ends it with 0; a rejected credential ends it with 3.
@Suite struct IncidentActionsWatchTests {
    /// Fast polls; the floor is lowered through the test-only variable.
    static let environment = ["EVERYAUTH_WATCH_MIN_INTERVAL": "0.1"]
    static let arguments = ["incidents", "watch", "--token", IncidentsSession.apiKey, "--interval", "0.2", "-o", "ndjson"]

    @Test func printsAStatusChangeMadeByAnotherClientAndRunsExec() async throws {
        let session = try IncidentsSession(incidents: 30)
        defer { session.close() }
        let target = session.fake.incidents.first { $0.status == "triggered" }!.id
        let watch = try session.cli.start(
            Self.arguments + ["--exec", "printf 'exec:%s:%s:' \"$EVERYAUTH_EVENT\" \"$EVERYAUTH_INCIDENT_ID\" >&2; cat >&2"],
            environment: Self.environment)
        let started = await watch.waitForStderrAsync { $0.contains("Watching") ? true : nil }
        #expect(started == true, "\(watch.stderr)")

        // Another client acknowledges it.
        let ack = try await session.run(["incidents", "ack", target, "--token", IncidentsSession.apiKey, "--from", "bob@example.com"])
        #expect(ack.status == 0, "\(ack.stderr)")
        let ran = await watch.waitForStderrAsync { $0.contains("exec:acknowledged:\(target):{") ? true : nil }
        #expect(ran == true, "\(watch.stderr)")

        // An alert triggers a new incident.
        let new = session.fake.incidentBook.trigger(title: "Disk full on db-9")
        let ranForNew = await watch.waitForStderrAsync { $0.contains("exec:new:\(new.id):{") ? true : nil }
        #expect(ranForNew == true, "\(watch.stderr)")

        kill(watch.pid, SIGTERM)
        let result = await watch.waitAsync()
        #expect(result.status == 0, "\(result.stderr)")
        let events = IncidentsSession.objects(result.stdout)
        #expect(events.count == 2)
        #expect(events.last?["event"] as? String == "new")
        #expect((events.last?["incident"] as? [String: Any])?["title"] as? String == "Disk full on db-9")
        #expect(events.first?["event"] as? String == "acknowledged")
        #expect(events.first?["previous_status"] as? String == "triggered")
        #expect((events.first?["incident"] as? [String: Any])?["id"] as? String == target)
        // The poll asks newest first.
        #expect(session.lastFilter.contains("sort_by=created_at:desc"))
    }

    @Test func survivesAFailedPollAndEndsOnSIGTERMWithZero() async throws {
        // Enough failures for every request of the first poll (page one and the neighbours fetched with it,
        // each tried 3 times), so that poll fails whatever order the requests arrive in.
        let session = try IncidentsSession(incidents: 30) { $0.failFirst = 30 }
        defer { session.close() }
        let target = session.fake.incidents.first { $0.status == "acknowledged" }!.id
        let watch = try session.cli.start(Self.arguments + ["--exec", "cat >&2"], environment: Self.environment)
        let recovered = await watch.waitForStderrAsync { text in
            text.contains("poll failed") && text.contains("Watching") ? true : nil
        }
        #expect(recovered == true, "\(watch.stderr)")
        #expect(watch.stderr.contains("HTTP 500"))

        // A resolved incident leaves the open selection; watch looks it up and reports it.
        session.fake.incidentBook.setStatus(target, "resolved")
        let seen = await watch.waitForStderrAsync { $0.contains("{\"event\":\"resolved\"") ? true : nil }
        #expect(seen == true, "\(watch.stderr)")
        kill(watch.pid, SIGTERM)
        let result = await watch.waitAsync()
        #expect(result.status == 0, "\(result.stderr)")
        let events = IncidentsSession.objects(result.stdout)
        #expect(events.first?["event"] as? String == "resolved")
        #expect((events.first?["incident"] as? [String: Any])?["id"] as? String == target)
    }

    @Test func aRejectedTokenEndsTheWatchWithExit3() async throws {
        let session = try IncidentsSession(incidents: 5) { $0.expiredTokens = [IncidentsSession.apiKey] }
        defer { session.close() }
        let result = try await session.run(Self.arguments, environment: Self.environment, timeout: 60)
        #expect(result.status == 3, "\(result.stderr)")
    }

    @Test func anIntervalBelowTheFloorIsAUsageError() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let result = try await session.run(["incidents", "watch", "--token", IncidentsSession.apiKey, "--interval", "2s"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--interval"))
        #expect(session.fake.requestCount == 0)
    }
}
