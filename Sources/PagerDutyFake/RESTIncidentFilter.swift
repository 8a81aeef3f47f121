import Foundation

/// The `created_at` window one `GET /incidents` asked for, as the fake read it after PagerDuty's
/// defaults (recorded even when the window was refused, so a test can check every one).
public struct IncidentWindow: Sendable, Equatable {
    /// Inclusive start, seconds since the epoch; nil with `date_range=all`.
    public var since: Int?
    /// Exclusive end, seconds since the epoch; nil with `date_range=all`.
    public var until: Int?
    /// Which ends the request named (the others came from the default month).
    public var sinceGiven: Bool
    public var untilGiven: Bool

    public init(since: Int?, until: Int?, sinceGiven: Bool, untilGiven: Bool) {
        self.since = since
        self.until = until
        self.sinceGiven = sinceGiven
        self.untilGiven = untilGiven
    }

    /// `until - since` in seconds; nil with `date_range=all`.
    public var length: Int? {
        guard let since, let until else { return nil }
        return until - since
    }
}

/// A `GET /incidents` query as PagerDuty reads it, refusing what its OpenAPI document does not
/// define, with PagerDuty's error codes (documentation, "Errors").
struct IncidentFilter {
    /// Why the query was refused: PagerDuty's error code and message, and the detail.
    struct Invalid: Error {
        var code = 2001
        var message = "Invalid Input Provided"
        var reason: String

        static func range(_ reason: String) -> Invalid {
            Invalid(code: 2005, message: "Invalid Query Date Range", reason: reason)
        }
    }

    /// Longest `since`..`until`, in calendar months ("Maximum range is 6 months").
    static let maximumMonths = 6
    /// The window when an end is missing, in calendar months ("default is 1 month").
    static let defaultMonths = 1

    var limit = 25
    var offset = 0
    var total = false
    var statuses: Set<String> = []
    var urgencies: Set<String> = []
    var serviceIDs: Set<String> = []
    var teamIDs: Set<String> = []
    var userIDs: Set<String> = []
    var incidentKey: String?
    /// (field, descending) pairs.
    var sort: [(String, Bool)] = []
    /// The window read, once the names parsed (nil when the query failed before).
    var window: IncidentWindow?
    /// Everything but the page position, to share matching work between pages.
    var cacheKey = ""

    /// Reads `items`; `now` (seconds) anchors the default window. `window` is set before any
    /// window error is thrown, through `record`.
    init(_ items: [(String, String)], now: Int, record: (IncidentWindow) -> Void) throws {
        var seen = Set<String>()
        var keyParts: [String] = []
        var allTime = false
        var zone = TimeZone(identifier: "UTC")!
        var times: [String: String] = [:]
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
                guard value == "all" else { throw Invalid(reason: "date_range must be all") }
                allTime = true
            case "incident_key": incidentKey = value
            case "service_ids[]": serviceIDs.insert(value)
            case "team_ids[]": teamIDs.insert(value)
            case "user_ids[]": userIDs.insert(value)
            case "urgencies[]":
                guard PagerDutyVocabulary.urgencies.contains(value) else {
                    throw Invalid(reason: "Urgencies must be a list of high or low; '\(value)' is not one")
                }
                urgencies.insert(value)
            case "statuses[]":
                guard PagerDutyVocabulary.statuses.contains(value) else {
                    throw Invalid(reason: "Statuses must be a list of triggered, acknowledged, or resolved; '\(value)' is not one")
                }
                statuses.insert(value)
            case "include[]":
                guard PagerDutyVocabulary.includes.contains(value) else {
                    throw Invalid(reason: "Include must be a list of \(PagerDutyVocabulary.includes.sorted().joined(separator: ", ")); '\(value)' is not one")
                }
            case "time_zone":
                guard let named = TimeZone(identifier: value) else { throw Invalid(reason: "Invalid time_zone '\(value)'") }
                zone = named
            case "since", "until":
                times[name] = value
            case "sort_by":
                let fields = value.split(separator: ",", omittingEmptySubsequences: false)
                guard fields.count <= 2 else { throw Invalid(reason: "sort_by takes at most two fields") }
                for field in fields {
                    let parts = field.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    guard PagerDutyVocabulary.sortFields.contains(parts[0]), parts.count <= 2,
                          parts.count == 1 || parts[1] == "asc" || parts[1] == "desc"
                    else { throw Invalid(reason: "Invalid sort_by '\(field)'") }
                    sort.append((parts[0], parts.count == 2 && parts[1] == "desc"))
                }
            default: break
            }
        }
        guard offset + limit <= 10_000 else {
            throw Invalid(code: 2002, message: "Offset must be less than 10001.", reason: "Offset + limit must not exceed 10000")
        }
        // "When set to all, the since and until parameters and defaults are ignored."
        if allTime {
            let read = IncidentWindow(since: nil, until: nil, sinceGiven: false, untilGiven: false)
            window = read
            record(read)
        } else {
            var parsed: [String: Int] = [:]
            for (name, text) in times {
                guard let seconds = FakeTime.parse(text, zone: zone) else {
                    throw Invalid(code: 2004, message: "Invalid time values in 'since' and/or 'until' parameters", reason: "\(name) is not an ISO 8601 time")
                }
                parsed[name] = seconds
            }
            // A missing end is one month from the given one; neither given: the month before now.
            let until = parsed["until"] ?? parsed["since"].map { FakeTime.adding(months: Self.defaultMonths, to: $0) } ?? now
            let since = parsed["since"] ?? FakeTime.adding(months: -Self.defaultMonths, to: until)
            let read = IncidentWindow(since: since, until: until, sinceGiven: parsed["since"] != nil, untilGiven: parsed["until"] != nil)
            window = read
            record(read)
            guard since < until else { throw Invalid.range("since must be before until") }
            guard until <= FakeTime.adding(months: Self.maximumMonths, to: since) else {
                throw Invalid.range("The range between since and until may be at most \(Self.maximumMonths) months")
            }
        }
        // The default window moves with the clock, so the key holds the window as read.
        keyParts.append("window=\(window?.since ?? -1)..\(window?.until ?? -1)")
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
            if let since = window?.since, incident.createdAt < since { continue }
            if let until = window?.until, incident.createdAt >= until { continue }
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
