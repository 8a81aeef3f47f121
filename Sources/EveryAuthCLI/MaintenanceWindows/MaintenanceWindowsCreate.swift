import ArgumentParser
import EveryAuthCore
import Foundation

extension MaintenanceWindowsCommand {
    /// `everyauth maintenance-windows create --service S... (--for D | --start T --end T)`.
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

        @OptionGroup var timeZone: TimeZoneOption

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
        }

        func execute(_ context: CommandContext) async throws {
            let now = Date()
            let zone = try timeZone.zone(context)
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
}
