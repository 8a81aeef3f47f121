import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents merge TARGET_ID SOURCE_ID ...`.
    struct Merge: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge incidents into a target incident (the sources are resolved).")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var requester: RequesterOptions

        @Argument(help: ArgumentHelp("The incident that stays.", valueName: "target-id"))
        var target: String

        @Argument(help: ArgumentHelp("Incidents merged into it.", valueName: "source-id"))
        var sources: [String]

        func validate() throws {
            if sources.isEmpty { throw ValidationError("give at least one SOURCE_ID to merge into \(target)") }
            if sources.contains(target) { throw ValidationError("\(target) cannot be merged into itself") }
            if Set(sources).count != sources.count { throw ValidationError("a source incident is given twice") }
        }

        func execute(_ context: CommandContext) async throws {
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            let incident = try await client.merge(into: target, sources: sources, from: from)
            let alerts = incident["alert_counts"]?["all"]?.intValue.map { ", \($0) alerts" } ?? ""
            context.err("Merged \(sources.joined(separator: ", ")) into \(target)\(alerts).")
        }
    }
}
