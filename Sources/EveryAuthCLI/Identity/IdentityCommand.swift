import ArgumentParser
import EveryAuthCore

/// `everyauth identity`: the stored credentials, one per (service, user id).
struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "List, read, add and remove stored identities (one user's credential for one service).",
        subcommands: [
            IdentityCommand.List.self, IdentityCommand.Get.self, IdentityCommand.Token.self,
            IdentityCommand.Add.self, IdentityCommand.Remove.self,
            IdentityCommand.Status.self, IdentityCommand.Check.self, IdentityCommand.Refresh.self, IdentityCommand.Switch.self,
        ]
    )
}
