import Foundation

/// One change `incidents watch` reports: an incident that appeared, or one whose status changed.
package struct IncidentEvent: Sendable {
    /// `new` for an incident not seen before, else the status it changed to.
    package enum Kind: String, Sendable {
        case new, triggered, acknowledged, resolved
    }

    package var kind: Kind
    /// The status before the change (nil for `new`).
    package var previousStatus: String?
    /// The incident as PagerDuty sent it.
    package var incident: JSONValue

    package init(kind: Kind, previousStatus: String?, incident: JSONValue) {
        self.kind = kind
        self.previousStatus = previousStatus
        self.incident = incident
    }

    /// Key order of `json`.
    package static let keyOrder = ["event", "previous_status", "incident"]

    /// `{"event": KIND, "previous_status": S|null, "incident": {...}}`, what `--exec` reads on stdin.
    package var json: JSONValue {
        .object(["event": .string(kind.rawValue), "previous_status": previousStatus.map { .string($0) } ?? .null, "incident": incident])
    }
}

/// Polls a selection of incidents and names what changed since the last poll. The first poll only
/// takes stock. An incident that leaves the selection is looked up once (`GET /incidents/{id}`):
/// if its status changed (resolved, typically) that is an event; if it merely no longer matches
/// (reassigned away from `--me`), it is forgotten quietly.
package actor IncidentWatcher {
    package let client: PagerDutyClient
    package let query: IncidentQuery
    /// Status by incident id; nil until the first successful poll.
    private var known: [String: String]?

    package init(client: PagerDutyClient, query: IncidentQuery) {
        self.client = client
        self.query = query
    }

    /// True once a poll has succeeded (later polls report changes).
    package var hasBaseline: Bool { known != nil }

    /// One poll: the events since the last successful one, in the selection's order (those found
    /// by a direct look last). Nothing is remembered from a poll that fails.
    package func poll() async throws -> (events: [IncidentEvent], watching: Int) {
        var current: [JSONValue] = []
        for try await page in IncidentListing(client: client, query: query, extent: .all).pages() { current += page }
        // A cancelled listing ends early: a partial list must not look like vanished incidents.
        try Task.checkCancellation()
        var statuses: [String: String] = [:]
        for incident in current {
            if let id = incident["id"]?.stringValue { statuses[id] = incident["status"]?.stringValue ?? "" }
        }
        guard let previous = known else {
            known = statuses
            return ([], statuses.count)
        }
        var events: [IncidentEvent] = []
        for incident in current {
            guard let id = incident["id"]?.stringValue else { continue }
            let status = statuses[id] ?? ""
            if let before = previous[id] {
                if before != status, let kind = IncidentEvent.Kind(rawValue: status) {
                    events.append(IncidentEvent(kind: kind, previousStatus: before, incident: incident))
                }
            } else {
                events.append(IncidentEvent(kind: .new, previousStatus: nil, incident: incident))
            }
        }
        for (id, before) in previous.sorted(by: { $0.key < $1.key }) where statuses[id] == nil {
            let incident: JSONValue
            do {
                incident = try await client.incident(id)
            } catch LookupError.incidentNotFound {
                continue
            }
            guard let status = incident["status"]?.stringValue, status != before, let kind = IncidentEvent.Kind(rawValue: status) else { continue }
            events.append(IncidentEvent(kind: kind, previousStatus: before, incident: incident))
        }
        known = statuses
        return (events, statuses.count)
    }
}
