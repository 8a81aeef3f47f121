import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth schedules SUBCOMMAND`: on-call schedules and their overrides.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules",
        abstract: "List and show on-call schedules; take a shift with an override.",
        subcommands: [
            SchedulesCommand.List.self, SchedulesCommand.Show.self, SchedulesCommand.Override.self,
            SchedulesCommand.Overrides.self, SchedulesCommand.OverrideRemove.self,
        ],
        aliases: ["schedule"])
}

/// `--since`/`--until`/`--time-zone` of the schedule commands: a span read as a person writes it.
struct ScheduleSpanOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Start of the span (default: now): 2026-12-10, 2026-12-10 18:00, -2d, ISO 8601.", valueName: "time"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("End of the span (default: a week after its start): 2026-12-17, +14d, ISO 8601.", valueName: "time"))
    var until: String?

    @OptionGroup var timeZone: TimeZoneOption

    /// The zone, the span (`length` after its start unless `--until`), checked to be non-empty.
    func span(_ context: CommandContext, now: Date, length: TimeInterval = 7 * 86_400) throws -> (zone: TimeZone, since: Date, until: Date) {
        let zone = try timeZone.zone(context)
        let start = try since.map { try MomentOption.date($0, flag: "--since", zone: zone, now: now) } ?? now
        let end = try until.map { try MomentOption.date($0, flag: "--until", zone: zone, now: now) } ?? start.addingTimeInterval(length)
        guard start < end else { throw UsageError("--since must be before --until") }
        return (zone, start, end)
    }
}
