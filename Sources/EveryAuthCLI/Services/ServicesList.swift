import ArgumentParser
import EveryAuthCore
import Foundation

extension ServicesCommand {
    /// `everyauth services list [--query TEXT] [--team TEAM]`.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List services.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var search: DirectoryQueryOption

        @Option(name: .long, help: ArgumentHelp("Only services of this team (id or name); repeatable.", valueName: "team"), completion: Completion.names(.team))
        var team: [String] = []

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let teams = try await client.resolve(.team, team).map { ("team_ids[]", $0.id) }
            let services = try await client.list(.service, query: DirectoryListing.query(search.query) + teams + [("sort_by", "name")])
            var listing = Listing(columns: ["id", "name", "status", "escalation_policy", "teams"],
                                  keyOrder: ["id", "name", "status", "description", "escalation_policy", "teams"],
                                  flexible: "name", droppable: ["teams", "escalation_policy"])
            for service in services {
                listing.append(row: [service.id, service.name, service.object["status"]?.stringValue,
                                     service.object["escalation_policy"]?["summary"]?.stringValue, DirectoryListing.names(service.object["teams"])],
                               object: service.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }
}
