import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth users list|show|me`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "List and show PagerDuty users.",
        subcommands: [UsersCommand.List.self, UsersCommand.Show.self, UsersCommand.Me.self],
        aliases: ["user"])

    static func listing(_ user: DirectoryEntry) -> Listing {
        DirectoryListing.single(fields: [
            ("id", user.id), ("name", user.name), ("email", user.email), ("role", user.object["role"]?.stringValue),
            ("time_zone", user.object["time_zone"]?.stringValue), ("teams", DirectoryListing.names(user.object["teams"])),
            ("html_url", user.object["html_url"]?.stringValue),
        ])
    }
}
