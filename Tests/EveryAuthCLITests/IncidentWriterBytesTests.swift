@testable import EveryAuthCLI
import EveryAuthCore
import Foundation
import Testing

/// `incidents list` writes pages as they came (`IncidentWriter.write(_: JSONArrayBytes)`): every
/// format prints exactly what writing the parsed incidents printed.
@Suite struct IncidentWriterBytesTests {
    /// Two pages of incidents with what json/ndjson must keep exact: names out of order and
    /// repeated, escapes and controls, hostile numbers, nesting.
    static let pages = [
        #"[{"title":"Disk \u001b[2J full\r\ndb\u0085-1","id":"Q1","incident_number":1e400,"z":{"b":[1,2.50],"a":-0},"#
            + #""service":{"summary":"Payments, EU"},"assignments":[{"assignee":{"summary":"Dana \"DJ\" Jones"}}],"#
            + #""status":"triggered","urgency":"high","created_at":"2026-11-29T08:00:00Z","id":"Q1b"}]"#,
        #"[ {"id" : "Q2", "title" : "tab\there \/ \u2028 \ud83d\ude00", "big" : 123456789012345678901234567890 }, {} ]"#,
    ]

    private static func written(_ format: OutputFormat, fields: IncidentFields, bytes: Bool) throws -> String {
        let sink = OutputSink.memory()
        let writer = IncidentWriter(format: format, fields: fields, header: true, width: 100, stdout: sink)
        writer.begin()
        for page in pages {
            let elements = try JSONArrayBytes(array: Data(page.utf8))
            if bytes { writer.write(elements) } else { writer.write(elements.values) }
        }
        writer.finish()
        return sink.text
    }

    @Test(arguments: [OutputFormat.ndjson, .json, .table, .csv, .tsv])
    func pagesAsBytesPrintWhatParsedPagesPrinted(_ format: OutputFormat) throws {
        for fields in [IncidentFields.defaults, try IncidentFields.parse("id,z.a,title,service.summary")] {
            let fromBytes = try Self.written(format, fields: fields, bytes: true)
            #expect(!fromBytes.isEmpty)
            #expect(fromBytes == (try Self.written(format, fields: fields, bytes: false)))
        }
    }

    @Test func ndjsonFromBytesIsOneParsableLinePerIncident() throws {
        let text = try Self.written(.ndjson, fields: .defaults, bytes: true)
        let lines = text.utf8.split(separator: 0x0A)
        #expect(lines.count == 3)
        for line in lines { #expect((try? JSONValue.parse(Data(line))) != nil) }
        #expect(text.hasPrefix(#"{"assignments":[{"assignee":{"summary":"Dana \"DJ\" Jones"}}],"created_at""#))
        #expect(text.contains(#""id":"Q1b","incident_number":1e400,"#))
    }
}
