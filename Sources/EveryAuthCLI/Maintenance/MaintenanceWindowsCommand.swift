import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth maintenance-windows list|create|end`.
struct MaintenanceWindowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance-windows",
        abstract: "List, open and end maintenance windows (services that do not page while in one).",
        subcommands: [MaintenanceWindowsCommand.List.self, MaintenanceWindowsCommand.Create.self, MaintenanceWindowsCommand.End.self],
        aliases: ["maintenance", "mw"])

    /// Which windows a listing shows: PagerDuty's `filter` values.
    enum State: String, ExpressibleByArgument, CaseIterable, Sendable {
        case open, ongoing, future, past, all
    }

    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List maintenance windows (default: open ones).", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .long, help: ArgumentHelp("Only windows of this service (id or name); repeatable.", valueName: "service"), completion: Completion.names(.service))
        var service: [String] = []

        @Option(name: .long, help: ArgumentHelp("Which windows: open (ongoing or future), ongoing, future, past, all.", valueName: "state"))
        var state: State = .open

        @Option(name: .long, help: ArgumentHelp("Time zone of the table's times (default: $TZ, else the system's).", valueName: "zone"))
        var timeZone: String?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            _ = try MomentOption.zone(timeZone, environment: ProcessInfo.processInfo.environment)
        }

        func execute(_ context: CommandContext) async throws {
            let now = Date()
            let zone = try MomentOption.zone(timeZone, environment: context.environment.variables)
            let client = try await access.client(context).client
            let services = try await client.resolve(.service, service).map { ("service_ids[]", $0.id) }
            let windows = try await client.listObjects("maintenance_windows", query: services + [("filter", state.rawValue)])
            var listing = MaintenanceWindowsCommand.listing()
            for window in windows { MaintenanceWindowsCommand.append(window, to: &listing, zone: zone, now: now) }
            listing.write(output, context: context)
        }
    }

    struct Create: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Put services in maintenance: for a duration from now, or from --start to --end.",
            discussion: "Writes send From: --from, else $PAGERDUTY_FROM, else the identity's email.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions
        @OptionGroup var requester: RequesterOptions

        @Option(name: .long, help: ArgumentHelp("A service to put in maintenance (id or name); repeatable.", valueName: "service"), completion: Completion.names(.service))
        var service: [String] = []

        @Option(name: .customLong("for"), help: ArgumentHelp("How long, from now: 2h, 1h30m, 45m.", valueName: "duration"))
        var duration: String?

        @Option(name: .long, help: ArgumentHelp("When it starts: 2026-12-10 22:00, +1h, ISO 8601 (with --end).", valueName: "time"))
        var start: String?

        @Option(name: .long, help: ArgumentHelp("When it ends: 2026-12-11 02:00, +3h, ISO 8601.", valueName: "time"))
        var end: String?

        @Option(name: .long, help: ArgumentHelp("Why: shown to whoever looks at the service.", valueName: "text"))
        var description: String?

        @Option(name: .long, help: ArgumentHelp("Time zone of the times given and shown (default: $TZ, else the system's).", valueName: "zone"))
        var timeZone: String?

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            guard !service.isEmpty else { throw ValidationError("give the service to put in maintenance: --service NAME") }
            if duration != nil, start != nil || end != nil { throw ValidationError("give --for, or --start and --end, not both") }
            if duration == nil, end == nil { throw ValidationError("give how long: --for 2h, or --end (and --start, default now)") }
            if let duration { try validatingUsage { _ = try DurationOption.seconds(duration, flag: "--for") } }
            if let description, ControlCharacter.any(in: description.replacingOccurrences(of: "\n", with: "")) {
                throw ValidationError("--description must not contain control characters")
            }
            _ = try MomentOption.zone(timeZone, environment: ProcessInfo.processInfo.environment)
        }

        func execute(_ context: CommandContext) async throws {
            let now = Date()
            let zone = try MomentOption.zone(timeZone, environment: context.environment.variables)
            let from = try start.map { try MomentOption.date($0, flag: "--start", zone: zone, now: now) } ?? now
            let to = try duration.map { from.addingTimeInterval(try DurationOption.seconds($0, flag: "--for")) }
                ?? MomentOption.date(end ?? "", flag: "--end", zone: zone, now: now)
            guard from < to else { throw UsageError("--end must be after --start") }
            let (client, identity) = try await access.client(context)
            let email = try requester.email(context, identity: identity)
            let services = try await client.resolve(.service, service)
            let created = try await client.createMaintenanceWindow(services: services.map(\.id), start: from, end: to, description: description, from: email)
            var listing = MaintenanceWindowsCommand.listing()
            MaintenanceWindowsCommand.append(created, to: &listing, zone: zone, now: now)
            listing.write(output, context: context)
            context.err("\(services.map(\.name).joined(separator: ", ")) in maintenance until \(WallClock.text(to, zone: zone, now: now)).")
        }
    }

    struct End: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "end",
            abstract: "End maintenance windows now (a future one is deleted).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: ArgumentHelp("The windows' ids (see 'maintenance-windows list').", valueName: "id"))
        var ids: [String] = []

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("give the id of the maintenance window to end (see 'everyauth maintenance-windows list')") }
            if ids.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { throw ValidationError("a window id must not be empty") }
        }

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            for id in ids {
                try await client.endMaintenanceWindow(id)
                context.err("Ended maintenance window \(id).")
            }
        }
    }

    static func listing() -> Listing {
        Listing(columns: ["id", "start_time", "end_time", "services", "description"],
                keyOrder: ["id", "start_time", "end_time", "services", "description", "created_by"],
                fixed: ["id", "start_time", "end_time"], flexible: "description", droppable: ["services"])
    }

    /// One window as PagerDuty answered it; times in UTC, or the zone's wall clock in a table.
    static func append(_ window: JSONValue, to listing: inout Listing, zone: TimeZone, now: Date) {
        let start = window["start_time"]?.stringValue.flatMap(Timestamp.parse)
        let end = window["end_time"]?.stringValue.flatMap(Timestamp.parse)
        let services = DirectoryListing.names(window["services"])
        let row: [String?] = [window["id"]?.stringValue, start.map(TimeSpec.format), end.map(TimeSpec.format), services, window["description"]?.stringValue]
        listing.append(row: row,
                       shown: [row[0], WallClock.optional(start, zone: zone, now: now), WallClock.optional(end, zone: zone, now: now), services, row[4]],
                       object: ["id": .optional(row[0]), "start_time": .optional(row[1]), "end_time": .optional(row[2]),
                                "services": window["services"] ?? .null, "description": .optional(row[4]),
                                "created_by": window["created_by"] ?? .null])
    }
}
