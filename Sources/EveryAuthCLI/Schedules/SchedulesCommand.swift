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

    @Option(name: .long, help: ArgumentHelp("Time zone of the times given and shown (default: $TZ, else the system's).", valueName: "zone"))
    var timeZone: String?

    func validate() throws {
        _ = try MomentOption.zone(timeZone, environment: ProcessInfo.processInfo.environment)
    }

    /// The zone, the span (`length` after its start unless `--until`), checked to be non-empty.
    func span(_ context: CommandContext, now: Date, length: TimeInterval = 7 * 86_400) throws -> (zone: TimeZone, since: Date, until: Date) {
        let zone = try MomentOption.zone(timeZone, environment: context.environment.variables)
        let start = try since.map { try MomentOption.date($0, flag: "--since", zone: zone, now: now) } ?? now
        let end = try until.map { try MomentOption.date($0, flag: "--until", zone: zone, now: now) } ?? start.addingTimeInterval(length)
        guard start < end else { throw UsageError("--since must be before --until") }
        return (zone, start, end)
    }
}

extension SchedulesCommand {
    /// `everyauth schedules list [--query TEXT]`.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List schedules.",
            aliases: ["ls"])

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .long, help: ArgumentHelp("Only schedules whose name contains this text (PagerDuty's search).", valueName: "text"))
        var query: String?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let schedules = try await client.list(.schedule, query: query.map { [("query", $0)] } ?? [])
            var listing = Listing(columns: ["id", "name", "time_zone", "users"], keyOrder: ["id", "name", "time_zone", "users", "description"],
                                  flexible: "name", droppable: ["users"])
            for schedule in schedules {
                let users = schedule.object["users"]?.arrayValue?.compactMap { $0["summary"]?.stringValue }.joined(separator: ", ")
                listing.append(row: [schedule.id, schedule.name, schedule.object["time_zone"]?.stringValue, users],
                               object: schedule.object.objectValue ?? JSONObject())
            }
            listing.write(output, context: context)
        }
    }

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
