import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// incidents create and update, names in their options, and incidents read from stdin with '-'.
@Suite struct IncidentCreateTests {
    static let token = ["--token", IncidentsSession.apiKey]
    static let from = ["--from", "oncall@example.com"]

    @Test func createOpensOneIncidentWithItsServicePriorityAndDetailsByName() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let result = try await session.run(["incidents", "create", "--service", "checkout api", "--title", "Checkout 500s", "--priority", "p2",
                                            "--urgency", "low", "--body", "-", "-o", "json"] + Self.from + Self.token,
                                           stdin: "Errors since 10:02\nafter deploy 4411\n")
        #expect(result.status == 0, "\(result.stderr)")
        let printed = try #require(result.json as? [String: Any])
        let incident = try #require(session.fake.incidents.last)
        #expect(session.fake.incidents.count == 6)
        #expect(printed["id"] as? String == incident.id)
        #expect(incident.serviceID == "PSVC001" && incident.title == "Checkout 500s" && incident.urgency == "low")
        #expect((printed["priority"] as? [String: Any])?["id"] as? String == "PPRIO02")
        #expect(result.stderr.contains("Opened incident #6 on Checkout API."))
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")
    }

    @Test func createRefusesBeforeSendingWhatPagerDutyWouldRefuse() async throws {
        let session = try IncidentsSession(incidents: 2)
        defer { session.close() }
        let both = try await session.run(["incidents", "create", "--service", "Search", "--title", "x", "--assign", "bob@example.com",
                                          "--escalation-policy", "Search Escalation"] + Self.from + Self.token)
        #expect(both.status == 64)
        #expect(both.stderr.contains("--assign and --escalation-policy"))
        let noPriority = try await session.run(["incidents", "create", "--service", "Search", "--title", "x", "--priority", "P9"] + Self.from + Self.token)
        #expect(noPriority.status == 2)
        #expect(noPriority.stderr.contains("no priority has the id or name 'P9'"))
        let twoLines = try await session.run(["incidents", "create", "--service", "Search", "--title", "a\nb"] + Self.from + Self.token)
        #expect(twoLines.status == 64)
        #expect(session.fake.incidents.count == 2)

        let assigned = try await session.run(["incidents", "create", "--service", "Search", "--title", "Index stale", "--assign", "Chen Li",
                                              "--assign", "dana@example.com"] + Self.from + Self.token)
        #expect(assigned.status == 0, "\(assigned.stderr)")
        #expect(session.fake.incidents.last?.assigneeIDs == ["PUSR003", "PUSR004"])
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")
    }

    @Test func updateChangesTitleUrgencyPriorityAndLevel() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let opened = try await session.run(["incidents", "create", "--service", "Checkout API", "--title", "Slow", "-o", "json"] + Self.from + Self.token)
        #expect(opened.status == 0, "\(opened.stderr)")
        let result = try await session.run(["incidents", "update", "#6", "--title", "Slow checkout (EU)", "--urgency", "high", "--priority", "P1",
                                            "--escalation-level", "2", "-o", "json"] + Self.from + Self.token)
        #expect(result.status == 0, "\(result.stderr)")
        let incident = try #require(result.json as? [String: Any])
        #expect(incident["title"] as? String == "Slow checkout (EU)")
        #expect(incident["urgency"] as? String == "high")
        #expect((incident["priority"] as? [String: Any])?["summary"] as? String == "P1")
        #expect(incident["escalation_level"] as? Int == 2)
        #expect(session.fake.incidents.last?.title == "Slow checkout (EU)")

        let tooHigh = try await session.run(["incidents", "update", "6", "--escalation-level", "7"] + Self.from + Self.token)
        #expect(tooHigh.status == 5)
        let nothing = try await session.run(["incidents", "update", "6"] + Self.from + Self.token)
        #expect(nothing.status == 64)
        #expect(nothing.stderr.contains("give what to change"))
        let unknown = try await session.run(["incidents", "update", "99", "--title", "x"] + Self.from + Self.token)
        #expect(unknown.status == 2)
    }

    @Test func incidentsComeFromStdinOnePerLineAsTheFirstWord() async throws {
        let session = try IncidentsSession(incidents: 20)
        defer { session.close() }
        let open = session.fake.incidents.filter { $0.status == "triggered" }.prefix(3)
        #expect(open.count == 3)
        let lines = open.map { "\($0.number)\tfrom a tsv row" }.joined(separator: "\n") + "\n\n"
        let result = try await session.run(["incidents", "ack", "-"] + Self.from + Self.token, stdin: lines)
        #expect(result.status == 0, "\(result.stderr)")
        for incident in open { #expect(session.fake.incidentBook.incident(incident.id)?.status == "acknowledged") }

        let left = try #require(session.fake.incidents.first { $0.status == "triggered" })
        let bad = try await session.run(["incidents", "resolve", "-"] + Self.from + Self.token, stdin: "\(left.number)\nnot-an-incident!\n")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("stdin line 2:"))
        #expect(session.fake.incidentBook.incident(left.id)?.status == "triggered")
        let empty = try await session.run(["incidents", "snooze", "-", "--for", "1h"] + Self.from + Self.token, stdin: "")
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("no incident arrived on stdin"))
    }

    @Test func noteWithoutTextNeedsATerminalForTheEditor() async throws {
        let session = try IncidentsSession(incidents: 2)
        defer { session.close() }
        let result = try await session.run(["incidents", "note", "1"] + Self.from + Self.token, environment: ["EDITOR": "true"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("give the note as TEXT, or '-' to read it from stdin"))
        #expect(session.fake.incidentBook.notes(session.fake.incidents[0].id).isEmpty)
    }
}
