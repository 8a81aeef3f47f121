import Foundation

/// What `GET /oncalls` is asked: whose shifts, on which policies and schedules, over which span.
package struct OnCallQuery: Sendable, Equatable {
    package var userIDs: [String] = []
    package var escalationPolicyIDs: [String] = []
    package var scheduleIDs: [String] = []
    /// The span a shift must overlap; both nil: now.
    package var since: Date?
    package var until: Date?
    /// Only the earliest shift per policy, level and user (for "when am I next").
    package var earliest = false

    package init() {}

    /// The query items, in the OpenAPI document's names and array style (`user_ids[]` repeated).
    package var items: [(String, String)] {
        var items: [(String, String)] = []
        items += userIDs.map { ("user_ids[]", $0) }
        items += escalationPolicyIDs.map { ("escalation_policy_ids[]", $0) }
        items += scheduleIDs.map { ("schedule_ids[]", $0) }
        if let since { items.append(("since", TimeSpec.format(since))) }
        if let until { items.append(("until", TimeSpec.format(until))) }
        if earliest { items.append(("earliest", "true")) }
        // No time_zone: PagerDuty renders times in the account's zone, with its offset, and they
        // are read as instants whatever the zone.
        return items
    }
}

/// One on-call shift as `GET /oncalls` lists it: the policy and level, the user, the schedule
/// (nil when the policy names the user directly) and the span (nil ends: always on call).
package struct OnCallShift: Sendable, Equatable {
    package var policy: DirectoryEntry
    package var level: Int
    package var user: DirectoryEntry
    package var schedule: DirectoryEntry?
    package var start: Date?
    package var end: Date?
    package var object: JSONValue

    /// The shift of one listed on-call object; nil when it lacks a policy, a level or a user.
    init?(_ object: JSONValue) {
        guard let policy = object["escalation_policy"].flatMap(PagerDutyClient.entry),
              let user = object["user"].flatMap(PagerDutyClient.entry),
              let level = object["escalation_level"]?.intValue else { return nil }
        self.policy = policy
        self.level = level
        self.user = user
        schedule = object["schedule"].flatMap(PagerDutyClient.entry)
        start = object["start"]?.stringValue.flatMap(Timestamp.parse)
        end = object["end"]?.stringValue.flatMap(Timestamp.parse)
        self.object = object
    }
}

/// One span of a schedule: who is on call from when to when.
package struct ScheduleEntry: Sendable, Equatable {
    package var user: DirectoryEntry
    package var start: Date
    package var end: Date
}

/// `GET /oncalls` may look at most this far ahead (its documentation: 90 days).
package let onCallHorizon: TimeInterval = 90 * 86_400

extension PagerDutyClient {
    /// Every shift `query` selects, in PagerDuty's order (policy, level, start).
    package func onCalls(_ query: OnCallQuery) async throws -> [OnCallShift] {
        try await listObjects("oncalls", query: query.items + [("include[]", "users")]).map { object in
            guard let shift = OnCallShift(object) else {
                throw PagerDutyError.malformedResponse(reason: "GET /oncalls listed an on-call without a policy, level or user")
            }
            return shift
        }
    }

    /// The schedule `id` and who is on call in it within `since..<until` (its final layer,
    /// overrides included), times as instants whatever zone PagerDuty renders them in.
    package func schedule(_ id: String, since: Date, until: Date) async throws -> (schedule: DirectoryEntry, entries: [ScheduleEntry]) {
        let schedule = try await show(.schedule, id: id, query: [
            ("since", TimeSpec.format(since)), ("until", TimeSpec.format(until)),
        ])
        guard let rendered = schedule.object["final_schedule"]?["rendered_schedule_entries"]?.arrayValue else {
            throw PagerDutyError.malformedResponse(reason: "GET /schedules/{id} has no final_schedule.rendered_schedule_entries")
        }
        let entries = try rendered.map { entry in
            guard let user = entry["user"].flatMap(Self.entry),
                  let start = entry["start"]?.stringValue.flatMap(Timestamp.parse),
                  let end = entry["end"]?.stringValue.flatMap(Timestamp.parse) else {
                throw PagerDutyError.malformedResponse(reason: "GET /schedules/{id} has an entry without a user, start or end")
            }
            return ScheduleEntry(user: user, start: start, end: end)
        }
        return (schedule, entries.sorted { $0.start < $1.start })
    }

    /// The overrides of schedule `id` within `since..<until` (`GET /schedules/{id}/overrides`).
    package func overrides(schedule id: String, since: Date, until: Date) async throws -> [JSONValue] {
        let body = try await request("GET", "/schedules/\(FormEncoding.escape(id))/overrides",
                                     query: [("since", TimeSpec.format(since)), ("until", TimeSpec.format(until))])
        guard let overrides = body["overrides"]?.arrayValue else {
            throw PagerDutyError.malformedResponse(reason: "GET /schedules/{id}/overrides has no overrides array")
        }
        return overrides
    }

    /// Puts `user` on call in schedule `id` from `start` to `end` (`POST /schedules/{id}/overrides`,
    /// sent once); the override PagerDuty created. PagerDuty answers each override of the request
    /// with its own status: one it refused is its `PagerDutyError`.
    package func createOverride(schedule id: String, user: String, start: Date, end: Date) async throws -> JSONValue {
        let override: JSONValue = .object([
            "start": .string(TimeSpec.format(start)), "end": .string(TimeSpec.format(end)),
            "user": .object(["id": .string(user), "type": .string("user_reference")]), "time_zone": .string("UTC"),
        ])
        let body = try await request("POST", "/schedules/\(FormEncoding.escape(id))/overrides",
                                     body: .object(["overrides": .array([override])]))
        guard let answer = body.arrayValue?.first ?? (body["override"].map { .object(["status": .number(201), "override": $0]) }) else {
            throw PagerDutyError.malformedResponse(reason: "POST /schedules/{id}/overrides answered no override")
        }
        let status = answer["status"]?.intValue ?? 201
        guard (200..<300).contains(status), let created = answer["override"] else {
            let errors = answer["errors"]?.arrayValue?.compactMap(\.stringValue).map { ServerText.forMessage($0) } ?? []
            throw PagerDutyError.api(status: status, code: nil, message: "the override was refused", errors: errors)
        }
        return created
    }

    /// `DELETE /schedules/{id}/overrides/{override}`: true when PagerDuty cut an override that had
    /// begun short at now (200) rather than deleting it (204).
    package func removeOverride(schedule id: String, override: String) async throws -> Bool {
        try await exchange("DELETE", "/schedules/\(FormEncoding.escape(id))/overrides/\(FormEncoding.escape(override))",
                           missing: DirectoryLookupError.missing(what: "override in schedule \(id)", id: override)).status == 200
    }

    /// `POST /maintenance_windows` for `services` from `start` to `end`; the window created.
    package func createMaintenanceWindow(services: [String], start: Date, end: Date, description: String?, from: String) async throws -> JSONValue {
        var window: [String: JSONValue] = [
            "type": .string("maintenance_window"), "start_time": .string(TimeSpec.format(start)), "end_time": .string(TimeSpec.format(end)),
            "services": .array(services.map { .object(["id": .string($0), "type": .string("service_reference")]) }),
        ]
        if let description { window["description"] = .string(description) }
        let body = try await request("POST", "/maintenance_windows", body: .object(["maintenance_window": .object(window)]), from: from)
        guard let created = body["maintenance_window"] else {
            throw PagerDutyError.malformedResponse(reason: "POST /maintenance_windows answered no maintenance_window")
        }
        return created
    }

    /// `DELETE /maintenance_windows/{id}`: a future window is deleted, an ongoing one ends now.
    package func endMaintenanceWindow(_ id: String) async throws {
        _ = try await exchange("DELETE", "/maintenance_windows/" + FormEncoding.escape(id),
                               missing: DirectoryLookupError.missing(what: "maintenance window", id: id))
    }

    /// `POST /incidents` with `fields` (title, service, urgency...), sent once; the new incident.
    package func createIncident(_ fields: [String: JSONValue], from: String) async throws -> JSONValue {
        var incident = fields
        incident["type"] = .string("incident")
        let body = try await request("POST", "/incidents", body: .object(["incident": .object(incident)]), from: from)
        guard let created = body["incident"], created["id"]?.stringValue != nil else {
            throw PagerDutyError.malformedResponse(reason: "POST /incidents answered no incident")
        }
        return created
    }

    /// `PUT /incidents/{id}` with `fields`; the incident after.
    package func updateIncident(_ id: String, _ fields: [String: JSONValue], from: String) async throws -> JSONValue {
        var incident = fields
        incident["type"] = .string("incident_reference")
        let body = try await request("PUT", Self.incidentPath(id), body: .object(["incident": .object(incident)]), from: from, notFound: id)
        return body["incident"] ?? body
    }
}
