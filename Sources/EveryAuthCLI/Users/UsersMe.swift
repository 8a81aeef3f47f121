import ArgumentParser
import EveryAuthCore
import Foundation

extension UsersCommand {
    /// `everyauth users me`: the user the token belongs to.
    struct Me: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "me", abstract: "Show the user the token belongs to.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let body = try await client.get("/users/me")
            guard let object = body["user"], let id = object["id"]?.stringValue else {
                throw PagerDutyError.malformedResponse(reason: "GET /users/me has no user.id")
            }
            UsersCommand.listing(DirectoryEntry(id: id, name: object["name"]?.stringValue ?? "", email: object["email"]?.stringValue, object: object))
                .write(output, context: context)
        }
    }
}
