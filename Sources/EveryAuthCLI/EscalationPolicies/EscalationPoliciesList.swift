import ArgumentParser
import EveryAuthCore
import Foundation

extension EscalationPoliciesCommand {
    /// `everyauth escalation-policies list [--query TEXT]`.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List escalation policies.", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var search: DirectoryQueryOption

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            var listing = Listing(columns: ["id", "name", "levels", "services"], keyOrder: ["id", "name", "levels", "services", "description"],
                                  flexible: "name", droppable: ["services"])
            for policy in try await client.list(.escalationPolicy, query: DirectoryListing.query(search.query) + [("sort_by", "name")]) {
                // A count of levels is ours, not a member of PagerDuty's object: the record is built with it (SPEC §6).
                let levels = policy.object["escalation_rules"]?.arrayValue?.count
                listing.append(row: [policy.id, policy.name, levels.map(String.init), DirectoryListing.names(policy.object["services"])],
                               object: ["id": .string(policy.id), "name": .string(policy.name), "levels": levels.map { .number(Double($0)) } ?? .null,
                                        "services": policy.object["services"] ?? .null, "description": policy.object["description"] ?? .null])
            }
            listing.write(output, context: context)
        }
    }
}
