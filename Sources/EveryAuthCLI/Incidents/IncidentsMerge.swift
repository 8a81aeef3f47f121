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

        @Argument(help: IncidentArgument.help("The incident that stays"), transform: IncidentArgument.parse)
        var target: IncidentReference

        @Argument(help: IncidentArgument.help("Incidents merged into it"), transform: IncidentArgument.parse)
        var sources: [IncidentReference]

        func validate() throws {
            if sources.isEmpty { throw ValidationError("give at least one SOURCE incident to merge into \(target)") }
            if sources.contains(target) { throw ValidationError("\(target) cannot be merged into itself") }
            if Set(sources).count != sources.count { throw ValidationError("a source incident is given twice") }
        }

        func execute(_ context: CommandContext) async throws {
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            // Every side looked up first: an unknown one is exit 2 naming it, before anything merges.
            let ids = try await client.incidentIDs([target] + sources, verifying: true)
            guard Set(ids).count == ids.count else { throw UsageError("an incident is named twice (an id and its number?); name each once") }
            let incident = try await client.merge(into: ids[0], sources: Array(ids.dropFirst()), from: from)
            let alerts = incident["alert_counts"]?["all"]?.intValue.map { ", \($0) alerts" } ?? ""
            context.err("Merged \(sources.map(\.description).joined(separator: ", ")) into \(target)\(alerts).")
        }
    }
}
