import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import PagerDutyFake
import Testing

/// `incidents ack|resolve`: batches of 250, selections that must be confirmed, refused ids named.
@Suite struct IncidentActionsBulkTests {
    static let from = ["--from", "oncall@example.com"]

    @Test func bulkAckOf600IncidentsSendsThreeRequests() async throws {
        let session = try IncidentsSession(incidents: 600)
        defer { session.close() }
        let ids = session.fake.incidents.map(\.id)
        let result = try await session.run(["incidents", "ack", "--token", IncidentsSession.apiKey] + Self.from + ids + ["-o", "tsv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.fake.incidentBook.bulkUpdateRequests == 3)
        #expect(session.fake.incidents.allSatisfy { $0.status == "acknowledged" })
        #expect(result.lines.count == 601)
        #expect(result.lines.first == "incident_number\tid\tstatus\ttitle")
        #expect(result.stderr.contains("Acknowledged 600 of 600 incidents."))
    }

    @Test func selectionWithoutYesInAPipeIsRefusedAndChangesNothing() async throws {
        let session = try IncidentsSession(incidents: 50)
        defer { session.close() }
        let before = session.fake.incidents.map(\.status)
        let result = try await session.run(["incidents", "ack", "--token", IncidentsSession.apiKey, "--status", "triggered"] + Self.from)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--yes"))
        #expect(session.fake.incidentBook.bulkUpdateRequests == 0)
        #expect(session.fake.incidents.map(\.status) == before)
        #expect(result.stdout.isEmpty)
    }

    @Test func selectionWithYesResolvesWhatTheFiltersFind() async throws {
        let session = try IncidentsSession(incidents: 300)
        defer { session.close() }
        let wanted = session.fake.incidents.filter { $0.status == "triggered" && $0.serviceID == "PSVC001" }.map(\.id)
        #expect(!wanted.isEmpty)
        let result = try await session.run(
            ["incidents", "resolve", "--token", IncidentsSession.apiKey, "--status", "triggered", "--service-id", "PSVC001", "--yes",
             "-o", "ndjson"] + Self.from)
        #expect(result.status == 0, "\(result.stderr)")
        let changed = IncidentsSession.objects(result.stdout).compactMap { $0["id"] as? String }
        #expect(Set(changed) == Set(wanted))
        #expect(session.fake.incidents.filter { wanted.contains($0.id) }.allSatisfy { $0.status == "resolved" })
        #expect(session.fake.incidents.filter { $0.status == "triggered" && $0.serviceID == "PSVC001" }.isEmpty)
        #expect(session.fake.incidentBook.bulkUpdateRequests == 1)
    }

    @Test func refusedIdsAreNamedWithExit5AndTheRestStaysDone() async throws {
        let session = try IncidentsSession(incidents: 20)
        defer { session.close() }
        let ids = Array(session.fake.incidents.map(\.id).prefix(10))
        session.fake.incidentBook.configure { $0.failingIDs = [ids[2], ids[6]] }
        let result = try await session.run(["incidents", "resolve", "--token", IncidentsSession.apiKey] + Self.from + ids + ["-o", "tsv"])
        #expect(result.status == 5)
        #expect(result.stderr.contains(ids[2]) && result.stderr.contains(ids[6]))
        #expect(result.stderr.contains("Resolved 8 of 10 incidents."))
        let after = Dictionary(uniqueKeysWithValues: session.fake.incidents.map { ($0.id, $0.status) })
        for id in ids where id != ids[2] && id != ids[6] { #expect(after[id] == "resolved") }
        #expect(result.lines.count == 9)
    }

    @Test func aWriteWithoutFromIsAUsageErrorBeforeAnyRequest() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let id = session.fake.incidents[0].id
        let result = try await session.run(["incidents", "ack", "--token", IncidentsSession.apiKey, id])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--from"))
        #expect(session.fake.requestCount == 0)

        let viaEnvironment = try await session.run(["incidents", "ack", "--token", IncidentsSession.apiKey, id],
                                                   environment: ["PAGERDUTY_FROM": "oncall@example.com"])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
        #expect(session.fake.incidentBook.incident(id)?.status == "acknowledged")
    }

    /// `identity add` asks `/users/me` once and keeps the key's email: writes need no --from then.
    @Test func theEmailKeptOnTheIdentityIsTheDefaultFrom() async throws {
        let session = try IncidentsSession(incidents: 5)
        defer { session.close() }
        let add = try await session.run(["identity", "add", "pagerduty", "--user-id", "alice", "--token", IncidentsSession.apiKey])
        #expect(add.status == 0, "\(add.stderr)")
        let stored = (session.cli.storeJSON()?["identities"] as? [[String: Any]])?.first
        // The fake's user PUSR001, whose key this is, has this address (its own literal).
        #expect(stored?["email"] as? String == "alice@example.com")
        let id = session.fake.incidents[1].id
        let result = try await session.run(["incidents", "resolve", "--user-id", "alice", id])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(session.fake.incidentBook.incident(id)?.status == "resolved")
    }

    /// A stored identity's token that PagerDuty rejects: a write names that identity's remedy, as listing does.
    @Test func aRejectedStoredTokenNamesItsUserIdInTheRemedy() async throws {
        let session = try IncidentsSession(incidents: 5) { $0.expiredTokens = [IncidentsSession.apiKey] }
        defer { session.close() }
        let add = try await session.run(["identity", "add", "pagerduty", "--user-id", "alice", "--token", IncidentsSession.apiKey])
        #expect(add.status == 0, "\(add.stderr)")
        let id = try #require(session.fake.incidents.first { $0.status != "resolved" }).id
        let result = try await session.run(["incidents", "resolve", "--user-id", "alice", "--from", "a@example.com", id])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("everyauth authorize pagerduty --user-id alice"), "\(result.stderr)")
        #expect(session.fake.incidentBook.incident(id)?.status != "resolved")
    }

    /// Without a configured service, `identity add` sends the key nowhere and keeps no email.
    @Test func anUnconfiguredServiceAsksNothing() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let add = try await cli.runAsync(["identity", "add", "pagerduty", "--user-id", "bob", "--token", "u+key", "-v"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(!add.stderr.contains("/users/me"), "\(add.stderr)")
        #expect((cli.storeJSON()?["identities"] as? [[String: Any]])?.first?["email"] == nil)
    }

    @Test func listAndSelectionsAreNewestFirstUnlessSortIsGiven() async throws {
        let session = try IncidentsSession(incidents: 30)
        defer { session.close() }
        let newest = try await session.list(["--status", "all", "-o", "ndjson", "--fields", "id"])
        #expect(session.lastFilter.contains("sort_by=created_at:desc"))
        let ids = IncidentsSession.objects(newest.stdout).compactMap { $0["id"] as? String }
        #expect(ids == Array(session.fake.incidents.map(\.id).reversed().prefix(25)))
        _ = try await session.list(["--sort-by", "incident_number:asc"])
        #expect(session.lastFilter.contains("sort_by=incident_number:asc"))
    }
}
