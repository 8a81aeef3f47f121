import ArgumentParser
import EveryAuthCore
import Foundation

extension UsersCommand {
    /// `everyauth users show USER`: by id, name or email.
    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a user (by id, name or email).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The user: id, name or email.", valueName: "user"))
        var user: String

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            UsersCommand.listing(try await client.resolve(.user, user)).write(output, context: context)
        }
    }
}
