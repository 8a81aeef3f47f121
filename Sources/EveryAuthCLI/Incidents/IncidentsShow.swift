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
            case .table:
                // For a person, one field a line, times with their age.
                let rows = IncidentSummary.fields(incident, now: Date()).map { [$0.0, $0.1] }
                text = RecordWriter.table(columns: nil, rows: rows, width: context.terminalWidth, flexible: 1)
            case .csv, .tsv:
                // For a script, one record whose columns are JSON paths, as `incidents list --fields` names them.
                let fields = IncidentSummary.scriptFields
                let writer = RecordWriter(style: format == .csv ? .csv : .tsv, columns: fields.names, header: true)
                text = writer.render([fields.cells(incident)])
            }
            context.out(text)
        }
    }
}
