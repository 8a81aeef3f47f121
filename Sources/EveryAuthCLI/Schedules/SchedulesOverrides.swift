import ArgumentParser
import EveryAuthCore
import Foundation

extension SchedulesCommand {
    /// `everyauth schedules overrides SCHEDULE [--since] [--until]`.
    struct Overrides: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "overrides",
            abstract: "List the overrides of a schedule (default: from now to a month ahead).")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The schedule: its id or name.", valueName: "schedule"), completion: Completion.names(.schedule))
        var schedule: String

        @OptionGroup var span: ScheduleSpanOptions

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let now = Date()
            let (zone, since, until) = try span.span(context, now: now, length: 30 * 86_400)
            let client = try await access.client(context).client
            let named = try await client.resolve(.schedule, schedule)
            var listing = Self.listing(zone: zone, now: now)
            let overrides = try await client.overrides(schedule: named.id, since: since, until: until)
            for override in overrides.sorted(by: { ($0["start"]?.stringValue ?? "") < ($1["start"]?.stringValue ?? "") }) {
                Self.append(override, to: &listing, zone: zone, now: now)
            }
            listing.write(output, context: context)
        }

        static func listing(zone: TimeZone, now: Date) -> Listing {
            Listing(columns: ["id", "start", "end", "user"], keyOrder: ["id", "start", "end", "user", "user_id"],
                    fixed: ["id", "start", "end"], flexible: "user")
        }

        /// One override as PagerDuty answered it; times in UTC, or the zone's wall clock in a table.
        static func append(_ override: JSONValue, to listing: inout Listing, zone: TimeZone, now: Date) {
            let start = override["start"]?.stringValue.flatMap(Timestamp.parse)
            let end = override["end"]?.stringValue.flatMap(Timestamp.parse)
            let user = override["user"]?["summary"]?.stringValue
            let row: [String?] = [override["id"]?.stringValue, start.map(TimeSpec.format), end.map(TimeSpec.format), user]
            listing.append(row: row, shown: [row[0], WallClock.optional(start, zone: zone, now: now), WallClock.optional(end, zone: zone, now: now), user],
                           object: ["id": .optional(row[0]), "start": .optional(row[1]), "end": .optional(row[2]), "user": .optional(user),
                                    "user_id": .optional(override["user"]?["id"]?.stringValue)])
        }
    }
}
