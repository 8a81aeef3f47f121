import EveryAuthCore
import Foundation

/// Writes incidents page by page in the chosen format. Every format but the table streams:
/// nothing is kept once a page is written. The table needs every row to align its columns.
final class IncidentWriter {
    private let format: OutputFormat
    private let fields: IncidentFields
    private let header: Bool
    private let width: Int
    /// Colour in the table (a colour terminal on stdout).
    private let colour: Bool
    /// What table ages count from.
    private let now: Date
    private let stdout: OutputSink
    private var rows: [[String]] = []
    private var count = 0
    /// Incidents written so far, in any format.
    private(set) var written = 0
    /// `--fields` columns that reached a value in at least one incident.
    private var matched: Set<Int> = []

    init(format: OutputFormat, fields: IncidentFields, header: Bool, width: Int, colour: Bool = false, now: Date = Date(), stdout: OutputSink) {
        self.stdout = stdout
        self.colour = colour
        self.now = now
        self.format = format
        self.fields = fields
        self.header = header
        self.width = width
    }

    /// What comes before the first incident.
    func begin() {
        let writer = RecordWriter(style: format == .csv ? .csv : .tsv, columns: fields.names, header: header)
        switch format {
        case .csv, .tsv: if let line = writer.headerLine() { stdout.write(line) }
        case .json: stdout.write("[")
        case .table, .ndjson: break
        }
    }

    /// One page as PagerDuty sent it, flushed to stdout so that a reader sees it now. Whole
    /// incidents in json/ndjson go from the page's bytes to stdout without being parsed into
    /// values: the same bytes as `write(_:)` gives, at a fraction of the CPU.
    func write(_ page: JSONArrayBytes) {
        guard !fields.chosen, format == .json || format == .ndjson else { return write(page.values) }
        written += page.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(page.data.count + page.count * (format == .json ? 2048 : 0))
        if format == .ndjson {
            page.writeElements(into: &bytes, pretty: false, after: { $0.append(0x0A) })
        } else {
            page.writeElements(into: &bytes, pretty: true, indent: "  ", before: { bytes in
                bytes.append(contentsOf: (count == 0 ? "\n  " : ",\n  ").utf8)
                count += 1
            })
        }
        stdout.write(bytes: bytes)
        stdout.flush()
    }

    /// One page, flushed to stdout so that a reader sees it now.
    func write(_ page: [JSONValue]) {
        written += page.count
        if fields.chosen, matched.count < fields.names.count {
            for incident in page { matched.formUnion(fields.matchedColumns(incident)) }
        }
        switch format {
        case .table:
            rows += page.map { fields.tableCells($0, now: now) }
        case .csv, .tsv:
            let writer = RecordWriter(style: format == .csv ? .csv : .tsv, columns: fields.names, header: header)
            var text = ""
            for incident in page { text += writer.line(fields.cells(incident)) }
            stdout.write(text)
        case .ndjson:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(page.count * 2048)
            for incident in page {
                serialize(incident, pretty: false, into: &bytes)
                bytes.append(0x0A)
            }
            stdout.write(bytes: bytes)
        case .json:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(page.count * 4096)
            for incident in page {
                bytes.append(contentsOf: (count == 0 ? "\n  " : ",\n  ").utf8)
                serialize(incident, pretty: true, indent: "  ", into: &bytes)
                count += 1
            }
            stdout.write(bytes: bytes)
        }
        stdout.flush()
    }

    /// What comes after the last incident.
    func finish() {
        switch format {
        case .table:
            let fields = self.fields
            let pieces = RecordWriter.tablePieces(
                columns: header ? fields.headings : nil, rows: rows, width: width, flexible: fields.flexible, fixed: fields.fixed,
                droppable: fields.droppable, colour: colour ? { fields.colour(column: $0, cell: $1) } : nil)
            for piece in pieces {
                switch piece {
                case .text(let text): stdout.write(text)
                case .control(let control): stdout.write(control)
                }
            }
        case .json: stdout.write(count == 0 ? "]\n" : "\n]\n")
        case .csv, .tsv, .ndjson: break
        }
        stdout.flush()
    }

    /// The `--fields` paths that matched nothing in any incident written (a typo, most likely).
    var unmatchedFields: [String] {
        guard fields.chosen, written > 0 else { return [] }
        return fields.names.indices.filter { !matched.contains($0) }.map { fields.names[$0] }
    }

    /// Appends one incident's JSON as bytes: building `String`s per value cost more than parsing.
    private func serialize(_ incident: JSONValue, pretty: Bool, indent: String = "", into bytes: inout [UInt8]) {
        guard fields.chosen else { return incident.write(into: &bytes, pretty: pretty, indent: indent) }
        fields.object(incident).write(into: &bytes, pretty: pretty, keyOrder: fields.names, indent: indent)
    }
}
