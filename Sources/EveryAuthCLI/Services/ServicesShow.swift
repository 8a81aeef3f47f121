import ArgumentParser
import EveryAuthCore
import Foundation

extension ServicesCommand {
    /// `everyauth services show SERVICE`: the service and who is on call for it now.
    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a service, and who is on call for it now (its policy's first level).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The service: its id or name.", valueName: "service"), completion: Completion.names(.service))
        var service: String

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let found = try await client.resolve(.service, service)
            let object = found.object
            var onCall: String?
            if let policy = object["escalation_policy"]?["id"]?.stringValue {
                var query = OnCallQuery()
                query.escalationPolicyIDs = [policy]
                let first = try await client.onCalls(query).filter { $0.level == 1 }.map(\.user.name)
                onCall = first.isEmpty ? nil : first.joined(separator: ", ")
            }
            DirectoryListing.single(fields: [
                ("id", found.id), ("name", found.name), ("status", object["status"]?.stringValue),
                ("description", object["description"]?.stringValue), ("escalation_policy", object["escalation_policy"]?["summary"]?.stringValue),
                ("on_call_now", onCall), ("teams", DirectoryListing.names(object["teams"])), ("html_url", object["html_url"]?.stringValue),
            ]).write(output, context: context)
        }
    }
}
