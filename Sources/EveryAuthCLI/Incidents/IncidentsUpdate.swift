import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents update ID|NUMBER [--title] [--urgency] [--priority] [--escalation-level N]`.
    struct Update: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change an incident's title, urgency, priority or escalation level.",
            discussion: "Writes send From: --from, else $PAGERDUTY_FROM, else the identity's email.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var requester: RequesterOptions

        @Argument(help: IncidentArgument.help("The incident"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        @Option(name: .long, help: ArgumentHelp("A new title.", valueName: "title"))
        var title: String?

        @Option(name: .long, help: ArgumentHelp("high or low.", valueName: "urgency"))
        var urgency: IncidentUrgency?

        @Option(name: .long, help: ArgumentHelp("The priority, by name (P1) or id.", valueName: "priority"))
        var priority: String?

        @Option(name: .long, help: ArgumentHelp("Escalate to this level of the incident's escalation policy.", valueName: "n"))
        var escalationLevel: Int?

        @Option(name: .shortAndLong, help: ArgumentHelp("table or json (default: table on a terminal, else tsv).", valueName: "format"))
        var output: OutputFormat?

        func validate() throws {
            if title == nil, urgency == nil, priority == nil, escalationLevel == nil {
                throw ValidationError("give what to change: --title, --urgency, --priority or --escalation-level")
            }
            if let title, title.trimmingCharacters(in: .whitespaces).isEmpty || ControlCharacter.any(in: title) {
                throw ValidationError("--title must be one line, not empty")
            }
            if let escalationLevel, escalationLevel < 1 { throw ValidationError("--escalation-level must be at least 1") }
        }

        func execute(_ context: CommandContext) async throws {
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            let id = try await client.incidentIDs([incident])[0]
            var fields: [String: JSONValue] = [:]
            if let title { fields["title"] = .string(title) }
            if let urgency { fields["urgency"] = .string(urgency.rawValue) }
            if let priority { fields["priority"] = try await client.resolve(.priority, priority).reference(.priority) }
            if let escalationLevel { fields["escalation_level"] = .number(Double(escalationLevel)) }
            let updated = try await client.updateIncident(id, fields, from: from)
            IncidentsCommand.printIncident(updated, output: output, context: context)
            context.err("Updated incident \(incident).")
        }
    }
}
