import ArgumentParser
import EveryAuthCore

/// PLACEHOLDER, replaced by the helper that owns this command.
struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "identity")
}
