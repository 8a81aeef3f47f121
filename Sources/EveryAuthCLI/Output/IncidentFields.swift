import EveryAuthCore
import Foundation

/// Columns of `incidents list`: dotted paths into an incident's JSON (`service.summary`,
/// `assignments.assignee.summary`), descending through arrays element by element.
struct IncidentFields {
    /// A column: the path it reads (also its csv/tsv header and JSON key, so a header can be
    /// given back to `--fields`) and its short table heading.
    struct Column {
        var path: [String]
        var heading: String

        init(_ dotted: String, heading: String? = nil) {
            path = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            self.heading = heading ?? dotted.uppercased()
        }

        /// `service.summary`.
        var key: String { path.joined(separator: ".") }
    }

    /// The default table columns of SPEC §2.
    static let defaults = IncidentFields(columns: [
        Column("incident_number", heading: "NUMBER"), Column("id", heading: "ID"), Column("status", heading: "STATUS"),
        Column("urgency", heading: "URGENCY"), Column("created_at", heading: "AGE"),
        Column("service.summary", heading: "SERVICE"), Column("assignments.assignee.summary", heading: "ASSIGNEES"),
        Column("title", heading: "TITLE"),
    ])

    var columns: [Column]
    /// True when the user picked the columns with `--fields`.
    var chosen = false

    /// Parses `--fields a,b.c`; every path must be non-empty names separated by dots.
    static func parse(_ text: String) throws -> IncidentFields {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else { throw UsageError("--fields: give one or more dotted paths, e.g. --fields id,service.summary") }
        let columns = try names.map { name -> Column in
            let column = Column(name)
            guard !name.isEmpty, !column.path.contains(where: \.isEmpty) else {
                throw UsageError("--fields: '\(name)' is not a dotted path; use names like id or assignments.assignee.summary")
            }
            return column
        }
        return IncidentFields(columns: columns, chosen: true)
    }

    /// What `path` reaches in `value`: one value, an array when it went through arrays, nil when missing.
    static func value(_ value: JSONValue, path: ArraySlice<String>) -> JSONValue? {
        guard let key = path.first else { return value }
        switch value {
        case .object(let members):
            guard let member = members[key] else { return nil }
            return Self.value(member, path: path.dropFirst())
        case .array(let elements):
            let found = elements.compactMap { Self.value($0, path: path) }
            return .array(found.flatMap { $0.arrayValue ?? [$0] })
        default:
            return nil
        }
    }

    /// The cells of one incident: strings as they are, numbers without `.0`, arrays joined with `,`,
    /// objects as compact JSON, missing and null as empty.
    func cells(_ incident: JSONValue) -> [String] {
        columns.map { column in Self.text(Self.value(incident, path: column.path[...])) }
    }

    /// The columns whose path reaches a value (even null) in `incident`.
    func matchedColumns(_ incident: JSONValue) -> [Int] {
        columns.indices.filter { Self.value(incident, path: columns[$0].path[...]) != nil }
    }

    /// The incident reduced to the chosen paths, for json/ndjson with `--fields`.
    func object(_ incident: JSONValue) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for column in columns { members[column.key] = Self.value(incident, path: column.path[...]) ?? .null }
        return .object(members)
    }

    /// Column keys in order: the csv/tsv header, and the order of the keys of `object`.
    var names: [String] { columns.map(\.key) }

    /// Table headings in order.
    var headings: [String] { columns.map(\.heading) }

    /// Columns a table never cuts: the incident's id and number, which users paste, and its status
    /// and urgency, which a cut would make unreadable (`trigg…`).
    var fixed: Set<Int> { Set(columns.indices.filter { ["id", "incident_number", "status", "urgency"].contains(columns[$0].key) }) }

    /// The column that gets the room left over in a table: the title.
    var flexible: Int? { columns.firstIndex { $0.key == "title" } }

    /// Columns a narrow table leaves out before it squeezes the title, least useful first: the
    /// assignees, then the id (every command takes the number), then the service. Columns the
    /// user chose with `--fields` are all kept.
    var droppable: [Int] {
        guard !chosen else { return [] }
        return ["assignments.assignee.summary", "id", "service.summary"].compactMap { key in columns.firstIndex { $0.key == key } }
    }

    /// One incident's cells as a table shows them: a timestamp (`created_at`, any `*_at` path) as
    /// its age (`5m`, `3h`, `2d`); every other format keeps the timestamp.
    func tableCells(_ incident: JSONValue, now: Date) -> [String] {
        var cells = cells(incident)
        for index in columns.indices where columns[index].path.last?.hasSuffix("_at") == true {
            cells[index] = Age.cell(cells[index], now: now)
        }
        return cells
    }

    /// The colour of a table cell on a colour terminal: statuses (triggered red, acknowledged
    /// yellow, resolved green) and high urgency in red.
    func colour(column: Int, cell: String) -> TerminalControl? {
        switch (columns[column].key, cell) {
        case ("status", "triggered"), ("urgency", "high"): return .red
        case ("status", "acknowledged"): return .yellow
        case ("status", "resolved"): return .green
        default: return nil
        }
    }

    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .number?, .object?: return value!.serialized(pretty: false)
        case .array(let elements)?: return elements.map { text($0) }.joined(separator: ",")
        }
    }
}
