import ArgumentParser
import EveryAuthCore
import Foundation

/// What the directory nouns (services, users, teams, escalation policies) share: the list's
/// `--query`, and a shown object read down a field a line, its json PagerDuty's object as it came.
enum DirectoryListing {
    /// Names of the references in `value` (an array of `{summary}` objects), comma-separated.
    static func names(_ value: JSONValue?) -> String? {
        guard let items = value?.arrayValue, !items.isEmpty else { return nil }
        return items.compactMap { $0["summary"]?.stringValue ?? $0["name"]?.stringValue }.joined(separator: ", ")
    }

    /// One object shown down the page: `fields` in order (nil: a dash in a table, null in json),
    /// the same keys in every format (SPEC §6); `everyauth api` gives PagerDuty's whole object.
    static func single(fields: [(String, String?)]) -> Listing {
        var listing = Listing(columns: fields.map(\.0), keyOrder: fields.map(\.0), fixed: [])
        listing.single = true
        listing.append(row: fields.map(\.1), object: Dictionary(fields.map { ($0.0, JSONValue.optional($0.1)) }, uniquingKeysWith: { a, _ in a }))
        return listing
    }

    /// `query` items for PagerDuty's search of a collection, when one is given.
    static func query(_ text: String?) -> [(String, String)] {
        text.map { [("query", $0)] } ?? []
    }
}

/// `--query TEXT` of the directory lists.
struct DirectoryQueryOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only those whose name contains this text (PagerDuty's search).", valueName: "text"))
    var query: String?

    func validate() throws {
        if let query, ControlCharacter.any(in: query) { throw ValidationError("--query must not contain control characters") }
    }
}
