import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents reassign ID ... (--to-user USER ... | --to-escalation-policy POLICY)`.
    struct Reassign: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "reassign",
            abstract: "Assign incidents to users, or hand them to an escalation policy.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var requester: RequesterOptions

        @Argument(help: IncidentArgument.helpMany("Incidents to reassign"), transform: IncidentArgument.parseInput)
        var incidents: [IncidentInput]

        @Option(name: .customLong("to-user"), help: ArgumentHelp("Assign to this user (id, name or email); repeatable.", valueName: "user"))
        var users: [String] = []

        @Option(name: .customLong("to-escalation-policy"), help: ArgumentHelp("Hand to this escalation policy (id or name) instead.", valueName: "policy"), completion: Completion.names(.escalationPolicy))
        var policy: String?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if users.isEmpty == (policy == nil) {
                throw ValidationError("give --to-user USER (repeatable) or --to-escalation-policy POLICY, one of the two")
            }
            if users.contains(where: \.isEmpty) || policy?.isEmpty == true {
                throw ValidationError("--to-user and --to-escalation-policy must not be empty")
            }
        }

        func execute(_ context: CommandContext) async throws {
            let incidents = try IncidentArgument.references(self.incidents, context: context)
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            // Names and emails become ids once, before any write.
            let assignee: IncidentAssignee
            if let policy {
                assignee = .escalationPolicy(try await client.resolve(.escalationPolicy, policy).id)
            } else {
                assignee = .users(try await client.resolve(.user, users).map(\.id))
            }
            let outcome = try await client.reassign(ids: try await client.incidentIDs(incidents), to: assignee, from: from)
            try IncidentsCommand.StatusChange.report(outcome, verb: "reassigned", output: output, context: context)
        }
    }
}
