import EveryAuthTestSupport
import Foundation
import Testing

/// Every output format on the fake's first incidents, compared with the exact expected text.
@Suite struct IncidentsOutputTests {
    private static let fields = "incident_number,title,assignments.assignee.summary,service.id,missing.path"

    private func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIResult {
        let session = try IncidentsSession(incidents: 6)
        defer { session.close() }
        return try await session.run(
            ["incidents", "list", "--token", IncidentsSession.apiKey, "--status", "all", "--sort-by", "created_at:asc"] + arguments,
            environment: environment)
    }

    @Test func csvQuotesCommasQuotesAndNewlines() async throws {
        let result = try await run(["--limit", "5", "-o", "csv", "--fields", Self.fields])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            incident_number,title,assignments.assignee.summary,service.id,missing.path
            1,"Disk full on db-1, replica lagging","Dana ""DJ"" Jones",PSVC002,
            2,"Alert ""5xx rate"" above 2% on lb-2",,PSVC004,
            3,"Deploy 3 failed
            rollback started",,PSVC002,
            4,Latency p99 over budget (shard 4),"Chen Li,Dana ""DJ"" Jones",PSVC003,
            5,Queue depth\tspike on worker-5,,PSVC001,

            """)
    }

    @Test func tsvEscapesTabsAndNewlinesAndIsTheDefaultInAPipe() async throws {
        let result = try await run(["--limit", "5", "--fields", Self.fields, "--no-header"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            1\tDisk full on db-1, replica lagging\tDana "DJ" Jones\tPSVC002\t
            2\tAlert "5xx rate" above 2% on lb-2\t\tPSVC004\t
            3\tDeploy 3 failed\\nrollback started\t\tPSVC002\t
            4\tLatency p99 over budget (shard 4)\tChen Li,Dana "DJ" Jones\tPSVC003\t
            5\tQueue depth\\tspike on worker-5\t\tPSVC001\t

            """)
    }

    @Test func ndjsonWithNestedAndMissingFields() async throws {
        let result = try await run(["--limit", "2", "-o", "ndjson", "--fields", Self.fields])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            {"incident_number":1,"title":"Disk full on db-1, replica lagging","assignments.assignee.summary":["Dana \\"DJ\\" Jones"],"service.id":"PSVC002","missing.path":null}
            {"incident_number":2,"title":"Alert \\"5xx rate\\" above 2% on lb-2","assignments.assignee.summary":[],"service.id":"PSVC004","missing.path":null}

            """)
    }

    @Test func jsonIsOnePrettyArray() async throws {
        let result = try await run(["--limit", "2", "-o", "json", "--fields", "id,status"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            [
              {
                "id": "Q0000001",
                "status": "triggered"
              },
              {
                "id": "Q0000002",
                "status": "resolved"
              }
            ]

            """)
    }

    @Test func jsonWithoutFieldsKeepsWholeIncidents() async throws {
        let result = try await run(["--limit", "3", "-o", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(array?.count == 3)
        #expect((array?.first?["service"] as? [String: Any])?["summary"] as? String == "Search")
    }

    @Test func emptyJsonIsAnEmptyArray() async throws {
        let result = try await run(["-o", "json", "--service-id", "PNONE"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[]\n")
    }

    @Test func tableFitsTheWidthAndTruncatesTitles() async throws {
        let result = try await run(["--limit", "4", "-o", "table"], environment: ["COLUMNS": "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines.first?.hasPrefix("NUMBER  ID") == true)
        #expect(result.stdout.contains("…"))
        // The title gets the room the others leave (at least 20 here), ids stay whole, and a line
        // break in a title is shown as a placeholder.
        #expect(result.stdout == """
            NUMBER  ID        STATUS     URGENCY  CREATED      SERVICE       ASSIGNEES     TITLE
            1       Q0000001  triggered  low      2026-01-01…  Search        Dana "DJ" J…  Disk full on db-1, r…
            2       Q0000002  resolved   high     2026-01-01…  Mobile Push                 Alert "5xx rate" abo…
            3       Q0000003  resolved   high     2026-01-01…  Search                      Deploy 3 failed\u{FFFD}roll…
            4       Q0000004  triggered  high     2026-01-01…  Payments, EU  Chen Li,Dan…  Latency p99 over bud…

            """)
    }
}
