import ArgumentParser
import EveryAuthCore
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents snooze ID... --for DURATION`.
    struct Snooze: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "snooze",
            abstract: "Snooze acknowledged incidents: each triggers again after the duration.",
            discussion: """
                PagerDuty snoozes one incident per request: they go in the order given, and the first that \
                fails stops the rest (those before it stay snoozed, as stderr says).
                """)

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @OptionGroup var requester: RequesterOptions

        @Argument(help: IncidentArgument.helpMany("The incidents"), transform: IncidentArgument.parseInput)
        var incidents: [IncidentInput] = []

        @Option(name: .customLong("for"), help: ArgumentHelp("How long: 30m, 2h, 1h30m, or seconds (at most 7 days).", valueName: "duration"))
        var duration: String

        func validate() throws {
            guard !incidents.isEmpty else { throw ValidationError("give the incident to snooze, by id or number") }
            try validatingUsage { _ = try seconds() }
        }

        /// Whole seconds within what PagerDuty accepts (1 s to 7 days).
        private func seconds() throws -> Int {
            let value = try DurationOption.seconds(duration, flag: "--for")
            guard value.rounded() >= 1, value <= 604_800 else {
                throw UsageError("--for: '\(duration)' is outside what PagerDuty allows (1 s to 7 days)")
            }
            return Int(value.rounded())
        }

        func execute(_ context: CommandContext) async throws {
            let (client, identity) = try await access.client(context)
            let from = try requester.email(context, identity: identity)
            let seconds = try seconds()
            // Numbers become ids once, before any write: an unknown one stops the command before it snoozes anything.
            let incidents = try IncidentArgument.references(self.incidents, context: context)
            let ids = try await client.incidentIDs(incidents)
            for (reference, id) in zip(incidents, ids) {
                let incident = try await client.snooze(id, seconds: seconds, from: from)
                let until = incident["pending_actions"]?.arrayValue?.first { $0["type"]?.stringValue == "unacknowledge" }?["at"]?.stringValue
                context.err("Snoozed \(reference) for \(IncidentSummary.age(TimeInterval(seconds)))" + (until.map { " (until \($0))" } ?? "") + ".")
            }
        }
    }
}
