import ArgumentParser
import EveryAuthCore

/// `everyauth incidents SUBCOMMAND`: PagerDuty incidents.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "List, show, watch, open and act on PagerDuty incidents.",
        subcommands: [
            IncidentsCommand.List.self, IncidentsCommand.Show.self, IncidentsCommand.Ack.self, IncidentsCommand.Resolve.self,
            IncidentsCommand.Reassign.self, IncidentsCommand.Snooze.self, IncidentsCommand.Note.self, IncidentsCommand.Notes.self,
            IncidentsCommand.Merge.self, IncidentsCommand.Log.self, IncidentsCommand.Open.self, IncidentsCommand.Watch.self,
            IncidentsCommand.Create.self, IncidentsCommand.Update.self,
        ],
        // `pd` CLI users type the singular.
        aliases: ["incident"]
    )
}
