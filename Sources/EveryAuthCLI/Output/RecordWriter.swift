import EveryAuthCore
import Foundation

/// Writes rows of text cells as an aligned table, CSV (RFC 4180) or TSV.
/// JSON and NDJSON are written by the commands themselves, from their own values.
struct RecordWriter {
    enum Style { case table(width: Int), csv, tsv }

    let style: Style
    let columns: [String]
    let header: Bool

    /// Quotes one CSV cell when it holds a comma, quote, CR or LF.
    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Escapes one TSV cell: backslash, tab, newline and CR as `\\`, `\t`, `\n`, `\r`.
    static func tsvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            default: out.append(character)
            }
        }
        return out
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
            return Self.table(columns: header ? columns : nil, rows: rows, width: width)
        }
    }

    /// An aligned table that fits `width`: the widest columns shrink first, cut with `…`.
    static func table(columns: [String]?, rows: [[String]], width: Int, flexible: Int? = nil) -> String {
        let count = columns?.count ?? rows.first?.count ?? 0
        guard count > 0 else { return "" }
        let flat = rows.map { $0.map { $0.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ") } }
        var widths = Array(repeating: 0, count: count)
        for row in ([columns ?? []] + flat) {
            for (index, cell) in row.enumerated() where index < count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        let gap = 2
        var total = widths.reduce(0, +) + gap * (count - 1)
        while total > width {
            // Shrink the flexible column first (e.g. title), then the widest one, to a floor of 8.
            let candidates = widths.indices.filter { widths[$0] > 8 }
            guard !candidates.isEmpty else { break }
            let index = flexible.flatMap { candidates.contains($0) ? $0 : nil } ?? candidates.max { widths[$0] < widths[$1] }!
            let cut = min(total - width, widths[index] - 8)
            widths[index] -= cut
            total -= cut
        }
        func fit(_ cell: String, _ width: Int) -> String {
            cell.count <= width ? cell : String(cell.prefix(max(width - 1, 0))) + "…"
        }
        func render(_ row: [String]) -> String {
            var line = ""
            for index in 0..<count {
                let cell = fit(index < row.count ? row[index] : "", widths[index])
                if index == count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[index] - cell.count + gap)
                }
            }
            return line + "\n"
        }
        var out = ""
        if let columns { out += render(columns.map { $0.uppercased() }) }
        for row in flat { out += render(row) }
        return out
    }
}
