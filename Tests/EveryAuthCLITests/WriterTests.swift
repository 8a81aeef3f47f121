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

    /// Where the TITLE heading starts, and so how wide the title column is on a line of `width`.
    static func titleWidth(_ heading: String, width: Int) throws -> Int {
        width - heading.distance(from: heading.startIndex, to: try #require(heading.range(of: "TITLE")).lowerBound)
    }

    @Test func at80ColumnsLowValueColumnsGoBeforeTheTitleIsSqueezed() throws {
        let incidents = (1...3).map {
            Self.incident($0, title: "Latency p99 over budget on the checkout path of shard \($0) since the last deploy",
                          service: "Payments platform, European region", assignee: "Dana \"DJ\" Jones,Chen Li")
        }
        let table = Self.written(incidents, .table, width: 80)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(table)")
        // Number, status and urgency whole; the age instead of the timestamp; the title 30 columns at least.
        #expect(lines[0].hasPrefix("NUMBER  STATUS        URGENCY  AGE"), "\(table)")
        for number in 1...3 { #expect(lines[number].hasPrefix("\(number)       acknowledged  high     "), "\(table)") }
        #expect(!table.contains("2026-11-29") && !table.contains("…  high") && !table.contains("ackno…"))
        #expect(try Self.titleWidth(lines[0], width: 80) >= 30, "\(table)")
        #expect(lines[1].count == 80, "the title takes the rest of the line: \(table)")
        // The assignees went first, then the id (every command takes the number); the service stays, cut.
        #expect(!lines[0].contains("ASSIGNEES") && !lines[0].contains(" ID ") && lines[0].contains("SERVICE"), "\(table)")

        // At 120 every column stays; the title still gets at least 30.
        let wide = Self.written(incidents, .table, width: 120).split(separator: "\n").map(String.init)
        #expect(wide[0].contains("ASSIGNEES") && wide[0].contains("ID") && wide.allSatisfy { $0.count <= 120 }, "\(wide.joined(separator: "\n"))")
        for number in 1...3 { #expect(wide[number].contains("QXXXXXXXXXXXX\(number)")) }
        #expect(try Self.titleWidth(wide[0], width: 120) >= 30, "\(wide.joined(separator: "\n"))")
        // At 200 nothing is cut.
        let whole = Self.written(incidents, .table, width: 200)
        #expect(whole.contains("Latency p99 over budget on the checkout path of shard 1 since the last deploy"))
        #expect(whole.contains("Payments platform, European region") && whole.contains("Dana \"DJ\" Jones,Chen Li"))
        // Columns chosen with --fields are all kept, however narrow.
        let chosen = Self.written(incidents, .table, fields: try IncidentFields.parse("id,assignments.assignee.summary,title"), width: 80)
        #expect(chosen.contains("QXXXXXXXXXXXX1") && chosen.contains("ASSIGNMENTS.ASSIGNEE.SUMMARY"), "\(chosen)")
        // The layout alone: the title gets at least 30 before the others are cut further.
        #expect(RecordWriter.layout([6, 14, 12, 7, 20, 34, 25, 80], room: 106, flexible: 7, fixed: [0, 1])[7] >= 30)
    }

    @Test func tablesShowAgesWhereOtherFormatsKeepTheTimestamp() throws {
        let now = Date(timeIntervalSince1970: 1_795_939_200)  // 2026-11-29T08:00:00Z
        #expect(Age.since(now.addingTimeInterval(-45), now: now) == "45s")
        #expect(Age.since(now.addingTimeInterval(-300), now: now) == "5m")
        #expect(Age.since(now.addingTimeInterval(-3 * 3_600 - 59), now: now) == "3h")
        #expect(Age.since(now.addingTimeInterval(-2 * 86_400), now: now) == "2d")
        #expect(Age.since(now.addingTimeInterval(-800 * 86_400), now: now) == "2y")
        #expect(Age.since(now.addingTimeInterval(30), now: now) == "0s", "a clock ahead reads as now")
        #expect(Age.relative(now.addingTimeInterval(3_500), now: now) == "in 58m")
        #expect(Age.relative(now.addingTimeInterval(-7_200), now: now) == "2h ago")
        let incident = Self.incident(1, title: "t")
        let sink = OutputSink.memory()
        let writer = IncidentWriter(format: .table, fields: .defaults, header: true, width: 100, now: now.addingTimeInterval(7_200), stdout: sink)
        writer.begin(); writer.write([incident]); writer.finish()
        #expect(sink.text.contains(" 2h "), "\(sink.text)")
        #expect(Self.written([incident], .csv).contains("2026-11-29T08:00:00Z"))
        #expect(Self.written([incident], .tsv).contains("2026-11-29T08:00:00Z"))
    }

    @Test func statusAndUrgencyAreColouredOnlyWhenAsked() throws {
        let incidents = [Self.incident(1, title: "t")]
        let plain = Self.written(incidents, .table)
        #expect(!plain.contains("\u{1B}"))
        let sink = OutputSink.memory()
        let writer = IncidentWriter(format: .table, fields: .defaults, header: true, width: 100, colour: true, stdout: sink)
        writer.begin(); writer.write(incidents); writer.finish()
        #expect(sink.text.contains("\u{1B}[33macknowledged\u{1B}[0m"), "\(sink.text)")
        #expect(sink.text.contains("\u{1B}[31mhigh\u{1B}[0m"), "\(sink.text)")
        // Colour changes no width: without the escapes the lines are the plain ones.
        #expect(sink.text.replacingOccurrences(of: "\u{1B}[33m", with: "").replacingOccurrences(of: "\u{1B}[31m", with: "")
            .replacingOccurrences(of: "\u{1B}[0m", with: "") == plain)
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
        // Shown short, as git shows hashes: the id's first 12 characters, which every --id takes.
        #expect(table.stdout.contains(String(identity.id.prefix(12)) + " ") && !table.stdout.contains(identity.id), "\(table.stdout)")
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
