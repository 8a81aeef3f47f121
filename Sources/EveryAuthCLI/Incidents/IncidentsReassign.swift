import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents reassign ID ... (--to-user UID ... | --to-escalation-policy EPID)`.
    struct Reassign: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "reassign",
            abstract: "Assign incidents to users, or hand them to an escalation policy.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var requester: RequesterOptions

        @Argument(help: IncidentArgument.help("Incidents to reassign"), transform: IncidentArgument.parse)
        var incidents: [IncidentReference]

        @Option(name: .customLong("to-user"), help: ArgumentHelp("Assign to this user id; repeatable.", valueName: "uid"))
        var users: [String] = []

        @Option(name: .customLong("to-escalation-policy"), help: ArgumentHelp("Hand to this escalation policy instead.", valueName: "epid"))
        var policy: String?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if users.isEmpty == (policy == nil) {
                throw ValidationError("give --to-user UID (repeatable) or --to-escalation-policy EPID, one of the two")
            }
            if users.contains(where: \.isEmpty) || policy?.isEmpty == true {
                throw ValidationError("ids must not be empty")
            }
        }

        func execute(_ context: CommandContext) async throws {
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            let assignee: IncidentAssignee = policy.map { .escalationPolicy($0) } ?? .users(users)
            let outcome = try await client.reassign(ids: try await client.incidentIDs(incidents), to: assignee, from: from)
            try IncidentsCommand.StatusChange.report(outcome, verb: "reassigned", output: output, context: context)
        }
    }
}
