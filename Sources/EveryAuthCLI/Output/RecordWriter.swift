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
            return Self.table(columns: titles, rows: rows, width: width, flexible: flexible, fixed: fixed)
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

    /// An aligned table for people that fits `width`: `fixed` columns (ids) are never cut; the
    /// `flexible` column (a title) gets the room the others leave, and when that is too little
    /// the widest other columns give up room first. Cells are shown without control characters.
    static func table(columns: [String]?, rows: [[String]], width: Int, flexible: Int? = nil, fixed: Set<Int> = []) -> String {
        let count = columns?.count ?? rows.first?.count ?? 0
        guard count > 0 else { return "" }
        let safe = rows.map { $0.map { TerminalText.sanitized($0) } }
        var widths = Array(repeating: 0, count: count)
        for row in ([columns ?? []] + safe) {
            for (index, cell) in row.enumerated() where index < count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        widths = layout(widths, room: width - 2 * (count - 1), flexible: flexible, fixed: fixed)
        func fit(_ cell: String, _ width: Int) -> String {
            cell.count <= width ? cell : String(cell.prefix(max(width - 1, 0))) + "…"
        }
        func render(_ row: [String]) -> String {
            var line = ""
            for index in 0..<count {
                let cell = fit(index < row.count ? row[index] : "", widths[index])
                line += index == count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            return line + "\n"
        }
        var out = ""
        if let columns { out += render(columns) }
        for row in safe { out += render(row) }
        return out
    }

    /// Column widths within `room`: the flexible column first gets what the others leave; when
    /// that is under its minimum (20, or a quarter of the room), the widest shrinkable columns
    /// are cut (to 8, then to 6) until it has it; fixed columns keep their width whatever happens.
    static func layout(_ natural: [Int], room: Int, flexible: Int?, fixed: Set<Int>) -> [Int] {
        var widths = natural
        guard widths.reduce(0, +) > room else { return widths }
        let floor = 8
        let flex = flexible.flatMap { fixed.contains($0) ? nil : $0 }
        let wanted = flex.map { min(natural[$0], max(20, room / 4)) } ?? 0
        let others = widths.indices.filter { !fixed.contains($0) && $0 != flex }
        func total() -> Int { widths.indices.filter { $0 != flex }.map { widths[$0] }.reduce(0, +) }
        // The widest other column gives up one column of room at a time, until the flexible one
        // gets its minimum or nothing above the floor is left; then, on a narrow terminal (80
        // columns and eight of them), the others go down to a last floor of 6 rather than leave
        // the title a stub; below that the line overflows rather than lose every column.
        for (limit, need) in [(floor, wanted), (6, wanted)] {
            while total() + need > room {
                guard let widest = others.filter({ widths[$0] > limit }).max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
        }
        if let flex { widths[flex] = min(natural[flex], max(room - total(), min(natural[flex], 6))) }
        return widths
    }
}
