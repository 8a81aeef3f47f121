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
    /// Records given as members already in `keyOrder`'s order (see `append(row:members:)`);
    /// a listing holds records in one form or the other.
    var orderedObjects: [[(key: String, value: JSONValue)]] = []
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

    /// Adds one record whose members are exactly `keyOrder`'s keys, in that order: printed as the
    /// object of those members would be, without building and ordering a dictionary per record
    /// (`identity ls` of 10,000 identities spent a third of its time there).
    mutating func append(row: [String], members: [(key: String, value: JSONValue)]) {
        rows.append(row)
        orderedObjects.append(members)
    }

    /// The text of the whole listing; json is one array (`[]` when empty), ndjson one object a line.
    func render(_ format: OutputFormat, width: Int) -> String {
        switch format {
        case .json where !orderedObjects.isEmpty:
            return String(decoding: renderOrdered(pretty: true), as: UTF8.self)
        case .ndjson where !orderedObjects.isEmpty:
            return String(decoding: renderOrdered(pretty: false), as: UTF8.self)
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

    /// json or ndjson of `orderedObjects`: the bytes `JSONValue.write` gives each record as an
    /// object (members in `keyOrder`, which nested objects also follow), each value written by it.
    private func renderOrdered(pretty: Bool) -> [UInt8] {
        var out: [UInt8] = []
        // An identity takes some 380 bytes: room enough from the start (pages untouched cost nothing).
        out.reserveCapacity(orderedObjects.count * 512)
        // Scalars ignore the key order; only objects (tags) need it, and pay for it alone.
        func value(_ value: JSONValue, indent: String) {
            switch value {
            case .object, .array: value.write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: indent)
            default: value.write(into: &out, pretty: pretty)
            }
        }
        if pretty { out.append(UInt8(ascii: "[")) }
        for (index, members) in orderedObjects.enumerated() {
            if pretty {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: "\n  ".utf8)
            }
            if members.isEmpty {
                out.append(contentsOf: "{}".utf8)
            } else {
                out.append(UInt8(ascii: "{"))
                for (position, member) in members.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    if pretty { out.append(contentsOf: "\n    ".utf8) }
                    JSONValue.string(member.key).write(into: &out, pretty: pretty)
                    out.append(contentsOf: pretty ? ": ".utf8 : ":".utf8)
                    value(member.value, indent: pretty ? "    " : "")
                }
                if pretty { out.append(contentsOf: "\n  ".utf8) }
                out.append(UInt8(ascii: "}"))
            }
            if !pretty { out.append(0x0A) }
        }
        if pretty {
            if !orderedObjects.isEmpty { out.append(0x0A) }
            out.append(contentsOf: "]\n".utf8)
        }
        return out
    }

    /// Prints the listing to stdout in `requested` (or the context's default) format.
    func write(_ requested: OutputFormat?, context: CommandContext) {
        let format = context.format(requested)
        if !orderedObjects.isEmpty, format == .json || format == .ndjson {
            // Bytes straight to the stream: a listing of 10,000 is megabytes, and a `String` a copy more.
            context.streams.stdout.write(bytes: renderOrdered(pretty: format == .json))
            return
        }
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
