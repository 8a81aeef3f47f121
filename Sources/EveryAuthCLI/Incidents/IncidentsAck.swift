import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents ack [ID ...] [filters] [--yes]`.
    struct Ack: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack",
            abstract: "Acknowledge incidents by id, or every incident a list selection finds.",
            discussion: IncidentsCommand.StatusChange.discussion,
            aliases: ["acknowledge"])

        @OptionGroup var global: GlobalOptions

        @OptionGroup var change: IncidentsCommand.StatusChange

        func execute(_ context: CommandContext) async throws {
            try await change.run(.acknowledged, context: context)
        }
    }
}
