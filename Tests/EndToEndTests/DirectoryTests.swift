import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// services, users, teams, escalation-policies and maintenance-windows against the fake's
/// seeded account, and names resolved the one way wherever an id is taken.
@Suite struct DirectoryTests {
    static let token = ["--token", IncidentsSession.apiKey]

    @Test func servicesAreListedByNameAndShownWithWhoIsOnCallNow() async throws {
        let session = try IncidentsSession(incidents: 3)
        defer { session.close() }
        let list = try await session.run(["services", "list", "-o", "ndjson"] + Self.token)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(IncidentsSession.objects(list.stdout).map { $0["name"] as? String } == ["Checkout API", "Mobile Push", "Payments, EU", "Search"])
        let byTeam = try await session.run(["services", "list", "--team", "payments", "-o", "csv"] + Self.token)
        #expect(byTeam.status == 0, "\(byTeam.stderr)")
        #expect(byTeam.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] } == ["PSVC001", "PSVC003"])

        let show = try await session.run(["services", "show", "CHECKOUT api", "-o", "json"] + Self.token)
        #expect(show.status == 0, "\(show.stderr)")
        let service = try #require(show.json as? [String: Any])
        #expect(service["id"] as? String == "PSVC001")
        #expect(service["escalation_policy"] as? String == "Checkout Escalation")
        // Level 1 of Checkout Escalation is whoever has Primary's turn now: one of its three.
        #expect(["Alice Ng", "Bob Stone", "Chen Li"].contains(service["on_call_now"] as? String ?? ""))
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")
    }

    @Test func usersByEmailOrNameAndASharedNameListsTheCandidates() async throws {
        let session = try IncidentsSession(incidents: 3)
        defer { session.close() }
        let byEmail = try await session.run(["users", "show", "BOB@EXAMPLE.COM", "-o", "json"] + Self.token)
        #expect(byEmail.status == 0, "\(byEmail.stderr)")
        #expect((byEmail.json as? [String: Any])?["id"] as? String == "PUSR002")
        let me = try await session.run(["users", "me", "-o", "json"] + Self.token)
        #expect((me.json as? [String: Any])?["email"] as? String == "alice@example.com")

        session.fake.directory.addUser(.init(id: "PUSR009", name: "Bob Stone", email: "bob.stone@example.org"))
        let shared = try await session.run(["users", "show", "bob stone"] + Self.token)
        #expect(shared.status == 64)
        #expect(shared.stderr.contains("2 users are named 'bob stone': Bob Stone (PUSR002), Bob Stone (PUSR009)"), "\(shared.stderr)")
        let byID = try await session.run(["users", "show", "PUSR009", "-o", "json"] + Self.token)
        #expect((byID.json as? [String: Any])?["email"] as? String == "bob.stone@example.org")
        // Part of a name is not the name, though PagerDuty's search finds it.
        let partial = try await session.run(["users", "show", "Bob"] + Self.token)
        #expect(partial.status == 2)
        #expect(partial.stderr.contains("no user has the id, name or email 'Bob'"))

        let team = try await session.run(["users", "list", "--team", "Mobile", "-o", "tsv"] + Self.token)
        #expect(team.status == 0, "\(team.stderr)")
        #expect(team.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) } == ["PUSR004"])
    }

    @Test func teamsAndEscalationPoliciesWithTheirLevels() async throws {
        let session = try IncidentsSession(incidents: 3)
        defer { session.close() }
        let teams = try await session.run(["teams", "list", "-o", "ndjson"] + Self.token)
        #expect(IncidentsSession.objects(teams.stdout).map { $0["name"] as? String } == ["Payments", "Discovery", "Mobile"])
        let policies = try await session.run(["escalation-policies", "list", "-o", "ndjson"] + Self.token)
        #expect(IncidentsSession.objects(policies.stdout).map { $0["levels"] as? Int } == [2, 2])
        let show = try await session.run(["ep", "show", "search escalation", "-o", "json"] + Self.token)
        #expect(show.status == 0, "\(show.stderr)")
        let policy = try #require(show.json as? [String: Any])
        #expect(policy["level_1"] as? String == "Search Primary (schedule), after 30m")
        #expect(policy["level_2"] as? String == "Alice Ng (user), after 30m")
        #expect(policy["services"] as? String == "Search, Mobile Push")
    }

    @Test func maintenanceForTwoHoursThenEndedAndListedByState() async throws {
        let session = try IncidentsSession(incidents: 3)
        defer { session.close() }
        let before = Date()
        let created = try await session.run(["maintenance-windows", "create", "--service", "Search", "--service", "mobile push", "--for", "2h",
                                             "--description", "Reindex", "--from", "ops@example.com", "-o", "json"] + Self.token)
        #expect(created.status == 0, "\(created.stderr)")
        let window = try #require(session.fake.directory.maintenanceWindows.first)
        #expect(window.serviceIDs == ["PSVC002", "PSVC004"])
        #expect(window.end - window.start == 7_200)
        #expect(abs(Double(window.start) - before.timeIntervalSince1970) < 60)
        #expect(window.description == "Reindex")
        #expect(session.fake.directory.writes.last?.headers.first { $0.0.lowercased() == "from" }?.1 == "ops@example.com")
        #expect((created.json as? [[String: Any]])?.first?["id"] as? String == window.id)
        #expect(created.stderr.contains("Search, Mobile Push in maintenance until"))

        let open = try await session.run(["maintenance-windows", "list", "--service", "Search", "-o", "ndjson"] + Self.token)
        #expect(IncidentsSession.objects(open.stdout).map { $0["id"] as? String } == [window.id])
        let ended = try await session.run(["maintenance-windows", "end", window.id] + Self.token)
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(session.fake.directory.maintenanceWindows.first.map { $0.end <= Int(Date().timeIntervalSince1970) } == true)
        let stillOpen = try await session.run(["maintenance-windows", "list", "-o", "ndjson"] + Self.token)
        #expect(stillOpen.stdout.isEmpty)
        let all = try await session.run(["maintenance-windows", "list", "--state", "all", "-o", "ndjson"] + Self.token)
        #expect(IncidentsSession.objects(all.stdout).count == 1)

        let again = try await session.run(["maintenance-windows", "end", "PMWNOPE"] + Self.token)
        #expect(again.status == 2)
        #expect(again.stderr.contains("no maintenance window with id 'PMWNOPE'"))
        let unknown = try await session.run(["maintenance-windows", "create", "--service", "Nope", "--for", "1h", "--from", "a@example.com"] + Self.token)
        #expect(unknown.status == 2)
        let both = try await session.run(["maintenance-windows", "create", "--service", "Search", "--for", "1h", "--end", "+2h"] + Self.token)
        #expect(both.status == 64)
        let noFrom = try await session.run(["maintenance-windows", "create", "--service", "Search", "--for", "1h"] + Self.token)
        // A token of no stored identity has no email to send as From: refused before the write.
        #expect(noFrom.status == 64)
        #expect(noFrom.stderr.contains("give --from EMAIL or set PAGERDUTY_FROM"))
        #expect(session.fake.directory.maintenanceWindows.count == 1)
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")
    }

    @Test func incidentFiltersAndReassignTakeNamesAndEmails() async throws {
        let session = try IncidentsSession(incidents: 30)
        defer { session.close() }
        let list = try await session.list(["--service", "Checkout API", "--team", "payments", "--assignee", "bob@example.com", "-o", "ndjson"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(session.lastFilter.contains("service_ids[]=PSVC001"))
        #expect(session.lastFilter.contains("team_ids[]=PTEAM01"))
        #expect(session.lastFilter.contains("user_ids[]=PUSR002"))
        // The -id spellings still work, and an unknown name is exit 2 before any listing.
        let before = session.fake.incidentQueries.count
        let unknown = try await session.list(["--service-id", "No Such Service"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no service has the id or name 'No Such Service'"))
        #expect(session.fake.incidentQueries.count == before)

        let target = try #require(session.fake.incidents.first { $0.status != "resolved" })
        let reassigned = try await session.run(["incidents", "reassign", String(target.number), "--to-user", "Chen Li", "--from", "a@example.com"] + Self.token)
        #expect(reassigned.status == 0, "\(reassigned.stderr)")
        #expect(session.fake.incidentBook.incident(target.id)?.assigneeIDs == ["PUSR003"])
        let toPolicy = try await session.run(["incidents", "reassign", String(target.number), "--to-escalation-policy", "search escalation",
                                              "--from", "a@example.com"] + Self.token)
        #expect(toPolicy.status == 0, "\(toPolicy.stderr)")
        #expect(session.fake.refusals.isEmpty, "\(session.fake.refusals)")
    }
}
