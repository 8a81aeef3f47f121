import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth teams list`.
struct TeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams", abstract: "List PagerDuty teams.", subcommands: [TeamsCommand.List.self], aliases: ["team"])
}
