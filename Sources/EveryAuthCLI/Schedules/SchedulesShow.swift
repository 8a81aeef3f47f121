import ArgumentParser
import EveryAuthCore
import Foundation

extension SchedulesCommand {
    /// `everyauth schedules show SCHEDULE [--since] [--until] [--time-zone] [--me]`.
    struct Show: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show who is on call in a schedule, shift by shift.",
            discussion: """
                The final schedule (rotations and overrides) from --since (default now) to --until (default a week \
                later), each shift in --time-zone. --me marks the token's own user's shifts.
                """)

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The schedule: its id or name.", valueName: "schedule"), completion: Completion.names(.schedule))
        var schedule: String

        @OptionGroup var span: ScheduleSpanOptions

        @Flag(name: .long, help: "Mark the token's own user's shifts.")
        var me = false

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let now = Date()
            let (zone, since, until) = try span.span(context, now: now)
            let client = try await access.client(context).client
            let named = try await client.resolve(.schedule, schedule)
            let mine = me ? try await client.currentUserID() : nil
            let (found, rendered) = try await client.schedule(named.id, since: since, until: until)
            // An override cuts a turn into pieces; a person reads one shift per person and stretch of time.
            var entries: [ScheduleEntry] = []
            for entry in rendered {
                if let last = entries.last, last.user.id == entry.user.id, last.end == entry.start {
                    entries[entries.count - 1].end = entry.end
                } else {
                    entries.append(entry)
                }
            }
            var keys = ["start", "end", "user", "user_id"]
            if me { keys.append("mine") }
            var listing = Listing(columns: ["start", "end", "user"], keyOrder: keys, fixed: ["start", "end"], flexible: "user")
            for entry in entries {
                var object: [String: JSONValue] = [
                    "start": .string(TimeSpec.format(entry.start)), "end": .string(TimeSpec.format(entry.end)),
                    "user": .string(entry.user.name), "user_id": .string(entry.user.id),
                ]
                let isMine = entry.user.id == mine
                if me { object["mine"] = .bool(isMine) }
                let name = isMine ? "\(entry.user.name)  ← you" : entry.user.name
                listing.append(row: [TimeSpec.format(entry.start), TimeSpec.format(entry.end), entry.user.name],
                               shown: [WallClock.text(entry.start, zone: zone, now: now), WallClock.text(entry.end, zone: zone, now: now), name],
                               object: object)
            }
            if context.format(output) == .table {
                context.err("\(found.name) (\(found.id)), times in \(zone.identifier):")
            }
            listing.write(output, context: context)
            if let mine, !entries.contains(where: { $0.user.id == mine }), context.stderrIsTerminal {
                context.err("You have no shift in this span.")
            }
        }
    }
}
