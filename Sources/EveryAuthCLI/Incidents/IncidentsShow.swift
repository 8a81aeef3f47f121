import ArgumentParser
import EveryAuthCore
import EveryAuthLoopback
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents show ID`: one incident for a person (or its JSON for a script).
    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one incident: status, urgency, priority, service, assignees, escalation policy, age, alerts, link.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: IncidentArgument.help("The incident (as in 'incidents list')"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        @Option(name: .shortAndLong, help: ArgumentHelp("table or json (default: table on a terminal, else tsv).", valueName: "format"))
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let incident = try await client.incident(self.incident)
            let format = context.format(output)
            let text: String
            switch format {
            case .json: text = incident.serialized(pretty: true) + "\n"
            case .ndjson: text = incident.serialized(pretty: false) + "\n"
            case .table, .csv, .tsv:
                var listing = Listing(columns: ["field", "value"], keyOrder: [])
                for (field, value) in IncidentSummary.fields(incident, now: Date()) { listing.append(row: [field, value], object: [:]) }
                text = format == .table
                    ? RecordWriter.table(columns: nil, rows: listing.rows, width: context.terminalWidth, flexible: 1)
                    : listing.render(format, width: context.terminalWidth)
            }
            context.out(text)
        }
    }
}
