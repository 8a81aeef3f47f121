@testable import EveryAuthCLI
import EveryAuthCore
import EveryAuthTestSupport
import Foundation
import Testing

/// The writers on crafted server data (SPEC §6): no row or column injection, no terminal escapes,
/// exact JSON, tables for people.
@Suite struct WriterTests {
    /// An incident as PagerDuty would send it, with `title`.
    static func incident(_ number: Int, title: String, service: String = "Checkout API", assignee: String = "Alice Ng") -> JSONValue {
        .object([
            "id": .string("Q\(String(repeating: "X", count: 12))\(number)"), "incident_number": .number(Double(number)),
            "status": .string("acknowledged"), "urgency": .string("high"), "created_at": .string("2026-11-29T08:00:00Z"),
            "title": .string(title), "service": .object(["summary": .string(service)]),
            "assignments": .array([.object(["assignee": .object(["summary": .string(assignee)])])]),
        ])
    }

    /// What `IncidentWriter` prints for `incidents` in `format`.
    static func written(_ incidents: [JSONValue], _ format: OutputFormat, fields: IncidentFields = .defaults, width: Int = 100) -> String {
        let sink = OutputSink.memory()
        let writer = IncidentWriter(format: format, fields: fields, header: true, width: width, stdout: sink)
        writer.begin()
        writer.write(incidents)
        writer.finish()
        return sink.text
    }

    /// Lines split on LF bytes only: what a CSV/TSV reader (or `wc -l`) sees.
    static func rawLines(_ text: String) -> [Substring] {
        text.utf8.split(separator: 0x0A).map { Substring(String(decoding: $0, as: UTF8.self)) }
    }

    @Test func crlfInATitleIsQuotedInCSVAndEscapedInTSV() throws {
        let fields = try IncidentFields.parse("id,title")
        let title = "first\r\nsecond"
        #expect(title.count == 12)  // "\r\n" is one Character
        let csv = Self.written([Self.incident(1, title: title)], .csv, fields: fields)
        #expect(csv == "id,title\nQXXXXXXXXXXXX1,\"first\r\nsecond\"\n")
        let tsv = Self.written([Self.incident(1, title: title + "\tthird\\")], .tsv, fields: fields)
        #expect(tsv == "id\ttitle\nQXXXXXXXXXXXX1\tfirst\\r\\nsecond\\tthird\\\\\n")
        #expect(Self.rawLines(tsv).count == 2)
        #expect(RecordWriter.csvCell("a\r\nb") == "\"a\r\nb\"")
        #expect(RecordWriter.tsvCell("a\r\nb") == "a\\r\\nb")
        #expect(RecordWriter.tsvCell("lone\rcr") == "lone\\rcr")
    }

    @Test func tablesShowNoControlsOrEscapesButJSONKeepsTheExactTitle() throws {
        let hostile = "Disk \u{1B}[2J\u{1B}]0;owned\u{07}full\u{9B}31m on\r\ndb\u{85}-1"
        let table = Self.written([Self.incident(1, title: hostile)], .table, width: 200)
        #expect(!table.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" })
        // One placeholder per control or whole escape sequence (CR and LF are two controls).
        #expect(table.contains("Disk \u{FFFD}\u{FFFD}full\u{FFFD} on\u{FFFD}\u{FFFD}db\u{FFFD}-1"), "\(table)")
        #expect(Self.rawLines(table).count == 2)
        let json = Self.written([Self.incident(1, title: hostile)], .json)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["title"] as? String == hostile)
        let ndjson = Self.written([Self.incident(1, title: hostile)], .ndjson)
        #expect(Self.rawLines(ndjson).count == 1)
        #expect((try JSONSerialization.jsonObject(with: Data(ndjson.utf8)) as? [String: Any])?["title"] as? String == hostile)
    }

    @Test func stderrMessagesShowNoEscapes() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        // Refused as a user id (control characters), and the refusal quotes nothing raw.
        let result = await cli.run(["identity", "get", "pagerduty", "--user-id", "x\u{1B}]0;owned\u{07}\u{1B}[31m\nforged line"], stderrIsTerminal: true)
        #expect(result.status == 64)
        #expect(!result.stderr.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" })
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("forged line") }, "\(result.stderr)")
        // A server's text in a runtime error (a 401 for a stored key) stays on its one line too.
        try cli.addAPIKey("u+key", userId: "dana")
        let missing = await cli.run(["identity", "get", "pagerduty", "--user-id", "nobody-\u{E9}"], stderrIsTerminal: true)
        #expect(missing.status == 3 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let parse = await cli.run(["incidents", "list", "--urgency", "\u{1B}]0;owned\u{07}"])
        #expect(parse.status == 64 && !parse.stderr.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" })
        #expect(TerminalText.sanitized("a\u{1B}[1;31mb\u{1B}Pq#0\u{1B}\\c\u{1B}7d") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
    }

    @Test func at80ColumnsTheTitleGetsTheRoomLeftAndIDsAreWhole() throws {
        let incidents = (1...3).map {
            Self.incident($0, title: "Latency p99 over budget on the checkout path of shard \($0) since the last deploy",
                          service: "Payments platform, European region", assignee: "Dana \"DJ\" Jones,Chen Li")
        }
        let table = Self.written(incidents, .table, width: 80)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(table)")
        for number in 1...3 { #expect(table.contains("QXXXXXXXXXXXX\(number)")) }
        // The title, last, takes the whole rest of the line and is wider than any other cut column.
        #expect(lines[1].count == 80, "\(table)")
        let heading = lines[0]
        let titleStart = heading.distance(from: heading.startIndex, to: try #require(heading.range(of: "TITLE")).lowerBound)
        let serviceStart = heading.distance(from: heading.startIndex, to: try #require(heading.range(of: "SERVI")).lowerBound)
        let assigneesStart = heading.distance(from: heading.startIndex, to: try #require(heading.range(of: "ASSIG")).lowerBound)
        #expect(80 - titleStart > assigneesStart - serviceStart, "\(table)")
        #expect(80 - titleStart > titleStart - assigneesStart, "\(table)")

        // Wider: the title gets at least 20 columns before the others are cut further.
        let wide = Self.written(incidents, .table, width: 120).split(separator: "\n").map(String.init)
        let wideStart = wide[0].distance(from: wide[0].startIndex, to: try #require(wide[0].range(of: "TITLE")).lowerBound)
        #expect(wide[1].count == 120 && 120 - wideStart >= 20, "\(wide.joined(separator: "\n"))")
        // Before: the title was cut to 8 first while the other columns kept their width.
        #expect(RecordWriter.layout([6, 14, 12, 7, 20, 34, 25, 80], room: 106, flexible: 7, fixed: [0, 1])[7] >= 26)
    }

    @Test func identityListHeadersAreTheJSONKeys() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let identity = try cli.addAPIKey("u+key", userId: "bob", tags: ["team": "ops"])
        let tsv = await cli.run(["identity", "ls"])
        #expect(tsv.stdout.hasPrefix("id\tservice\tuserId\ttags\tscope\texpiresAt\tstatus\n"))
        let csv = await cli.run(["identity", "ls", "-o", "csv"])
        #expect(csv.stdout.hasPrefix("id,service,userId,tags,scope,expiresAt,status\n"))
        let table = await cli.run(["identity", "ls", "-o", "table"], environment: ["COLUMNS": "40"])
        #expect(table.stdout.hasPrefix("ID"))
        #expect(table.stdout.contains(identity.id))
    }

    @Test func serviceSetWithoutOptionsHonoursOutputAndPrintsNoTableIntoAPipe() async throws {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        let piped = await cli.run(["service", "set", "pagerduty"])
        #expect(piped.status == 0)
        #expect(piped.stdout.hasPrefix("key\tvalue\tsource\nscope\tread write\tdefault\n"), "\(piped.stdout)")
        let json = await cli.run(["service", "set", "pagerduty", "-o", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["key"] as? String } == ServiceSettingKey.allCases.map(\.name))
        let terminal = await cli.run(["service", "set", "pagerduty"], stdoutIsTerminal: true)
        #expect(terminal.stdout.hasPrefix("KEY"))
        let mixed = await cli.run(["service", "set", "pagerduty", "--clientId", "c", "-o", "json"])
        #expect(mixed.status == 64)
    }

    @Test func outputHelpListsOnlyTheFormatsACommandAccepts() async {
        let cli = InProcessCLI()
        defer { cli.cleanUp() }
        // Help wraps lines: compare with the white space collapsed.
        func help(_ arguments: [String]) async -> String {
            await cli.run(arguments).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let authorize = await help(["authorize", "--help"])
        #expect(authorize.contains("(values: json)"), "\(authorize)")
        #expect(!authorize.contains("ndjson"))
        #expect(await cli.run(["authorize", "pagerduty", "-o", "table"]).status == 64)
        let list = await help(["incidents", "list", "--help"])
        #expect(list.contains("(values: table, json, ndjson, csv, tsv)"))
        #expect(list.contains("(values: triggered, acknowledged, resolved, open, all)"))
        #expect(list.contains("(values: high, low)"))
    }
}
