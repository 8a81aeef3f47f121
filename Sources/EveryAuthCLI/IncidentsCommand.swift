import ArgumentParser
import EveryAuthCore

/// `everyauth incidents SUBCOMMAND`: PagerDuty incidents.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "List PagerDuty incidents.",
        subcommands: [IncidentsListCommand.self]
    )
}
