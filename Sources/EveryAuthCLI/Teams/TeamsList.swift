import ArgumentParser
import EveryAuthCore
import Foundation

extension TeamsCommand {
    /// `everyauth teams list [--query TEXT]`.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List teams.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var search: DirectoryQueryOption

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            var listing = Listing(columns: ["id", "name", "description"], keyOrder: ["id", "name", "description"], flexible: "description")
            for team in try await client.list(.team, query: DirectoryListing.query(search.query)) {
                listing.append(row: [team.id, team.name, team.object["description"]?.stringValue], object: team.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }
}
