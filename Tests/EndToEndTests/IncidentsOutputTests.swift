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
        let result = try await run(["-o", "json", "--since", "2020-01-01", "--until", "2020-01-02"])
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
        // Ids, numbers, statuses and urgencies whole; the age instead of the timestamp; the title gets
        // the room the others leave (at least 30); a line break in a title is shown as a placeholder.
        #expect(lines[0].hasPrefix("NUMBER  ID        STATUS     URGENCY  AGE "), "\(result.stdout)")
        let row = #"^[1-4]       Q000000[1-4]  (triggered|resolved )  (low |high)     \d+[smhdy] +\S"#
        #expect(lines.dropFirst().allSatisfy { $0.range(of: row, options: .regularExpression) != nil }, "\(result.stdout)")
        #expect(!result.stdout.contains("2026-"), "timestamps stay in the other formats")
        let titleStart = lines[0].distance(from: lines[0].startIndex, to: try #require(lines[0].range(of: "TITLE")).lowerBound)
        #expect(100 - titleStart >= 30, "\(result.stdout)")
        #expect(result.stdout.contains("Deploy 3 failed\u{FFFD}rollback"))
    }
}
