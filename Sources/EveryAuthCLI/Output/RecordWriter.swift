import EveryAuthCore
import Foundation

/// Writes rows of text cells as an aligned table, CSV (RFC 4180) or TSV (SPEC §6).
/// JSON and NDJSON are written by the commands themselves, from their own values.
struct RecordWriter {
    enum Style { case table(width: Int), csv, tsv }

    let style: Style
    /// Column keys: the header of csv/tsv (the JSON keys), and of the table unless `headings` is given.
    let columns: [String]
    let header: Bool
    /// Table headings when they differ from the keys (`NUMBER` for `incident_number`).
    var headings: [String]?
    /// Columns a table never cuts: ids a user must paste.
    var fixed: Set<Int> = []
    /// The column that gets the room left over (an incident's title).
    var flexible: Int?
    /// Columns a table leaves out, in this order, before the flexible one is squeezed under
    /// `flexibleMinimum`.
    var droppable: [Int] = []
    /// What the flexible column keeps at least while its text is that long.
    var flexibleMinimum = RecordWriter.flexibleMinimum

    /// Quotes one CSV cell when it holds a comma, quote, CR or LF. Scans scalars: in Swift
    /// `"\r\n"` is one Character that equals neither `"\r"` nor `"\n"`.
    static func csvCell(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Escapes one TSV cell: backslash, tab, LF and CR as `\\`, `\t`, `\n`, `\r`, scalar by scalar,
    /// so no value can add a row or a column.
    static func tsvCell(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The header line for streaming styles (csv/tsv), or nil.
    func headerLine() -> String? {
        guard header else { return nil }
        switch style {
        case .csv: return columns.map(Self.csvCell).joined(separator: ",") + "\n"
        case .tsv: return columns.map(Self.tsvCell).joined(separator: "\t") + "\n"
        case .table: return nil
        }
    }

    /// One row for streaming styles (csv/tsv).
    func line(_ row: [String]) -> String {
        switch style {
        case .csv: return row.map(Self.csvCell).joined(separator: ",") + "\n"
        case .tsv, .table: return row.map(Self.tsvCell).joined(separator: "\t") + "\n"
        }
    }

    /// The whole output for `rows` in this style.
    func render(_ rows: [[String]]) -> String {
        switch style {
        case .csv, .tsv:
            return (headerLine() ?? "") + rows.map(line).joined()
        case .table(let width):
            let titles = header ? (headings ?? columns.map(Self.heading)) : nil
            return Self.table(columns: titles, rows: rows, width: width, flexible: flexible, fixed: fixed, droppable: droppable,
                              flexibleMinimum: flexibleMinimum)
        }
    }

    /// A table heading for a JSON key: `userId` → `USER ID`, `created_at` → `CREATED AT`.
    static func heading(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase, let last = out.last, last.isLowercase { out.append(" ") }
            out.append(character == "_" || character == "." ? " " : character)
        }
        return out.uppercased()
    }

    /// An aligned table for people that fits `width`: `fixed` columns (ids, numbers, statuses) are
    /// never cut; the `flexible` column (a title) gets the room the others leave. When the others
    /// leave it less than `flexibleMinimum` columns even once cut, the `droppable` columns go, in
    /// that order (least useful first), before anything is squeezed further; then the widest other
    /// columns give up room. Cells are shown without control characters.
    static func table(
        columns: [String]?, rows: [[String]], width: Int, flexible: Int? = nil, fixed: Set<Int> = [], droppable: [Int] = [],
        flexibleMinimum: Int = flexibleMinimum
    ) -> String {
        var out = ""
        for piece in tablePieces(columns: columns, rows: rows, width: width, flexible: flexible, fixed: fixed, droppable: droppable,
                                 flexibleMinimum: flexibleMinimum) {
            if case .text(let text) = piece { out += text }
        }
        return out
    }

    /// A table's text and, around the cells `colour` paints, our own colour sequences: an
    /// `OutputSink` writes the text through the terminal sanitizer and the colours as ours.
    enum TablePiece: Equatable {
        case text(String)
        case control(TerminalControl)
    }

    /// `table` in pieces, with `colour` (on a colour terminal only) painting cells after the layout,
    /// so that colour never changes a width.
    static func tablePieces(
        columns: [String]?, rows: [[String]], width: Int, flexible: Int? = nil, fixed: Set<Int> = [], droppable: [Int] = [],
        flexibleMinimum: Int = flexibleMinimum, colour: ((_ column: Int, _ cell: String) -> TerminalControl?)? = nil
    ) -> [TablePiece] {
        let count = columns?.count ?? rows.first?.count ?? 0
        guard count > 0 else { return [] }
        let safe = rows.map { $0.map { TerminalText.sanitized($0) } }
        var natural = Array(repeating: 0, count: count)
        for row in ([columns ?? []] + safe) {
            for (index, cell) in row.enumerated() where index < count {
                natural[index] = max(natural[index], cell.count)
            }
        }
        var shown = Array(0..<count)
        if let flexible, !fixed.contains(flexible), flexible < count {
            let minimum = min(natural[flexible], flexibleMinimum)
            // The narrowest the others can be: fixed ones whole, the rest cut to the floor.
            func narrowest() -> Int {
                shown.filter { $0 != flexible }.map { fixed.contains($0) ? natural[$0] : min(natural[$0], narrowestCut) }.reduce(0, +)
                    + 2 * (shown.count - 1) + minimum
            }
            for column in droppable where column < count && column != flexible && narrowest() > width {
                shown.removeAll { $0 == column }
            }
        }
        let widths = layout(shown.map { natural[$0] }, room: width - 2 * (shown.count - 1),
                            flexible: flexible.flatMap { shown.firstIndex(of: $0) },
                            fixed: Set(shown.indices.filter { fixed.contains(shown[$0]) }), minimum: flexibleMinimum)
        func fit(_ cell: String, _ width: Int) -> String {
            cell.count <= width ? cell : String(cell.prefix(max(width - 1, 0))) + "…"
        }
        var pieces: [TablePiece] = []
        var text = ""
        func render(_ row: [String], painted: Bool) {
            for (position, index) in shown.enumerated() {
                let cell = fit(index < row.count ? row[index] : "", widths[position])
                if painted, let paint = colour?(index, index < row.count ? row[index] : "") {
                    pieces += [.text(text), .control(paint), .text(cell), .control(.reset)]
                    text = ""
                } else {
                    text += cell
                }
                if position < shown.count - 1 { text += String(repeating: " ", count: widths[position] - cell.count + 2) }
            }
            text += "\n"
        }
        if let columns { render(columns, painted: false) }
        for row in safe { render(row, painted: true) }
        pieces.append(.text(text))
        return pieces.filter { $0 != .text("") }
    }

    /// What a table's flexible column (a title) keeps at least, while its text is that long: 30
    /// columns, so that an 80-column terminal still reads a title.
    static let flexibleMinimum = 30
    /// How narrow a cut column may become.
    static let narrowestCut = 8

    /// Column widths within `room`: the flexible column first gets what the others leave; when
    /// that is under its minimum (30, or a quarter of the room), the widest shrinkable columns
    /// are cut (to 8, then to 6) until it has it; fixed columns keep their width whatever happens.
    static func layout(_ natural: [Int], room: Int, flexible: Int?, fixed: Set<Int>, minimum: Int = flexibleMinimum) -> [Int] {
        var widths = natural
        guard widths.reduce(0, +) > room else { return widths }
        let flex = flexible.flatMap { fixed.contains($0) ? nil : $0 }
        let wanted = flex.map { min(natural[$0], max(minimum, room / 4)) } ?? 0
        let others = widths.indices.filter { !fixed.contains($0) && $0 != flex }
        func total() -> Int { widths.indices.filter { $0 != flex }.map { widths[$0] }.reduce(0, +) }
        // The widest other column gives up one column of room at a time, until the flexible one
        // gets its minimum or nothing above the floor is left; then, on a narrow terminal (80
        // columns and eight of them), the others go down to a last floor of 6 rather than leave
        // the title a stub; below that the line overflows rather than lose every column.
        for (limit, need) in [(narrowestCut, wanted), (6, wanted)] {
            while total() + need > room {
                guard let widest = others.filter({ widths[$0] > limit }).max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
        }
        if let flex { widths[flex] = min(natural[flex], max(room - total(), min(natural[flex], 6))) }
        return widths
    }
}
