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
    /// One row of cells per record; nil is a missing value (SPEC §6: an empty field in csv and
    /// tsv, a dash in a table), the one rule for every command.
    var rows: [[String?]] = []
    /// The rows as a table shows them, where they differ (times as ages); nil: `rows`.
    var tableRows: [[String?]]?
    /// The table shows `idn-` ids in the `id` column by their shortest unique prefix (`IdentityIDPrefix`).
    var shortensIDs = false
    /// What the flexible column keeps at least in a table.
    var flexibleMinimum = RecordWriter.flexibleMinimum
    /// Columns a narrow table leaves out, in this order, before it squeezes the flexible one.
    var droppable: [Int] = []
    /// One JSON object per record.
    var objects: [JSONValue] = []
    /// Columns a table never cuts (ids a user must paste).
    var fixed: Set<Int> = []
    /// The column that gets the room left over in a table.
    var flexible: Int?
    /// True for a command that reports one record (`store info`): json prints that object, not
    /// an array of one, and a table reads down, a field a line.
    var single = false

    init(columns: [String], keyOrder: [String], fixed: Set<String> = ["id"], flexible: String? = nil, droppable: [String] = []) {
        // SPEC §6: a csv/tsv column is named by its JSON key, in every command.
        assert(keyOrder.isEmpty || Set(columns).isSubset(of: keyOrder), "columns \(columns) are not JSON keys \(keyOrder)")
        self.columns = columns
        self.keyOrder = keyOrder
        self.fixed = Set(columns.indices.filter { fixed.contains(columns[$0]) })
        self.flexible = flexible.flatMap { columns.firstIndex(of: $0) }
        self.droppable = droppable.compactMap { columns.firstIndex(of: $0) }
    }

    /// Adds one record in both shapes.
    mutating func append(row: [String?], object: [String: JSONValue]) {
        append(row: row, object: JSONObject(object))
    }

    /// Adds one record whose object came from the server as it is.
    mutating func append(row: [String?], object: JSONObject) {
        rows.append(row)
        tableRows?.append(row)
        objects.append(.object(object))
    }

    /// Adds one record that a table shows as `shown` (times as ages, say) and other formats as `row`.
    mutating func append(row: [String?], shown: [String?], object: [String: JSONValue]) {
        if tableRows == nil { tableRows = rows }
        rows.append(row)
        tableRows?.append(shown)
        objects.append(.object(JSONObject(object)))
    }

    /// The table's cells: `tableRows`, ids shortened when asked, a missing value as a dash.
    private var tableCells: [[String]] {
        var cells = (tableRows ?? rows).map { $0.map { $0 ?? "-" } }
        if shortensIDs, let column = columns.firstIndex(of: "id") {
            let length = IdentityIDPrefix.shortLength(cells.map { $0[column] })
            for index in cells.indices { cells[index][column] = IdentityIDPrefix.shown(cells[index][column], length: length) }
        }
        return cells
    }

    /// The text of the whole listing; json is one array (`[]` when empty), ndjson one object a line.
    func render(_ format: OutputFormat, width: Int) -> String {
        switch format {
        case .json where single && objects.count == 1:
            return objects[0].serialized(pretty: true, keyOrder: keyOrder) + "\n"
        case .json:
            return JSONValue.array(objects).serialized(pretty: true, keyOrder: keyOrder) + "\n"
        case .ndjson:
            return objects.map { $0.serialized(pretty: false, keyOrder: keyOrder) + "\n" }.joined()
        case .table where single && rows.count == 1:
            // One record reads down, a field a line, so that a long value (a path) has the width.
            let cells = tableCells[0]
            return RecordWriter.table(columns: nil, rows: columns.indices.map { [RecordWriter.heading(columns[$0]), cells[$0]] },
                                      width: width, flexible: 1)
        case .table:
            return RecordWriter(style: .table(width: width), columns: columns, header: true, fixed: fixed, flexible: flexible,
                                droppable: droppable, flexibleMinimum: flexibleMinimum)
                .render(tableCells)
        case .csv:
            return RecordWriter(style: .csv, columns: columns, header: true).render(rows.map { $0.map { $0 ?? "" } })
        case .tsv:
            return RecordWriter(style: .tsv, columns: columns, header: true).render(rows.map { $0.map { $0 ?? "" } })
        }
    }

    /// Prints the listing to stdout in `requested` (or the context's default) format.
    func write(_ requested: OutputFormat?, context: CommandContext) {
        context.out(render(context.format(requested), width: context.terminalWidth))
    }
}

/// json or ndjson of records whose members come in the listing's key order, written as they
/// are added: the bytes `Listing` prints for the same records as objects, without a dictionary
/// (or any other copy) per record. `identity ls` of 10,000 identities spent a third of its time
/// building and ordering those.
struct OrderedJSONWriter {
    let pretty: Bool
    /// The key order nested objects follow (as `Listing`'s `keyOrder` does).
    let keyOrder: [String]
    private let keys: Set<String>
    /// What `member` writes for each of `keyOrder` when the members come in that order: the line
    /// break and indent (pretty), the quoted name and the colon.
    private let memberLeads: [[UInt8]]
    private(set) var out: [UInt8] = []
    private var count = 0
    /// Members written so far in the current record.
    private var membersInRecord = 0

    /// `expected` records, when known, size the first allocation; otherwise it holds two pieces.
    init(pretty: Bool, keyOrder: [String], expected: Int? = nil) {
        self.pretty = pretty
        self.keyOrder = keyOrder
        keys = Set(keyOrder)
        memberLeads = keyOrder.map { key in
            var lead: [UInt8] = pretty ? Array("\n    ".utf8) : []
            JSONValue.string(key).write(into: &lead, pretty: pretty)
            lead.append(contentsOf: pretty ? ": ".utf8 : ":".utf8)
            return lead
        }
        // An identity takes some 380 bytes: room enough from the start for all of them, or for
        // one piece of `spill` and the record that crosses its size.
        out.reserveCapacity(min((expected ?? .max / 1024) * 512 + 16, Self.piece * 2))
        if pretty { out.append(UInt8(ascii: "[")) }
    }

    /// What `spill` hands over at a time: the size `OutputSink` writes in.
    private static let piece = 1 << 16

    /// Hands what is written so far to `sink` once it makes a piece, so a long listing never
    /// holds its whole text (3.7 MB for 10,000 identities, then copied again into the sink).
    mutating func spill(to sink: OutputSink) {
        guard out.count >= Self.piece else { return }
        sink.write(bytes: out)
        out.removeAll(keepingCapacity: true)
    }

    /// Adds one record: `members` are its keys (a subset of `keyOrder`, in that order) and values.
    mutating func append(_ members: [(key: String, value: JSONValue)]) {
        beginRecord()
        for member in members {
            self.member(member.key)
            value(member.value)
        }
        endRecord()
    }

    /// Starts a record; `member` and a value for each of its members follow, then `endRecord`.
    /// (For records whose members are known, without an array of them: `identity ls`.)
    mutating func beginRecord() {
        if pretty {
            if count > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "\n  ".utf8)
        }
        count += 1
        membersInRecord = 0
        out.append(UInt8(ascii: "{"))
    }

    /// Starts the member `key` (the next of `keyOrder`'s in the record); its value comes next.
    mutating func member(_ key: String) {
        if membersInRecord > 0 { out.append(UInt8(ascii: ",")) }
        defer { membersInRecord += 1 }
        if membersInRecord < keyOrder.count, Self.sameBytes(keyOrder[membersInRecord], key) {
            out.append(contentsOf: memberLeads[membersInRecord])
            return
        }
        if pretty { out.append(contentsOf: "\n    ".utf8) }
        JSONValue.string(key).write(into: &out, pretty: pretty)
        out.append(contentsOf: pretty ? ": ".utf8 : ":".utf8)
    }

    /// True when `a` and `b` are the same UTF-8 (names compare as bytes, as `JSONKey`s do).
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
        }
    }

    /// The current member's value.
    mutating func value(_ value: JSONValue) {
        // Only objects follow the key order, and only those with one of its keys differ
        // from byte order (a `Set` of `String`s finds every byte-equal key, and more).
        switch value {
        case .object(let object):
            let ordered = object.contains { keys.contains($0.key) }
            value.write(into: &out, pretty: pretty, keyOrder: ordered ? keyOrder : [], indent: pretty ? "    " : "")
        case .array:
            value.write(into: &out, pretty: pretty, keyOrder: keyOrder, indent: pretty ? "    " : "")
        default:
            value.write(into: &out, pretty: pretty)
        }
    }

    /// The current member's value: tags, as `value(.object(tags.jsonObject))` writes them.
    mutating func value(_ tags: IdentityTags) {
        // With a name of `keyOrder`, the order is the key order's (rare: a tag named "id").
        guard !tags.isEmpty, !tags.contains(where: { keys.contains($0.key) }) else {
            value(.object(tags.jsonObject))
            return
        }
        out.append(UInt8(ascii: "{"))
        // Tags iterate in byte order, as `JSONKey` sorts (the names are distinct, bytes and all).
        for (position, member) in tags.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            if pretty { out.append(contentsOf: "\n      ".utf8) }
            JSONValue.string(member.key).write(into: &out, pretty: pretty)
            out.append(contentsOf: pretty ? ": ".utf8 : ":".utf8)
            JSONValue.string(member.value).write(into: &out, pretty: pretty)
        }
        if pretty { out.append(contentsOf: "\n    ".utf8) }
        out.append(UInt8(ascii: "}"))
    }

    /// The current member's value: a time as `Timestamp.format` writes it, quoted.
    mutating func value(_ time: Date) {
        out.append(UInt8(ascii: "\""))
        Timestamp.write(time, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Ends the record `beginRecord` started.
    mutating func endRecord() {
        if membersInRecord == 0 {
            out.append(UInt8(ascii: "}"))
        } else {
            if pretty { out.append(contentsOf: "\n  ".utf8) }
            out.append(UInt8(ascii: "}"))
        }
        if !pretty { out.append(0x0A) }
    }

    /// The whole text (what `spill` has not handed over): json's array (`[]` when empty) and a
    /// newline, or ndjson's lines; nothing is appended afterwards.
    mutating func finish() -> [UInt8] {
        if pretty {
            if count > 0 { out.append(0x0A) }
            out.append(contentsOf: "]\n".utf8)
        }
        return out
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
    } catch let error as InvalidInput {
        throw ValidationError(ErrorMessages.text(for: error))
    } catch let error as InvalidUserID {
        throw ValidationError(ErrorMessages.text(for: error, flag: "--user-id"))
    } catch let error as InvalidTag {
        throw ValidationError(ErrorMessages.text(for: error, flag: "--tag"))
    }
}
