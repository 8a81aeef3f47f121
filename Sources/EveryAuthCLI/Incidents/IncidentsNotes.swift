import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents notes ID`: the notes, oldest first.
    struct Notes: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "notes",
            abstract: "List the notes of an incident.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: IncidentArgument.help("The incident"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            var listing = Listing(columns: ["created_at", "user", "id", "content"], keyOrder: ["id", "created_at", "user", "content"])
            for note in try await client.notes(try await client.incidentIDs([incident])[0]) {
                listing.append(
                    row: [note["created_at"]?.stringValue ?? "", note["user"]?["summary"]?.stringValue ?? "",
                          note["id"]?.stringValue ?? "", note["content"]?.stringValue ?? ""],
                    object: note.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }
}
