import ArgumentParser
import EveryAuthCore
import EveryAuthLoopback
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents show ID`: one incident for a person (or its JSON for a script).
    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one incident: status, urgency, priority, service, assignees, acknowledgers, age, alerts, link, the last notes and log entries.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: IncidentArgument.help("The incident (as in 'incidents list')"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        @Option(name: .shortAndLong, help: ArgumentHelp("table or json (default: table on a terminal, else tsv).", valueName: "format"))
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let incident = try await client.incident(self.incident)
            guard context.format(output) == .table, let id = incident["id"]?.stringValue else {
                IncidentsCommand.printIncident(incident, output: output, context: context)
                return
            }
            // A person also sees what happened last: the latest notes and log entries, asked together;
            // a token that may not read them (or a failure) shows the incident without them.
            async let notes = try? client.notes(id)
            async let log = try? client.logEntries(id, all: false)
            let now = Date()
            let rows = (IncidentSummary.fields(incident, now: now) + IncidentSummary.history(notes: await notes ?? [], log: await log ?? [], now: now))
                .map { [$0.0, $0.1] }
            context.out(RecordWriter.table(columns: nil, rows: rows, width: context.terminalWidth, flexible: 1))
        }
    }
}
