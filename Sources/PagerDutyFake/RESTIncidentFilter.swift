import EveryAuthCore
import Foundation

/// A `GET /incidents` query as PagerDuty reads it, refusing what its OpenAPI document does not define.
struct IncidentFilter {
    /// Why the query was refused, with PagerDuty's error code.
    struct Invalid: Error {
        var code = 2001
        var reason: String
    }

    var limit = 25
    var offset = 0
    var total = false
    var allTime = false
    var since: Int?
    var until: Int?
    var statuses: Set<String> = []
    var urgencies: Set<String> = []
    var serviceIDs: Set<String> = []
    var teamIDs: Set<String> = []
    var userIDs: Set<String> = []
    var incidentKey: String?
    /// (field, descending) pairs.
    var sort: [(String, Bool)] = []
    /// Everything but the page position, to share matching work between pages.
    var cacheKey = ""

    init(_ items: [(String, String)]) throws {
        var seen = Set<String>()
        var keyParts: [String] = []
        for (name, value) in items {
            guard let repeats = RESTServer.incidentParameters[name] else {
                throw Invalid(reason: "Unknown query parameter '\(name)'")
            }
            guard repeats || seen.insert(name).inserted else { throw Invalid(reason: "'\(name)' given more than once") }
            if !["limit", "offset", "total"].contains(name) { keyParts.append("\(name)=\(value)") }
            switch name {
            case "limit":
                guard let number = Int(value), number >= 1 else { throw Invalid(reason: "limit must be a positive integer") }
                guard number <= 100 else { throw Invalid(reason: "limit must be at most 100") }
                limit = number
            case "offset":
                guard let number = Int(value), number >= 0 else { throw Invalid(reason: "offset must be a non-negative integer") }
                offset = number
            case "total":
                guard value == "true" || value == "false" else { throw Invalid(reason: "total must be true or false") }
                total = value == "true"
            case "date_range":
                guard value == "all" else { throw Invalid(reason: "date_range must be 'all'") }
                allTime = true
            case "incident_key": incidentKey = value
            case "service_ids[]": serviceIDs.insert(value)
            case "team_ids[]": teamIDs.insert(value)
            case "user_ids[]": userIDs.insert(value)
            case "urgencies[]":
                guard IncidentQuery.urgencyValues.contains(value) else { throw Invalid(reason: "Invalid urgency '\(value)'") }
                urgencies.insert(value)
            case "statuses[]":
                guard IncidentQuery.statusValues.contains(value) else { throw Invalid(reason: "Invalid status '\(value)'") }
                statuses.insert(value)
            case "include[]":
                guard IncidentQuery.includeValues.contains(value) else { throw Invalid(reason: "Invalid include '\(value)'") }
            case "time_zone":
                guard TimeZone(identifier: value) != nil else { throw Invalid(reason: "Invalid time_zone '\(value)'") }
            case "since", "until":
                guard let date = Timestamp.parse(value) else { throw Invalid(reason: "\(name) is not an ISO 8601 time") }
                let seconds = Int(date.timeIntervalSince1970.rounded(.down))
                if name == "since" { since = seconds } else { until = seconds }
            case "sort_by":
                let fields = value.split(separator: ",", omittingEmptySubsequences: false)
                guard fields.count <= 2 else { throw Invalid(reason: "sort_by takes at most two fields") }
                for field in fields {
                    let parts = field.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    guard IncidentQuery.sortFields.contains(parts[0]), parts.count <= 2,
                          parts.count == 1 || parts[1] == "asc" || parts[1] == "desc"
                    else { throw Invalid(reason: "Invalid sort_by '\(field)'") }
                    sort.append((parts[0], parts.count == 2 && parts[1] == "desc"))
                }
            default: break
            }
        }
        guard offset + limit <= 10_000 else {
            throw Invalid(code: 2002, reason: "Offset + limit must not exceed 10000")
        }
        if let since, let until, since >= until { throw Invalid(reason: "since must be before until") }
        cacheKey = keyParts.sorted().joined(separator: "&")
    }

    /// Indices into `incidents` that match, in the requested order.
    func matching(_ incidents: [FakeIncident]) -> [Int] {
        var result: [Int] = []
        for (index, incident) in incidents.enumerated() {
            if !statuses.isEmpty, !statuses.contains(incident.status) { continue }
            if !urgencies.isEmpty, !urgencies.contains(incident.urgency) { continue }
            if !serviceIDs.isEmpty, !serviceIDs.contains(incident.serviceID) { continue }
            if !teamIDs.isEmpty, !teamIDs.contains(incident.teamID) { continue }
            if !userIDs.isEmpty, !incident.assigneeIDs.contains(where: userIDs.contains) { continue }
            if let incidentKey, incidentKey != "key-\(incident.number)" { continue }
            if !allTime {
                if let since, incident.createdAt < since { continue }
                if let until, incident.createdAt >= until { continue }
            }
            result.append(index)
        }
        guard !sort.isEmpty else { return result }
        let sort = self.sort
        return result.sorted { left, right in
            let a = incidents[left], b = incidents[right]
            for (field, descending) in sort {
                let order = Self.compare(field, a, b)
                if order != 0 { return descending ? order > 0 : order < 0 }
            }
            return a.number < b.number
        }
    }

    private static func compare(_ field: String, _ a: FakeIncident, _ b: FakeIncident) -> Int {
        switch field {
        case "incident_number": return a.number < b.number ? -1 : a.number > b.number ? 1 : 0
        case "created_at": return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0
        case "resolved_at":
            let x = a.resolvedAt ?? Int.max, y = b.resolvedAt ?? Int.max
            return x < y ? -1 : x > y ? 1 : 0
        default: return a.urgency < b.urgency ? -1 : a.urgency > b.urgency ? 1 : 0
        }
    }
}
