import ArgumentParser
import EveryAuthCore
import Foundation

/// Records that a command prints in whichever `OutputFormat` the user picked: cells for
/// table/csv/tsv, JSON objects (keys in a fixed order) for json/ndjson.
struct Listing {
    /// Header cells of csv and tsv: the JSON keys (SPEC §6); the table shows them as headings.
    let columns: [String]
    /// The order of the keys in each JSON object.
    let keyOrder: [String]
    /// One row of cells per record.
    var rows: [[String]] = []
    /// One JSON object per record.
    var objects: [JSONValue] = []
    /// Columns a table never cuts (ids a user must paste).
    var fixed: Set<Int> = []
    /// The column that gets the room left over in a table.
    var flexible: Int?

    init(columns: [String], keyOrder: [String], fixed: Set<String> = ["id"], flexible: String? = nil) {
        self.columns = columns
        self.keyOrder = keyOrder
        self.fixed = Set(columns.indices.filter { fixed.contains(columns[$0]) })
        self.flexible = flexible.flatMap { columns.firstIndex(of: $0) }
    }

    /// Adds one record in both shapes.
    mutating func append(row: [String], object: [String: JSONValue]) {
        append(row: row, object: JSONObject(object))
    }

    /// Adds one record whose object came from the server as it is.
    mutating func append(row: [String], object: JSONObject) {
        rows.append(row)
        objects.append(.object(object))
    }

    /// The text of the whole listing; json is one array (`[]` when empty), ndjson one object a line.
    func render(_ format: OutputFormat, width: Int) -> String {
        switch format {
        case .json:
            return JSONValue.array(objects).serialized(pretty: true, keyOrder: keyOrder) + "\n"
        case .ndjson:
            return objects.map { $0.serialized(pretty: false, keyOrder: keyOrder) + "\n" }.joined()
        case .table:
            return RecordWriter(style: .table(width: width), columns: columns, header: true, fixed: fixed, flexible: flexible).render(rows)
        case .csv:
            return RecordWriter(style: .csv, columns: columns, header: true).render(rows)
        case .tsv:
            return RecordWriter(style: .tsv, columns: columns, header: true).render(rows)
        }
    }

    /// Prints the listing to stdout in `requested` (or the context's default) format.
    func write(_ requested: OutputFormat?, context: CommandContext) {
        context.out(render(context.format(requested), width: context.terminalWidth))
    }
}

extension JSONValue {
    /// A string, or null when absent.
    static func optional(_ text: String?) -> JSONValue {
        text.map { .string($0) } ?? .null
    }
}

/// Turns the core's usage errors into ArgumentParser's, so that `validate()` prints the usage
/// and exits 64.
func validatingUsage(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as UsageError {
        throw ValidationError(error.message)
    }
}
