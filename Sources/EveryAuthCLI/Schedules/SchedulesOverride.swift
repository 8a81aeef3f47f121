import ArgumentParser
import EveryAuthCore
import Foundation

extension SchedulesCommand {
    /// `everyauth schedules override SCHEDULE [--user USER] --start T --end T`: take a shift.
    struct Override: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "override",
            abstract: "Put a user (default: yourself) on call in a schedule for a span: take a shift.",
            discussion: """
                Creates an override (POST /schedules/{id}/overrides). Times are read in --time-zone (default: $TZ, \
                else the system's): --start 'thu 18:00' is not understood, --start '2026-12-10 18:00' is. The override \
                is shown and confirmed on a terminal; without a terminal it needs --yes.
                """)

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The schedule: its id or name.", valueName: "schedule"), completion: Completion.names(.schedule))
        var schedule: String

        @Option(name: .long, help: ArgumentHelp("Who goes on call: id, name or email (default: the token's own user).", valueName: "user"))
        var user: String?

        @Option(name: .long, help: ArgumentHelp("When the override starts: 2026-12-10 18:00, now, +1h, ISO 8601.", valueName: "time"))
        var start: String

        @Option(name: .long, help: ArgumentHelp("When it ends: 2026-12-11 09:00, +8h, ISO 8601.", valueName: "time"))
        var end: String

        @OptionGroup var timeZone: TimeZoneOption

        @OptionGroup var confirmation: Confirmation

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if let user, user.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--user must not be empty") }
        }

        func execute(_ context: CommandContext) async throws {
            let now = Date()
            let zone = try timeZone.zone(context)
            let from = try MomentOption.date(start, flag: "--start", zone: zone, now: now)
            let to = try MomentOption.date(end, flag: "--end", zone: zone, now: now)
            guard from < to else { throw UsageError("--end must be after --start") }
            try confirmation.checkAnswerable(context)
            let client = try await access.client(context).client
            let named = try await client.resolve(.schedule, schedule)
            let person: DirectoryEntry
            if let user {
                person = try await client.resolve(.user, user)
            } else {
                person = try await client.show(.user, id: try await client.currentUserID())
            }
            try confirmation.confirm(
                "Put \(person.name) on call in \(named.name) from \(WallClock.text(from, zone: zone, now: now)) to \(WallClock.text(to, zone: zone, now: now)) (\(zone.identifier))?",
                context: context)
            let created = try await client.createOverride(schedule: named.id, user: person.id, start: from, end: to)
            var listing = Overrides.listing(zone: zone, now: now)
            Overrides.append(created, to: &listing, zone: zone, now: now)
            listing.write(output, context: context)
            context.err("\(person.name) is on call in \(named.name) from \(WallClock.text(from, zone: zone, now: now)) to \(WallClock.text(to, zone: zone, now: now)).")
        }
    }
}
