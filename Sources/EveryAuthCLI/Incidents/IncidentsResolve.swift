import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents resolve [ID ...] [filters] [--yes]`.
    struct Resolve: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Resolve incidents by id, or every incident a list selection finds.",
            discussion: IncidentsCommand.StatusChange.discussion)

        @OptionGroup var global: GlobalOptions

        @OptionGroup var change: IncidentsCommand.StatusChange

        func execute(_ context: CommandContext) async throws {
            try await change.run(.resolved, context: context)
        }
    }
}
