import ArgumentParser
import EveryAuthCore

/// PLACEHOLDER, replaced by the helper that owns this command.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incidents")
}
