import ArgumentParser
import EveryAuthCore
import Foundation

/// Options every command accepts (SPEC.md §2).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Directory of everyauth.json (default: $EVERYAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/everyauth, ~/.config/everyauth).",
        valueName: "dir"), completion: .directory)
    var configDir: String?

    @Flag(name: .shortAndLong, help: "Trace HTTP requests on stderr (secrets redacted).")
    var verbose = false
}

/// The output format option of commands that print data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, ndjson, csv, tsv
}

extension OutputFormat {
    /// The help of `-o/--output`, the same wherever a command prints data.
    static let help = ArgumentHelp(
        "Output format (default: table on a terminal, else tsv with a header line).",
        valueName: "format")
}
