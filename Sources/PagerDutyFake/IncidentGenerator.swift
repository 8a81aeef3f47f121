import Foundation
import Synchronization

/// One generated incident: the fields the fake filters and sorts on, and its JSON, built once.
public struct FakeIncident: Sendable {
    public var number: Int
    public var id: String
    public var status: String
    public var urgency: String
    public var serviceID: String
    public var teamID: String
    public var assigneeIDs: [String]
    /// Seconds since the epoch; strictly increasing with `number`.
    public var createdAt: Int
    public var resolvedAt: Int?
    public var title: String
    /// The incident as PagerDuty would send it (compact JSON).
    public var json: Data
}

/// Deterministic incidents with varied status, urgency, service, team, assignee, created_at and
/// titles (some with commas, quotes and line breaks, for the CSV/TSV tests).
public enum IncidentGenerator {
    /// `created_at` of incident 1: 2026-01-01T00:00:00Z.
    public static let start = 1_767_225_600
    /// Seconds between consecutive incidents.
    public static let spacing = 37

    /// Services as (id, name, team id).
    public static let services = [
        ("PSVC001", "Checkout API", "PTEAM01"), ("PSVC002", "Search", "PTEAM02"),
        ("PSVC003", "Payments, EU", "PTEAM01"), ("PSVC004", "Mobile Push", "PTEAM03"),
    ]
    /// Teams as (id, name).
    public static let teams = [("PTEAM01", "Payments"), ("PTEAM02", "Discovery"), ("PTEAM03", "Mobile")]
    /// Users as (id, name).
    public static let users = [("PUSR001", "Alice Ng"), ("PUSR002", "Bob Stone"), ("PUSR003", "Chen Li"), ("PUSR004", "Dana \"DJ\" Jones")]

    private static let titles = [
        "High CPU on web-%d", "Disk full on db-%d, replica lagging", "Alert \"5xx rate\" above 2%% on lb-%d",
        "Deploy %d failed\nrollback started", "Latency p99 over budget (shard %d)", "Queue depth\tspike on worker-%d",
    ]

    private static let cache = Cache()

    /// Incidents 1...count, the first created at `start`, one every `spacing` seconds; shared
    /// between fakes of the same shape.
    public static func incidents(count: Int, start: Int = IncidentGenerator.start, spacing: Int = IncidentGenerator.spacing) -> [FakeIncident] {
        cache.get(Shape(count: count, start: start, spacing: spacing)) {
            (1...max(count, 1)).prefix(count).map { make($0, start: start, spacing: spacing) }
        }
    }

    /// ISO 8601 in UTC, as PagerDuty writes times.
    public static func format(_ seconds: Int) -> String {
        FakeTime.format(seconds)
    }

    static func make(_ number: Int, start: Int = IncidentGenerator.start, spacing: Int = IncidentGenerator.spacing) -> FakeIncident {
        let mix = UInt32(truncatingIfNeeded: UInt64(number) &* 2_654_435_761)
        let statusPick = mix % 10
        let status = statusPick < 3 ? "triggered" : statusPick < 5 ? "acknowledged" : "resolved"
        let urgency = (mix >> 4) % 3 == 0 ? "low" : "high"
        let service = services[Int((mix >> 8) % UInt32(services.count))]
        let team = teams.first { $0.0 == service.2 }!
        var assignees: [(String, String)] = []
        if status != "resolved" {
            assignees.append(users[Int((mix >> 12) % 4)])
            if number % 4 == 0 { assignees.append(users[Int((mix >> 12 + 1) % 4)]) }
        }
        let createdAt = start + (number - 1) * spacing
        let resolvedAt = status == "resolved" ? createdAt + 3600 : nil
        let title = String(format: titles[number % titles.count], number % 17)
        let id = String(format: "Q%07d", number)
        func reference(_ type: String, _ pair: (String, String)) -> FakeJSON {
            .object([("id", .string(pair.0)), ("type", .string(type)), ("summary", .string(pair.1))])
        }
        let created = format(createdAt)
        let object: FakeJSON = .object([
            ("id", .string(id)),
            ("type", .string("incident")),
            ("summary", .string("[#\(number)] \(title)")),
            ("incident_number", .int(number)),
            ("title", .string(title)),
            ("created_at", .string(created)),
            ("updated_at", .string(format(resolvedAt ?? createdAt))),
            ("resolved_at", .optional(resolvedAt.map(format))),
            ("status", .string(status)),
            ("urgency", .string(urgency)),
            ("incident_key", .string("key-\(number)")),
            ("html_url", .string("https://example.pagerduty.com/incidents/\(id)")),
            ("service", reference("service_reference", (service.0, service.1))),
            ("teams", .array([reference("team_reference", team)])),
            ("assignments", .array(assignees.map { .object([("at", .string(created)), ("assignee", reference("user_reference", $0))]) })),
        ])
        return FakeIncident(
            number: number, id: id, status: status, urgency: urgency, serviceID: service.0, teamID: team.0,
            assigneeIDs: assignees.map(\.0), createdAt: createdAt, resolvedAt: resolvedAt, title: title,
            json: Data(object.text.utf8))
    }

    private struct Shape: Hashable {
        var count: Int
        var start: Int
        var spacing: Int
    }

    private final class Cache: Sendable {
        private let byShape = Mutex<[Shape: [FakeIncident]]>([:])
        func get(_ shape: Shape, make: () -> [FakeIncident]) -> [FakeIncident] {
            if let found = byShape.withLock({ $0[shape] }) { return found }
            // Built outside the lock so that fakes of other shapes do not wait for this one.
            let made = make()
            byShape.withLock { $0[shape] = made }
            return made
        }
    }
}
