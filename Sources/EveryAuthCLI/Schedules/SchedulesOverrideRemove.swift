import ArgumentParser
import EveryAuthCore
import Foundation

extension SchedulesCommand {
    /// `everyauth schedules override-rm SCHEDULE OVERRIDE_ID...`.
    struct OverrideRemove: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "override-rm",
            abstract: "Remove overrides from a schedule (one under way ends now).",
            discussion: "Confirmed on a terminal; without a terminal it needs --yes. A past override cannot be removed.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The schedule: its id or name.", valueName: "schedule"), completion: Completion.names(.schedule))
        var schedule: String

        @Argument(help: ArgumentHelp("The overrides' ids (see 'schedules overrides').", valueName: "override-id"))
        var overrides: [String] = []

        @OptionGroup var confirmation: Confirmation

        func validate() throws {
            guard !overrides.isEmpty else { throw ValidationError("give the id of the override to remove (see 'everyauth schedules overrides')") }
            if overrides.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { throw ValidationError("an override id must not be empty") }
        }

        func execute(_ context: CommandContext) async throws {
            try confirmation.checkAnswerable(context)
            let client = try await access.client(context).client
            let named = try await client.resolve(.schedule, schedule)
            let count = overrides.count
            try confirmation.confirm("Remove \(count == 1 ? "override \(overrides[0])" : "\(count) overrides") from \(named.name)?", context: context)
            for override in overrides {
                let truncated = try await client.removeOverride(schedule: named.id, override: override)
                context.err(truncated ? "Override \(override) was under way: it ends now." : "Removed override \(override).")
            }
        }
    }
}
