import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity get SERVICE`: the credential JSON, as EveryAuth's `getIdentity` returns it.
    struct Get: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Print an identity's credential JSON (refreshed first when it expires within 5 minutes)."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var selection: IdentityCommand.Selection

        @Flag(help: "Print the stored credential without refreshing it.")
        var noRefresh = false

        func execute(_ context: CommandContext) async throws {
            let identity = try await selection.identity(context, refresh: !noRefresh)
            context.out(identity.credential.printableJSON() + "\n")
        }
    }
}
