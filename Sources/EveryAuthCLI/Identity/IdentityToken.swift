import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity token SERVICE`: the access token alone, for `$(...)` in scripts.
    struct Token: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Print an identity's access token and a newline (refreshed first when needed)."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var selection: IdentityCommand.Selection

        @Flag(help: "Print the stored token without refreshing it.")
        var noRefresh = false

        @Flag(help: "Print the whole Authorization header value ('Bearer ...' or 'Token token=...'), for curl -H.")
        var header = false

        func execute(_ context: CommandContext) async throws {
            let identity = try await selection.identity(context, refresh: !noRefresh)
            let token = PagerDutyToken.of(identity)
            context.out((header ? token.headerValue : token.value) + "\n")
        }
    }
}
