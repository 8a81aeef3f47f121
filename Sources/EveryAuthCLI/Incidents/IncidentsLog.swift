import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents log ID [--all]`: the log entries, oldest first.
    struct Log: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "List an incident's log entries, oldest first (the latest 100 unless --all).")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: IncidentArgument.help("The incident"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        @Flag(name: .long, help: "Every log entry, not only the latest 100.")
        var all = false

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            var listing = Listing(columns: ["created_at", "type", "summary"], keyOrder: ["id", "type", "created_at", "summary"])
            for entry in try await client.logEntries(try await client.incidentIDs([incident])[0], all: all) {
                listing.append(
                    row: [entry["created_at"]?.stringValue ?? "", entry["type"]?.stringValue ?? "", entry["summary"]?.stringValue ?? ""],
                    object: entry.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }
}
