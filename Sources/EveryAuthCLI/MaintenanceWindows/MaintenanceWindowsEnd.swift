import ArgumentParser
import EveryAuthCore
import Foundation

extension MaintenanceWindowsCommand {
    /// `everyauth maintenance-windows end ID...`.
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
}
