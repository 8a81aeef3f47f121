import ArgumentParser
import EveryAuthCore

/// `everyauth incidents SUBCOMMAND`: PagerDuty incidents.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "List, show, watch and act on PagerDuty incidents.",
        subcommands: [
            IncidentsListCommand.self, IncidentsShowCommand.self, IncidentsAckCommand.self, IncidentsResolveCommand.self,
            IncidentsReassignCommand.self, IncidentsSnoozeCommand.self, IncidentsNoteCommand.self, IncidentsNotesCommand.self,
            IncidentsMergeCommand.self, IncidentsLogCommand.self, IncidentsOpenCommand.self, IncidentsWatchCommand.self,
        ]
    )
}
