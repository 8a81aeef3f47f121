import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth services list|show`.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "List and show PagerDuty services.",
        subcommands: [ServicesCommand.List.self, ServicesCommand.Show.self],
        aliases: ["service-directory"])
}
