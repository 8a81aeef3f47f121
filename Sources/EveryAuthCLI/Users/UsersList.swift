import ArgumentParser
import EveryAuthCore
import Foundation

extension UsersCommand {
    /// `everyauth users list [--query TEXT] [--team TEAM]`.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .long, help: ArgumentHelp("Only users whose name or email contains this text (PagerDuty's search).", valueName: "text"))
        var query: String?

        @Option(name: .long, help: ArgumentHelp("Only members of this team (id or name); repeatable.", valueName: "team"), completion: Completion.names(.team))
        var team: [String] = []

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if let query, ControlCharacter.any(in: query) { throw ValidationError("--query must not contain control characters") }
        }

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let teams = try await client.resolve(.team, team).map { ("team_ids[]", $0.id) }
            var listing = Listing(columns: ["id", "name", "email", "role"], keyOrder: ["id", "name", "email", "role", "time_zone"],
                                  flexible: "name", droppable: ["role"])
            for user in try await client.list(.user, query: DirectoryListing.query(query) + teams) {
                listing.append(row: [user.id, user.name, user.email, user.object["role"]?.stringValue], object: user.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }
}
