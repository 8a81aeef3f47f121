import Foundation

/// A directory listing's query, checked the way PagerDuty checks it: only the names the OpenAPI
/// document defines for the endpoint (arrays only exploded as `name[]`), `limit` 1…100 (default
/// 25), `offset` ≥ 0, booleans `true`/`false`, `include[]` values from the endpoint's enum.
struct DirectoryQuery {
    private(set) var scalars: [String: String] = [:]
    /// Array parameters by their name with `[]`.
    private(set) var arrays: [String: [String]] = [:]
    private(set) var limit = 25
    private(set) var offset = 0
    private(set) var total = false

    /// Checks `items` against `allowed` names (arrays spelled `name[]`); `includes` are the values
    /// `include[]` takes; `enums` the values other scalars take.
    init(_ items: [(String, String)], allowed: Set<String>, includes: Set<String> = [], enums: [String: Set<String>] = [:],
         booleans: Set<String> = []) throws {
        for (name, value) in items {
            guard allowed.contains(name) else {
                if allowed.contains(name + "[]") {
                    throw RESTDirectory.Refusal.invalid("\(name) is not a parameter of this endpoint; arrays are sent as \(name)[]")
                }
                throw RESTDirectory.Refusal.invalid("\(name) is not a parameter of this endpoint")
            }
            if name.hasSuffix("[]") {
                if name == "include[]", !includes.contains(value) {
                    throw RESTDirectory.Refusal.invalid("include[] must be one of \(includes.sorted().joined(separator: ", ")); '\(value)' given")
                }
                arrays[name, default: []].append(value)
                continue
            }
            switch name {
            case "limit":
                guard let number = Int(value), (1...100).contains(number) else { throw RESTDirectory.Refusal.invalid("limit must be between 1 and 100; '\(value)' given") }
                limit = number
            case "offset":
                guard let number = Int(value), number >= 0 else { throw RESTDirectory.Refusal.invalid("offset must be a non-negative integer; '\(value)' given") }
                offset = number
            case "total":
                guard let flag = Self.boolean(value) else { throw RESTDirectory.Refusal.invalid("total must be true or false; '\(value)' given") }
                total = flag
            default:
                if let values = enums[name], !values.contains(value) {
                    throw RESTDirectory.Refusal.invalid("\(name) must be one of \(values.sorted().joined(separator: ", ")); '\(value)' given")
                }
                if booleans.contains(name), Self.boolean(value) == nil {
                    throw RESTDirectory.Refusal.invalid("\(name) must be true or false; '\(value)' given")
                }
            }
            scalars[name] = value
        }
    }

    static func boolean(_ text: String) -> Bool? { text == "true" ? true : text == "false" ? false : nil }

    subscript(_ name: String) -> String? { scalars[name] }

    /// An array parameter's values, nil when not given.
    func array(_ name: String) -> [String]? { arrays[name + "[]"] }

    /// Whether a boolean parameter is `true`.
    func flag(_ name: String) -> Bool { scalars[name] == "true" }

    /// Whether `include[]` names `model`.
    func includes(_ model: String) -> Bool { arrays["include[]"]?.contains(model) == true }

    /// `query` matched case-insensitively as a substring of any of `fields` (true when no query).
    func matches(_ fields: String...) -> Bool {
        guard let query = scalars["query"], !query.isEmpty else { return true }
        return fields.contains { $0.range(of: query, options: [.caseInsensitive]) != nil }
    }

    /// The `time_zone` parameter, or `fallback`; an unknown IANA name is refused.
    func zone(default fallback: String = "Etc/UTC") throws -> TimeZone {
        let name = scalars["time_zone"] ?? fallback
        guard let zone = Self.zone(named: name) else { throw RESTDirectory.Refusal.invalid("time_zone '\(name)' is not a known time zone") }
        return zone
    }

    /// An IANA zone by name, nil when unknown.
    static func zone(named name: String) -> TimeZone? {
        guard !name.isEmpty, name.count < 64 else { return nil }
        return TimeZone(identifier: name)
    }

    /// A time parameter (ISO 8601, read in `zone` when it has no offset), nil when absent.
    func time(_ name: String, zone: TimeZone) throws -> Int? {
        guard let text = scalars[name] else { return nil }
        guard let seconds = FakeTime.parse(text, zone: zone) else { throw RESTDirectory.Refusal.invalid("\(name) '\(text)' is not an ISO 8601 time") }
        return seconds
    }

    /// One page of `items` with PagerDuty's classic pagination fields.
    func page(_ key: String, _ items: [Any]) -> [String: Any] {
        let slice = Array(items.dropFirst(offset).prefix(limit))
        return [key: slice, "limit": limit, "offset": offset, "more": offset + slice.count < items.count,
                "total": total ? items.count as Any : NSNull() as Any]
    }
}

/// References and objects as the directory's answers write them.
extension RESTDirectory {
    static let apiBase = "https://api.pagerduty.com"
    static let webBase = "https://acme.pagerduty.com"

    /// `{id, type, summary, self, html_url}`; `path` is the collection, e.g. `users`.
    static func reference(_ type: String, _ id: String, _ summary: String, path: String) -> [String: Any] {
        ["id": id, "type": type, "summary": summary, "self": "\(apiBase)/\(path)/\(id)", "html_url": "\(webBase)/\(path)/\(id)"]
    }

    func userName(_ id: String) -> String { account.user(id)?.name ?? id }

    func userReference(_ id: String) -> [String: Any] { Self.reference("user_reference", id, userName(id), path: "users") }

    /// The user as `include[]=users` expands it (with email), or its reference when unknown.
    func userObject(_ id: String) -> [String: Any] {
        guard let user = account.user(id) else { return userReference(id) }
        return account.userObject(user)
    }

    static func teamReferences(_ ids: [String], _ world: World) -> [[String: Any]] {
        ids.map { id in reference("team_reference", id, world.teams.first { $0.id == id }?.name ?? id, path: "teams") }
    }

    static func serviceReference(_ id: String, _ world: World) -> [String: Any] {
        reference("service_reference", id, world.services.first { $0.id == id }?.name ?? id, path: "service_directory")
    }

    static func policyReference(_ id: String, _ world: World) -> [String: Any] {
        reference("escalation_policy_reference", id, world.policies.first { $0.id == id }?.name ?? id, path: "escalation_policies")
    }

    static func scheduleReference(_ id: String, _ world: World) -> [String: Any] {
        reference("schedule_reference", id, world.schedules.first { $0.id == id }?.name ?? id, path: "schedules")
    }

    static func priorityReference(_ priority: Priority) -> [String: Any] {
        reference("priority_reference", priority.id, priority.name, path: "priorities")
    }

    /// The priority with this id, or nil.
    public func priority(_ id: String) -> Priority? { world.withLock { $0.priorities.first { $0.id == id } } }
    /// The service with this id, or nil.
    public func service(_ id: String) -> Service? { world.withLock { $0.services.first { $0.id == id } } }
    /// The escalation policy with this id, or nil.
    public func escalationPolicy(_ id: String) -> EscalationPolicy? { world.withLock { $0.policies.first { $0.id == id } } }
}
