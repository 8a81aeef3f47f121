import ArgumentParser
import EveryAuthCore
import Foundation

extension SchedulesCommand {
    /// `everyauth schedules list [--query TEXT]`.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List schedules.",
            aliases: ["ls"])

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .long, help: ArgumentHelp("Only schedules whose name contains this text (PagerDuty's search).", valueName: "text"))
        var query: String?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let schedules = try await client.list(.schedule, query: query.map { [("query", $0)] } ?? [])
            var listing = Listing(columns: ["id", "name", "time_zone", "users"], keyOrder: ["id", "name", "time_zone", "users", "description"],
                                  flexible: "name", droppable: ["users"])
            for schedule in schedules {
                let users = schedule.object["users"]?.arrayValue?.compactMap { $0["summary"]?.stringValue }.joined(separator: ", ")
                listing.append(row: [schedule.id, schedule.name, schedule.object["time_zone"]?.stringValue, users],
                               object: schedule.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }
}
