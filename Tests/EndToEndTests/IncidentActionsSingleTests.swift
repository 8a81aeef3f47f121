import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// show, open, reassign, snooze, note/notes, merge and log against the fake, one incident at a time.
@Suite struct IncidentActionsSingleTests {
    static let token = ["--token", IncidentsSession.apiKey]
    static let from = ["--from", "oncall@example.com"]

    private func firstID(_ session: IncidentsSession, status: String) -> String {
        session.fake.incidents.first { $0.status == status }!.id
    }

    @Test func showPrintsTheIncidentForAPersonAndAsJSON() async throws {
        let session = try IncidentsSession(incidents: 10)
        defer { session.close() }
        let incident = session.fake.incidents.first { $0.status == "triggered" }!
        let table = try await session.run(["incidents", "show", incident.id, "-o", "table"] + Self.token)
        #expect(table.status == 0, "\(table.stderr)")
        for expected in ["#\(incident.number)", incident.id, "triggered", incident.urgency, "escalation policy", "Default escalation (PESC001)",
                         "alerts", "1 (1 triggered, 0 resolved)", "https://example.pagerduty.com/incidents/\(incident.id)", "ago)"] {
            #expect(table.stdout.contains(expected), "missing \(expected) in \(table.stdout)")
        }
        let json = try await session.run(["incidents", "show", incident.id, "-o", "json"] + Self.token)
        #expect(json.status == 0)
        #expect((json.json as? [String: Any])?["id"] as? String == incident.id)
    }

    @Test func anUnknownIncidentIsExit2WithAClearLine() async throws {
        let session = try IncidentsSession(incidents: 3)
        defer { session.close() }
        let result = try await session.run(["incidents", "show", "PNOPE42"] + Self.token)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no incident with id 'PNOPE42'"))
        #expect(result.stdout.isEmpty)
    }

    @Test func openStartsTheBrowserOnTheIncidentsPageAndPrintsIt() async throws {
        let session = try IncidentsSession(incidents: 3)
        defer { session.close() }
        let id = session.fake.incidents[0].id
        let seen = session.cli.configDir.appendingPathComponent("opened")
        let result = try await session.run(["incidents", "open", id] + Self.token,
                                           environment: ["BROWSER": "printf %s > '\(seen.path)'"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "https://example.pagerduty.com/incidents/\(id)\n")
        let opened = try await blocking { () -> String in
            for _ in 0..<500 {
                if let text = try? String(contentsOf: seen, encoding: .utf8), !text.isEmpty { return text }
                usleep(10_000)
            }
            return ""
        }
        #expect(opened == "https://example.pagerduty.com/incidents/\(id)")
    }

    @Test func reassignToUsersOrToAnEscalationPolicy() async throws {
        let session = try IncidentsSession(incidents: 10)
        defer { session.close() }
        let ids = session.fake.incidents.filter { $0.status != "resolved" }.prefix(2).map(\.id)
        let result = try await session.run(["incidents", "reassign"] + ids + ["--to-user", "PUSR003", "--to-user", "PUSR004"] + Self.token + Self.from)
        #expect(result.status == 0, "\(result.stderr)")
        for id in ids { #expect(session.fake.incidentBook.incident(id)?.assigneeIDs == ["PUSR003", "PUSR004"]) }

        let policy = try await session.run(["incidents", "reassign", ids[0], "--to-escalation-policy", "PEP0002"] + Self.token + Self.from)
        #expect(policy.status == 0, "\(policy.stderr)")
        let shown = try await session.run(["incidents", "show", ids[0], "-o", "json"] + Self.token)
        #expect(((shown.json as? [String: Any])?["escalation_policy"] as? [String: Any])?["id"] as? String == "PEP0002")

        let both = try await session.run(["incidents", "reassign", ids[0]] + Self.token + Self.from)
        #expect(both.status == 64)
    }

    @Test func snoozeAnAcknowledgedIncident() async throws {
        let session = try IncidentsSession(incidents: 10)
        defer { session.close() }
        let id = firstID(session, status: "acknowledged")
        let result = try await session.run(["incidents", "snooze", id, "--for", "30m"] + Self.token + Self.from)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Snoozed \(id) for 30m"))
        let log = try await session.run(["incidents", "log", id, "-o", "ndjson"] + Self.token)
        #expect(IncidentsSession.objects(log.stdout).last?["type"] as? String == "snooze_log_entry")

        let triggered = firstID(session, status: "triggered")
        let refused = try await session.run(["incidents", "snooze", triggered, "--for", "2h"] + Self.token + Self.from)
        #expect(refused.status == 5)
        #expect(refused.stderr.contains("only acknowledged incidents can be snoozed"))

        let tooLong = try await session.run(["incidents", "snooze", id, "--for", "8d"] + Self.token + Self.from)
        #expect(tooLong.status == 64)
    }

    @Test func snoozeSeveralInOneCommandAndStopAtTheFirstRefusal() async throws {
        let session = try IncidentsSession(incidents: 30)
        defer { session.close() }
        let acknowledged = session.fake.incidents.filter { $0.status == "acknowledged" }
        try #require(acknowledged.count >= 3)
        let (first, second, third) = (acknowledged[0], acknowledged[1], acknowledged[2])
        let both = try await session.run(["incidents", "snooze", first.id, "#\(second.number)", "--for", "1h30m"] + Self.token + Self.from)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stderr.contains("Snoozed \(first.id) for 1h") && both.stderr.contains("Snoozed #\(second.number) for 1h"), "\(both.stderr)")
        for id in [first.id, second.id] {
            let log = try await session.run(["incidents", "log", id, "-o", "ndjson"] + Self.token)
            #expect(IncidentsSession.objects(log.stdout).last?["type"] as? String == "snooze_log_entry", "\(id)")
        }
        // An unknown number stops the command before any write.
        let unknown = try await session.run(["incidents", "snooze", third.id, "999999", "--for", "10m"] + Self.token + Self.from)
        #expect(unknown.status == 2, "\(unknown.stderr)")
        let untouched = try await session.run(["incidents", "log", third.id, "-o", "ndjson"] + Self.token)
        #expect(IncidentsSession.objects(untouched.stdout).last?["type"] as? String != "snooze_log_entry")
        // A triggered one in the middle: the one before it is snoozed, the one after it is not tried.
        let triggered = try #require(session.fake.incidents.first { $0.status == "triggered" })
        let stopped = try await session.run(["incidents", "snooze", second.id, triggered.id, third.id, "--for", "10m"] + Self.token + Self.from)
        #expect(stopped.status == 5, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("Snoozed \(second.id) for 10m") && !stopped.stderr.contains("Snoozed \(third.id)"), "\(stopped.stderr)")
        let stillUntouched = try await session.run(["incidents", "log", third.id, "-o", "ndjson"] + Self.token)
        #expect(IncidentsSession.objects(stillUntouched.stdout).last?["type"] as? String != "snooze_log_entry")
        // No incident at all is a usage error.
        let none = try await session.run(["incidents", "snooze", "--for", "10m"] + Self.token + Self.from)
        #expect(none.status == 64 && none.stderr.contains("give the incident to snooze"), "\(none.stderr)")
    }

    @Test func notesAreAddedAndListed() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let id = session.fake.incidents[0].id
        let added = try await session.run(["incidents", "note", id, "Rolled back deploy 42"] + Self.token + Self.from)
        #expect(added.status == 0, "\(added.stderr)")
        let piped = try await session.cli.runAsync(["incidents", "note", id, "-"] + Self.token + Self.from, stdin: "From stdin, with \"quotes\"\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        let listed = try await session.run(["incidents", "notes", id, "-o", "json"] + Self.token)
        #expect(listed.status == 0)
        let contents = (listed.json as? [[String: Any]])?.compactMap { $0["content"] as? String }
        #expect(contents == ["Rolled back deploy 42", "From stdin, with \"quotes\""])
    }

    @Test func aNoteIsNotAddedTwiceWhenTheConnectionDropsAfterSending() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let id = session.fake.incidents[0].id
        session.fake.incidentBook.configure { $0.dropAfterPosts = 1 }
        let result = try await session.run(["incidents", "note", id, "Paged the DBA"] + Self.token + Self.from)
        #expect(result.status == 5)
        #expect(session.fake.incidentBook.notes(id).map(\.content) == ["Paged the DBA"])
        #expect(session.fake.incidentBook.notes(id).count == 1)
    }

    @Test func aNoteIsRetriedAfter429ButNotAfter500() async throws {
        let limited = try IncidentsSession(incidents: 5) { $0.rateLimitEvery = 2 }
        defer { limited.close() }
        let id = limited.fake.incidents[0].id
        let listed = try await limited.run(["incidents", "notes", id] + Self.token)
        #expect(listed.status == 0, "\(listed.stderr)")
        // Request 2, the POST, is answered 429 (not processed): it is sent again, once.
        let added = try await limited.run(["incidents", "note", id, "Retried after 429"] + Self.token + Self.from)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(limited.fake.requestCount == 3)
        #expect(limited.fake.incidentBook.notes(id).count == 1)

        let failing = try IncidentsSession(incidents: 5) { $0.failFirst = 1 }
        defer { failing.close() }
        let refused = try await failing.run(["incidents", "note", id, "Not resent after 500"] + Self.token + Self.from)
        #expect(refused.status == 5)
        #expect(failing.fake.requestCount == 1)
    }

    @Test func mergeResolvesTheSourcesAndRefusesResolvedOnes() async throws {
        let session = try IncidentsSession(incidents: 20)
        defer { session.close() }
        let open = session.fake.incidents.filter { $0.status != "resolved" }.map(\.id)
        let result = try await session.run(["incidents", "merge", open[0], open[1], open[2]] + Self.token + Self.from)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3 alerts"))
        #expect(session.fake.incidentBook.incident(open[1])?.status == "resolved")
        #expect(session.fake.incidentBook.incident(open[2])?.status == "resolved")
        #expect(session.fake.incidentBook.incident(open[0])?.status != "resolved")

        let refused = try await session.run(["incidents", "merge", open[0], open[1]] + Self.token + Self.from)
        #expect(refused.status == 5)
        #expect(refused.stderr.contains("resolved incidents cannot be merged"))
    }

    @Test func logListsEntriesOldestFirst() async throws {
        let session = try IncidentsSession(incidents: 10)
        defer { session.close() }
        let id = firstID(session, status: "triggered")
        let ack = try await session.run(["incidents", "ack", id] + Self.token + Self.from)
        #expect(ack.status == 0, "\(ack.stderr)")
        let resolve = try await session.run(["incidents", "resolve", id] + Self.token + Self.from)
        #expect(resolve.status == 0, "\(resolve.stderr)")
        let log = try await session.run(["incidents", "log", id, "--all", "-o", "ndjson"] + Self.token)
        #expect(log.status == 0, "\(log.stderr)")
        let types = IncidentsSession.objects(log.stdout).compactMap { $0["type"] as? String }
        #expect(types == ["trigger_log_entry", "acknowledge_log_entry", "resolve_log_entry"])
    }
}
