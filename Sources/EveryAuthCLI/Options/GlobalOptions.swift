import ArgumentParser
import EveryAuthCore
import Foundation

/// Options every command accepts (SPEC.md §2).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).",
        valueName: "dir"), completion: .directory)
    var configDir: String?

    @Option(name: .long, help: ArgumentHelp(
        "Store to use: postgres://USER@HOST:PORT/DB?sslmode=... or a directory (default: $EVERYAUTH_STORE_URL, else everyauth.json in the config dir).",
        valueName: "url"))
    var store: String?

    @Flag(name: .shortAndLong, help: "Trace HTTP requests on stderr (secrets redacted).")
    var verbose = false
}

/// The output format option of commands that print data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, ndjson, csv, tsv
}

extension OutputFormat {
    /// The help of `-o/--output` wherever a command prints every format; the parser lists the
    /// accepted values from the option's type, so a command accepting fewer has a type of its own.
    static let help = ArgumentHelp(
        "Output format (default: table on a terminal, else tsv with a header line).",
        valueName: "format")
}

/// `-o` of commands whose data is one JSON document and nothing else (authorize): only `json`
/// is accepted, so help and completions list only it.
enum JSONOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case json
}

/// `-o` of `api`: PagerDuty's JSON as it came (json) or the listed elements one per line (ndjson).
enum APIOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case json, ndjson
}

/// `-o` of `incidents watch`: a line per event for a person (table) or a JSON object per event (ndjson).
enum WatchOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, ndjson
}

// The core's fixed value sets, as typed options: parsing, help and completions follow from them.
extension IncidentStatusChoice: ExpressibleByArgument {}

extension IncidentUrgency: ExpressibleByArgument {}

extension IncidentInclude: ExpressibleByArgument {}

extension Region: ExpressibleByArgument {}
