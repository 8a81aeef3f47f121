import Foundation

/// `statuses[]` of GET /incidents, exactly as PagerDuty's OpenAPI document lists them.
package enum IncidentStatus: String, Sendable, CaseIterable {
    case triggered, acknowledged, resolved
}

/// What `--status` accepts: a status, `open` (triggered + acknowledged) or `all` (no filter).
package enum IncidentStatusChoice: String, Sendable, CaseIterable {
    case triggered, acknowledged, resolved, open, all

    /// The statuses this choice sends; empty for `all`.
    package var statuses: [IncidentStatus] {
        switch self {
        case .triggered: return [.triggered]
        case .acknowledged: return [.acknowledged]
        case .resolved: return [.resolved]
        case .open: return [.triggered, .acknowledged]
        case .all: return []
        }
    }
}

/// `urgencies[]` of GET /incidents.
package enum IncidentUrgency: String, Sendable, CaseIterable {
    case high, low
}

/// `include[]` of GET /incidents.
package enum IncidentInclude: String, Sendable, CaseIterable {
    case acknowledgers, agents, assignees
    case conferenceBridge = "conference_bridge"
    case escalationPolicies = "escalation_policies"
    case firstTriggerLogEntries = "first_trigger_log_entries"
    case priorities, services, teams, users
}

/// Fields `sort_by` of GET /incidents accepts (its description: incident_number, created_at,
/// resolved_at, urgency), each `FIELD[:asc|desc]`.
package enum IncidentSortField: String, Sendable, CaseIterable {
    case incidentNumber = "incident_number"
    case createdAt = "created_at"
    case resolvedAt = "resolved_at"
    case urgency
}

/// The filters of `GET /incidents`, checked against what PagerDuty's OpenAPI document accepts
/// and turned into its exact query names (`statuses[]` once per value, `sort_by` comma-joined).
package struct IncidentQuery: Sendable, Equatable {
    /// `statuses[]` values the API defines.
    package static let statusValues = IncidentStatus.allCases.map(\.rawValue)
    /// `urgencies[]` values the API defines.
    package static let urgencyValues = IncidentUrgency.allCases.map(\.rawValue)
    /// `include[]` values the API defines.
    package static let includeValues = IncidentInclude.allCases.map(\.rawValue)
    /// Fields `sort_by` accepts, per the API's description (at most two, `FIELD[:asc|desc]`).
    package static let sortFields = IncidentSortField.allCases.map(\.rawValue)

    /// Empty means every status.
    package var statuses: [String] = ["triggered", "acknowledged"]
    package var urgencies: [String] = []
    package var serviceIDs: [String] = []
    package var teamIDs: [String] = []
    package var userIDs: [String] = []
    /// Inclusive start of the `created_at` window.
    package var since: Date?
    /// Exclusive end of the `created_at` window.
    package var until: Date?
    /// `date_range=all`: no window at all.
    package var allTime = false
    /// `FIELD:asc|desc` items, in order.
    package var sortBy: [String] = []
    package var include: [String] = []
    package var timeZone: String?

    package init() {}

    /// Sets statuses from `--status` values: `open` is triggered+acknowledged (the default), `all` is none.
    /// `all` with any other status is a contradiction, and a usage error.
    package mutating func setStatuses(_ values: [String]) throws(InvalidInput) {
        var choices: [IncidentStatusChoice] = []
        for value in values.flatMap(Self.split) {
            guard let choice = IncidentStatusChoice(rawValue: value.lowercased()) else {
                let accepted = IncidentStatusChoice.allCases.map(\.rawValue).joined(separator: ", ")
                throw InvalidInput(.statuses, "'\(value)' is not a status; use one of \(accepted)")
            }
            choices.append(choice)
        }
        try setStatuses(choices)
    }

    /// Sets statuses from typed `--status` choices; none given keeps the default (open).
    package mutating func setStatuses(_ choices: [IncidentStatusChoice]) throws(InvalidInput) {
        guard !choices.isEmpty else { return }
        if choices.contains(.all) {
            guard choices.allSatisfy({ $0 == .all }) else {
                throw InvalidInput(.statuses, "'all' means every status and cannot be combined with other statuses")
            }
            statuses = []
            return
        }
        statuses = Self.unique(choices.flatMap(\.statuses).map(\.rawValue))
    }

    /// Sets urgencies from `--urgency` values.
    package mutating func setUrgencies(_ values: [String]) throws(InvalidInput) {
        urgencies = try Self.checked(values, allowed: Self.urgencyValues, input: .urgencies, what: "an urgency")
    }

    /// Sets `include[]` from `--include` values.
    package mutating func setInclude(_ values: [String]) throws(InvalidInput) {
        include = try Self.checked(values, allowed: Self.includeValues, input: .includes, what: "an include value")
    }

    /// Sets `sort_by` from `--sort-by` values (`created_at`, `created_at:desc`).
    package mutating func setSortBy(_ values: [String]) throws(InvalidInput) {
        var items: [String] = []
        for value in values.flatMap(Self.split) {
            let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard Self.sortFields.contains(parts[0]), parts.count <= 2,
                  parts.count == 1 || ["asc", "desc"].contains(parts[1])
            else {
                throw InvalidInput(.sort, "'\(value)' is not a sort; use FIELD[:asc|desc] with FIELD one of \(Self.sortFields.joined(separator: ", "))")
            }
            items.append(value)
        }
        guard items.count <= 2 else { throw InvalidInput(.sort, "PagerDuty sorts by at most two fields; \(items.count) given") }
        sortBy = items
    }

    /// Ids for `service_ids[]`, `team_ids[]` or `user_ids[]`; an empty or blank id is refused
    /// (it would silently widen or empty the filter).
    package static func checkedIDs(_ values: [String], kind: InvalidInput.IDKind) throws(InvalidInput) -> [String] {
        for value in values where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InvalidInput(.ids(kind), "the id must not be empty")
        }
        return unique(values)
    }

    /// Checks `--time-zone` is a zone the system knows (PagerDuty takes tzinfo names).
    package mutating func setTimeZone(_ value: String?) throws(InvalidInput) {
        guard let value else { return }
        guard TimeZone(identifier: value) != nil else {
            throw InvalidInput(.timeZone, "'\(value)' is not a time zone; give a tzinfo name such as UTC or Europe/Berlin")
        }
        timeZone = value
    }

    /// Checks that the window is not empty or contradictory, and that it does not start after
    /// `now` (nothing can have been created since then: an empty listing that looks like none).
    package func validateWindow(now: Date = Date()) throws(InvalidInput) {
        if let since, since > now.addingTimeInterval(60) {
            throw InvalidInput(.since, "\(TimeSpec.format(since)) is in the future; nothing can have been created since then")
        }
        if allTime, since != nil || until != nil {
            throw InvalidInput(.window(.allTimeWithBounds), "a listing of all time has no start or end")
        }
        if let since, let until, since >= until {
            throw InvalidInput(.window(.empty(since: since, until: until)), "\(TimeSpec.format(since)) is not before \(TimeSpec.format(until))")
        }
    }

    /// True when the first sort key runs newest first, so time windows are listed newest first.
    package var newestFirst: Bool {
        guard let first = sortBy.first else { return false }
        return first == "created_at:desc" || first == "incident_number:desc"
    }

    /// The filter part of the query string, for the window `since..<until` (overriding the query's own).
    package func filterItems(since: Date? = nil, until: Date? = nil) -> [(String, String)] {
        var items: [(String, String)] = []
        items += statuses.map { ("statuses[]", $0) }
        items += urgencies.map { ("urgencies[]", $0) }
        items += serviceIDs.map { ("service_ids[]", $0) }
        items += teamIDs.map { ("team_ids[]", $0) }
        items += userIDs.map { ("user_ids[]", $0) }
        let from = since ?? self.since
        let to = until ?? self.until
        if let from { items.append(("since", TimeSpec.format(from))) }
        if let to { items.append(("until", TimeSpec.format(to))) }
        if allTime, from == nil, to == nil { items.append(("date_range", "all")) }
        if !sortBy.isEmpty { items.append(("sort_by", sortBy.joined(separator: ","))) }
        items += include.map { ("include[]", $0) }
        if let timeZone { items.append(("time_zone", timeZone)) }
        return items
    }

    /// Comma-separated values; an empty value (`--urgency ''`) stays, to be refused by name.
    private static func split(_ value: String) -> [String] {
        let parts = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return parts.isEmpty ? [value] : parts
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    private static func checked(_ values: [String], allowed: [String], input: InvalidInput.Input, what: String) throws(InvalidInput) -> [String] {
        let items = values.flatMap(split).map { $0.lowercased() }
        for item in items where !allowed.contains(item) {
            throw InvalidInput(input, "'\(item)' is not \(what); use one of \(allowed.joined(separator: ", "))")
        }
        return unique(items)
    }
}
