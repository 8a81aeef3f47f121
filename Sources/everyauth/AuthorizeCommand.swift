import ArgumentParser
import EveryAuthCore

/// PLACEHOLDER, replaced by the helper that owns this command.
struct AuthorizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "authorize")
}
