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
