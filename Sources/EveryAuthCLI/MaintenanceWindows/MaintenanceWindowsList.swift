import ArgumentParser
import EveryAuthCore
import Foundation

extension MaintenanceWindowsCommand {
    /// `everyauth maintenance-windows list [--service S] [--state STATE]`.
    struct List: EveryAuthCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List maintenance windows (default: open ones).", aliases: ["ls"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var access: PagerDutyAccessOptions

        @Option(name: .long, help: ArgumentHelp("Only windows of this service (id or name); repeatable.", valueName: "service"), completion: Completion.names(.service))
        var service: [String] = []

        @Option(name: .long, help: ArgumentHelp("Which windows: open (ongoing or future), ongoing, future, past, all.", valueName: "state"))
        var state: State = .open

        @OptionGroup var timeZone: TimeZoneOption

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func execute(_ context: CommandContext) async throws {
            let now = Date()
            let zone = try timeZone.zone(context)
            let client = try await access.client(context).client
            let services = try await client.resolve(.service, service).map { ("service_ids[]", $0.id) }
            let windows = try await client.listObjects("maintenance_windows", query: services + [("filter", state.rawValue)])
            var listing = MaintenanceWindowsCommand.listing()
            for window in windows { MaintenanceWindowsCommand.append(window, to: &listing, zone: zone, now: now) }
            listing.write(output, context: context)
        }
    }
}
