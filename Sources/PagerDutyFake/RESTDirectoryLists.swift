import Foundation

/// `GET /teams`, `/priorities`, `/services[/{id}]` and `/escalation_policies[/{id}]`, shaped as the
/// OpenAPI document's `Team`, `Priority`, `Service` and `EscalationPolicy`.
extension RESTDirectory {
    func listTeams(_ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["query", "limit", "offset", "total"])
        let world = world.withLock { $0 }
        return Self.json(200, query.page("teams", world.teams.filter { query.matches($0.name) }.map(Self.teamObject)))
    }

    /// `GET /teams/{id}` (OpenAPI: no query parameters but `include[]`, none of which the fake renders).
    func showTeam(_ id: String, _ items: [(String, String)]) throws -> FakeResponse {
        _ = try DirectoryQuery(items, allowed: ["include[]"], includes: ["privileges"])
        guard let team = world.withLock({ $0.teams.first { $0.id == id } }) else { throw Refusal.notFound("Team \(id)") }
        return Self.json(200, ["team": Self.teamObject(team)])
    }

    private static func teamObject(_ team: Team) -> [String: Any] {
        var object = reference("team", team.id, team.name, path: "teams")
        object["name"] = team.name
        object["description"] = team.description
        object["default_role"] = "manager"
        return object
    }

    func listPriorities(_ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["limit", "offset", "total"])
        let found = priorities.map { priority -> [String: Any] in
            var object = Self.reference("priority", priority.id, priority.name, path: "priorities")
            object["name"] = priority.name
            object["description"] = priority.description
            return object
        }
        return Self.json(200, query.page("priorities", found))
    }

    static let serviceIncludes: Set<String> = ["escalation_policies", "teams", "integrations", "auto_pause_notifications_parameters"]
    static let sortByName: Set<String> = ["name", "name:asc", "name:desc"]

    func listServices(_ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["query", "limit", "offset", "total", "team_ids[]", "time_zone", "sort_by", "include[]", "name"],
                                       includes: Self.serviceIncludes, enums: ["sort_by": Self.sortByName])
        _ = try query.zone()
        let world = world.withLock { $0 }
        let teams = query.array("team_ids").map(Set.init)
        var found = world.services.filter { service in
            query.matches(service.name) && (query["name"].map { $0 == service.name } ?? true)
                && (teams.map { !$0.isDisjoint(with: service.teamIDs) } ?? true)
        }
        if let sort = query["sort_by"] {
            found.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
            if sort == "name:desc" { found.reverse() }
        }
        return Self.json(200, query.page("services", found.map { serviceObject($0, world, query) }))
    }

    func showService(_ id: String, _ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["include[]"], includes: Self.serviceIncludes)
        let world = world.withLock { $0 }
        guard let service = world.services.first(where: { $0.id == id }) else { throw Refusal.notFound("Service \(id)") }
        return Self.json(200, ["service": serviceObject(service, world, query)])
    }

    private func serviceObject(_ service: Service, _ world: World, _ query: DirectoryQuery) -> [String: Any] {
        var object = Self.reference("service", service.id, service.name, path: "service_directory")
        object["name"] = service.name
        object["description"] = service.description
        object["status"] = service.status
        object["created_at"] = FakeTime.format(IncidentGenerator.start - 86_400 * 30)
        object["auto_resolve_timeout"] = 14_400
        object["acknowledgement_timeout"] = 1800
        object["alert_creation"] = "create_alerts_and_incidents"
        object["last_incident_timestamp"] = NSNull()
        object["integrations"] = [[String: Any]]()
        object["incident_urgency_rule"] = ["type": "constant", "urgency": "high"]
        if query.includes("escalation_policies"), let policy = world.policies.first(where: { $0.id == service.escalationPolicyID }) {
            object["escalation_policy"] = policyObject(policy, world, DirectoryQuery.none)
        } else {
            object["escalation_policy"] = Self.policyReference(service.escalationPolicyID, world)
        }
        if query.includes("teams") {
            object["teams"] = service.teamIDs.compactMap { id in world.teams.first { $0.id == id } }.map { team -> [String: Any] in
                var object = Self.reference("team", team.id, team.name, path: "teams")
                object["name"] = team.name
                object["description"] = team.description
                return object
            }
        } else {
            object["teams"] = Self.teamReferences(service.teamIDs, world)
        }
        return object
    }

    static let policyIncludes: Set<String> = ["services", "teams", "targets", "escalation_rule_assignment_strategies"]

    func listPolicies(_ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["query", "limit", "offset", "total", "user_ids[]", "team_ids[]", "include[]", "sort_by"],
                                       includes: Self.policyIncludes, enums: ["sort_by": Self.sortByName])
        let world = world.withLock { $0 }
        let teams = query.array("team_ids").map(Set.init)
        let users = query.array("user_ids").map(Set.init)
        var found = world.policies.filter { policy in
            query.matches(policy.name) && (teams.map { !$0.isDisjoint(with: policy.teamIDs) } ?? true)
                && (users.map { !$0.isDisjoint(with: Self.users(of: policy, world)) } ?? true)
        }
        if let sort = query["sort_by"] {
            found.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
            if sort == "name:desc" { found.reverse() }
        }
        return Self.json(200, query.page("escalation_policies", found.map { policyObject($0, world, query) }))
    }

    func showPolicy(_ id: String, _ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["include[]"], includes: Self.policyIncludes)
        let world = world.withLock { $0 }
        guard let policy = world.policies.first(where: { $0.id == id }) else { throw Refusal.notFound("Escalation policy \(id)") }
        return Self.json(200, ["escalation_policy": policyObject(policy, world, query)])
    }

    /// Every user a policy can notify: its direct targets and its schedules' rotations.
    static func users(of policy: EscalationPolicy, _ world: World) -> Set<String> {
        var users = Set<String>()
        for target in policy.rules.flatMap(\.targets) {
            switch target {
            case .user(let id): users.insert(id)
            case .schedule(let id): users.formUnion(world.schedules.first { $0.id == id }?.userIDs ?? [])
            }
        }
        return users
    }

    func policyObject(_ policy: EscalationPolicy, _ world: World, _ query: DirectoryQuery) -> [String: Any] {
        var object = Self.reference("escalation_policy", policy.id, policy.name, path: "escalation_policies")
        object["name"] = policy.name
        object["description"] = policy.description
        object["num_loops"] = policy.numLoops
        object["on_call_handoff_notifications"] = "if_has_services"
        object["escalation_rules"] = policy.rules.enumerated().map { index, rule -> [String: Any] in
            var object: [String: Any] = [
                "id": "R\(policy.id)\(index + 1)",
                "escalation_delay_in_minutes": rule.delayInMinutes,
                "targets": rule.targets.map { target -> [String: Any] in
                    switch target {
                    case .schedule(let id): return Self.scheduleReference(id, world)
                    case .user(let id): return userReference(id)
                    }
                },
            ]
            if query.includes("escalation_rule_assignment_strategies") {
                object["escalation_rule_assignment_strategy"] = ["type": "assign_to_everyone"]
            }
            return object
        }
        object["services"] = world.services.filter { $0.escalationPolicyID == policy.id }.map { Self.serviceReference($0.id, world) }
        object["teams"] = Self.teamReferences(policy.teamIDs, world)
        return object
    }
}

extension DirectoryQuery {
    /// An empty query (nothing included).
    static var none: DirectoryQuery {
        // An empty query is always valid.
        (try? DirectoryQuery([], allowed: [])) ?? { preconditionFailure("an empty query is valid") }()
    }
}
