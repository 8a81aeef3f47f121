import ArgumentParser
import EveryAuthCore

/// PLACEHOLDER, replaced by the helper that owns this command.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service")
}
