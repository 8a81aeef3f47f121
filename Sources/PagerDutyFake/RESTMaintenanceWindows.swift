import Foundation

/// `GET /maintenance_windows[/{id}]`, `POST /maintenance_windows` (From required, start before
/// end, at least one existing service) and `DELETE /maintenance_windows/{id}` (a future window is
/// deleted, an ongoing one ends now, an ended one is 405), as the OpenAPI document defines them.
extension RESTDirectory {
    static let windowIncludes: Set<String> = ["teams", "services", "users"]

    private func windowObject(_ window: MaintenanceWindow, _ world: World, _ query: DirectoryQuery) -> [String: Any] {
        var object = Self.reference("maintenance_window", window.id, window.description, path: "maintenance_windows")
        object["sequence_number"] = window.sequenceNumber
        object["start_time"] = FakeTime.format(window.start)
        object["end_time"] = FakeTime.format(window.end)
        object["description"] = window.description
        object["created_by"] = window.createdBy.map { query.includes("users") ? userObject($0) : userReference($0) } ?? NSNull()
        object["services"] = window.serviceIDs.map { Self.serviceReference($0, world) }
        var teams: [String] = []
        for id in window.serviceIDs {
            for team in world.services.first(where: { $0.id == id })?.teamIDs ?? [] where !teams.contains(team) { teams.append(team) }
        }
        object["teams"] = Self.teamReferences(teams, world)
        return object
    }

    private static func teams(of window: MaintenanceWindow, _ world: World) -> Set<String> {
        Set(window.serviceIDs.flatMap { id in world.services.first { $0.id == id }?.teamIDs ?? [] })
    }

    func listWindows(_ items: [(String, String)], now: Int) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["query", "limit", "offset", "total", "team_ids[]", "service_ids[]", "include[]", "filter"],
                                       includes: Self.windowIncludes, enums: ["filter": ["past", "future", "ongoing", "open", "all"]])
        let world = world.withLock { $0 }
        let services = query.array("service_ids").map(Set.init)
        let teams = query.array("team_ids").map(Set.init)
        let found = world.windows.filter { window in
            let state: Bool
            switch query["filter"] ?? "all" {
            case "past": state = window.end <= now
            case "future": state = window.start > now
            case "ongoing": state = window.start <= now && window.end > now
            case "open": state = window.end > now
            default: state = true
            }
            return state && query.matches(window.description)
                && (services.map { !$0.isDisjoint(with: window.serviceIDs) } ?? true)
                && (teams.map { !$0.isDisjoint(with: Self.teams(of: window, world)) } ?? true)
        }
        return Self.json(200, query.page("maintenance_windows", found.map { windowObject($0, world, query) }))
    }

    func showWindow(_ id: String, _ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["include[]"], includes: Self.windowIncludes)
        let world = world.withLock { $0 }
        guard let window = world.windows.first(where: { $0.id == id }) else { throw Refusal.notFound("Maintenance window \(id)") }
        return Self.json(200, ["maintenance_window": windowObject(window, world, query)])
    }

    func createWindow(_ body: [String: Any], from: String, now: Int) throws -> FakeResponse {
        guard let fields = body["maintenance_window"] as? [String: Any] else { throw Refusal.invalid("maintenance_window must be an object") }
        guard fields["type"] as? String == "maintenance_window" else { throw Refusal.invalid("maintenance_window.type must be maintenance_window") }
        guard let startText = fields["start_time"] as? String, let start = FakeTime.parse(startText) else {
            throw Refusal.invalid("start_time must be an ISO 8601 time")
        }
        guard let endText = fields["end_time"] as? String, let end = FakeTime.parse(endText) else {
            throw Refusal.invalid("end_time must be an ISO 8601 time")
        }
        guard start < end else { throw Refusal.invalid("end_time must be after start_time") }
        if let description = fields["description"], !(description is String) { throw Refusal.invalid("description must be a string") }
        guard let services = fields["services"] as? [Any], !services.isEmpty else {
            throw Refusal.invalid("A maintenance window must cover at least one service")
        }
        var ids: [String] = []
        for service in services {
            guard let service = service as? [String: Any], let id = service["id"] as? String,
                  service["type"] as? String == "service_reference" else {
                throw Refusal.invalid("every service needs an id and type service_reference")
            }
            guard self.service(id) != nil else { throw Refusal.invalid("Service \(id) not found") }
            if !ids.contains(id) { ids.append(id) }
        }
        let creator = account.users.first { $0.email.caseInsensitiveCompare(from) == .orderedSame }?.id
        let (window, world) = self.world.withLock { world -> (MaintenanceWindow, World) in
            let window = MaintenanceWindow(id: String(format: "PMW%04d", world.nextWindow), sequenceNumber: world.nextWindow, start: start, end: end,
                                           description: fields["description"] as? String ?? "", serviceIDs: ids, createdBy: creator)
            world.nextWindow += 1
            world.windows.append(window)
            return (window, world)
        }
        return Self.json(201, ["maintenance_window": windowObject(window, world, DirectoryQuery.none)])
    }

    func deleteWindow(_ id: String, now: Int) throws -> FakeResponse {
        try world.withLock { world in
            guard let index = world.windows.firstIndex(where: { $0.id == id }) else { throw Refusal.notFound("Maintenance window \(id)") }
            let window = world.windows[index]
            if window.start > now {
                world.windows.remove(at: index)
            } else if window.end > now {
                world.windows[index].end = now
            } else {
                var response = Self.error(405, code: 2100, "Method Not Allowed", errors: ["The maintenance window has already ended and cannot be deleted"])
                response.refusal = false
                throw Refusal.other(response)
            }
            return FakeResponse(status: 204)
        }
    }
}
