import Foundation

/// `GET /schedules`, `GET /schedules/{id}` and the overrides (`GET`/`POST
/// /schedules/{id}/overrides`, `DELETE /schedules/{id}/overrides/{override_id}`), as the OpenAPI
/// document defines them.
extension RESTDirectory {
    /// The since/until window of a schedule request: since defaults to two weeks before until,
    /// until to two weeks after since; neither: no window (nothing rendered).
    private static func window(_ query: DirectoryQuery, zone: TimeZone) throws -> (since: Int, until: Int)? {
        let twoWeeks = 14 * 86_400
        let since = try query.time("since", zone: zone)
        let until = try query.time("until", zone: zone)
        switch (since, until) {
        case (nil, nil): return nil
        case (let since?, nil): return (since, since + twoWeeks)
        case (nil, let until?): return (until - twoWeeks, until)
        case (let since?, let until?):
            guard until >= since else { throw Refusal.invalid("until must not be before since") }
            return (since, until)
        }
    }

    func listSchedules(_ items: [(String, String)], now: Int) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["limit", "offset", "total", "query", "include[]", "time_zone",
                                                        "include_next_oncall_for_user", "since", "until", "team_ids[]"],
                                       includes: ["schedule_layers", "overrides_subschedule", "final_schedule"])
        let zone = try query.zone()
        let window = try Self.window(query, zone: zone)
        let world = world.withLock { $0 }
        let teams = query.array("team_ids").map(Set.init)
        let found = world.schedules.filter { schedule in
            query.matches(schedule.name) && (teams.map { !$0.isDisjoint(with: schedule.teamIDs) } ?? true)
        }
        let includes = Set(query.array("include") ?? [])
        let objects = found.map { schedule -> [String: Any] in
            let shown = query["time_zone"] == nil ? (DirectoryQuery.zone(named: schedule.timeZone) ?? zone) : zone
            var object = scheduleObject(schedule, world, window: window, overflow: false, zone: shown, detail: false, includes: includes)
            if let user = query["include_next_oncall_for_user"] {
                let next = schedule.final(since: now, until: now + 90 * 86_400, overrides: world.overrides).first { $0.userID == user }
                object["next_oncall_for_user"] = next.map { span -> [String: Any] in
                    ["user": userReference(user), "start": FakeTime.format(span.start, in: shown), "end": FakeTime.format(span.end, in: shown)]
                } ?? NSNull()
            }
            return object
        }
        return Self.json(200, query.page("schedules", objects))
    }

    func showSchedule(_ id: String, _ items: [(String, String)]) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["time_zone", "since", "until", "overflow", "include_next_oncall_for_user"],
                                       booleans: ["overflow"])
        let world = world.withLock { $0 }
        guard let schedule = world.schedules.first(where: { $0.id == id }) else { throw Refusal.notFound("Schedule \(id)") }
        let zone = try query.zone(default: schedule.timeZone)
        let window = try Self.window(query, zone: zone)
        let object = scheduleObject(schedule, world, window: window, overflow: query.flag("overflow"), zone: zone, detail: true)
        return Self.json(200, ["schedule": object])
    }

    private func overrideObject(_ override: Override, _ since: Int?, _ until: Int?, zone: TimeZone) -> [String: Any] {
        let start = since.map { max($0, override.start) } ?? override.start
        let end = until.map { min($0, override.end) } ?? override.end
        var object = Self.reference("override", override.id, "Override for \(userName(override.userID))", path: "schedules/\(override.scheduleID)/overrides")
        object["start"] = FakeTime.format(start, in: zone)
        object["end"] = FakeTime.format(end, in: zone)
        object["user"] = userReference(override.userID)
        return object
    }

    func listOverrides(_ id: String, _ items: [(String, String)], now: Int) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["since", "until", "editable", "overflow"], booleans: ["editable", "overflow"])
        let world = world.withLock { $0 }
        guard let schedule = world.schedules.first(where: { $0.id == id }) else { throw Refusal.notFound("Schedule \(id)") }
        let zone = DirectoryQuery.zone(named: schedule.timeZone) ?? TimeZone(identifier: "UTC")!
        guard let since = try query.time("since", zone: zone) else { throw Refusal.invalid("since is required") }
        guard let until = try query.time("until", zone: zone) else { throw Refusal.invalid("until is required") }
        guard until >= since else { throw Refusal.invalid("until must not be before since") }
        let overflow = query.flag("overflow")
        var found = world.overrides.filter { $0.scheduleID == id && $0.start < until && $0.end > since }.sorted { $0.start < $1.start }
        if query.flag("editable") {
            // "Only future overrides are editable", and only their ids are returned.
            found = found.filter { $0.start > now }
            return Self.json(200, ["overrides": found.map { ["id": $0.id] }])
        }
        let objects = found.map { overrideObject($0, overflow ? nil : since, overflow ? nil : until, zone: zone) }
        // The OpenAPI document lists 201 for this GET (a copy of the POST's); PagerDuty answers 200.
        return Self.json(200, ["overrides": objects])
    }

    /// `POST /schedules/{id}/overrides`: `{"overrides":[...]}` answers 201 with one result per
    /// item (201 created, or 400 with `errors`); the deprecated `{"override":{...}}` answers 201
    /// `{"override":{...}}`, or 400 when the override is invalid.
    func createOverrides(_ id: String, _ body: [String: Any]) throws -> FakeResponse {
        let single = body["override"]
        let list = body["overrides"]
        guard (single == nil) != (list == nil) else { throw Refusal.invalid("Give overrides (an array) or override (an object)") }
        guard let schedule = schedules.first(where: { $0.id == id }) else { throw Refusal.notFound("Schedule \(id)") }
        let zone = DirectoryQuery.zone(named: schedule.timeZone) ?? TimeZone(identifier: "UTC")!
        if let single {
            guard let item = single as? [String: Any] else { throw Refusal.invalid("override must be an object") }
            switch create(item, on: id, zone: zone) {
            case .success(let override): return Self.json(201, ["override": overrideObject(override, nil, nil, zone: zone)])
            case .failure(let problem): throw Refusal.invalid(problem.reason)
            }
        }
        guard let items = list as? [Any], !items.isEmpty else { throw Refusal.invalid("overrides must be a non-empty array") }
        let results = items.map { element -> [String: Any] in
            guard let item = element as? [String: Any] else {
                return ["status": 400, "errors": ["Override must be an object"], "override": [String: Any]()]
            }
            switch create(item, on: id, zone: zone) {
            case .success(let override): return ["status": 201, "override": overrideObject(override, nil, nil, zone: zone)]
            case .failure(let problem):
                var echo: [String: Any] = [:]
                for key in ["start", "end", "user", "time_zone"] { echo[key] = item[key] }
                return ["status": 400, "errors": [problem.reason], "override": echo]
            }
        }
        return Self.json(201, results)
    }

    private struct Problem: Error { var reason: String }

    private func create(_ item: [String: Any], on schedule: String, zone scheduleZone: TimeZone) -> Result<Override, Problem> {
        var zone = scheduleZone
        if let name = item["time_zone"] {
            guard let name = name as? String, let named = DirectoryQuery.zone(named: name) else { return .failure(Problem(reason: "time_zone is not a known time zone")) }
            zone = named
        }
        guard let startText = item["start"] as? String, let start = FakeTime.parse(startText, zone: zone) else {
            return .failure(Problem(reason: "Override start must be an ISO 8601 time"))
        }
        guard let endText = item["end"] as? String, let end = FakeTime.parse(endText, zone: zone) else {
            return .failure(Problem(reason: "Override end must be an ISO 8601 time"))
        }
        guard let user = item["user"] as? [String: Any], let userID = user["id"] as? String else {
            return .failure(Problem(reason: "Override must have a user with an id"))
        }
        guard user["type"] as? String == "user_reference" else { return .failure(Problem(reason: "Override user type must be user_reference")) }
        guard account.user(userID) != nil else { return .failure(Problem(reason: "User \(userID) not found")) }
        guard end > start else { return .failure(Problem(reason: "Override must end after its start")) }
        return .success(world.withLock { world in
            let override = Override(id: String(format: "PORD%03d", world.nextOverride), scheduleID: schedule, start: start, end: end, userID: userID)
            world.nextOverride += 1
            world.overrides.append(override)
            return override
        })
    }

    /// Future: deleted (204); ongoing: cut short at now (200); past: refused (400, not a contract
    /// breach: the client could not know); unknown: 404.
    func deleteOverride(_ scheduleID: String, _ overrideID: String, now: Int) throws -> FakeResponse {
        try world.withLock { world in
            guard world.schedules.contains(where: { $0.id == scheduleID }) else { throw Refusal.notFound("Schedule \(scheduleID)") }
            guard let index = world.overrides.firstIndex(where: { $0.id == overrideID && $0.scheduleID == scheduleID }) else {
                throw Refusal.notFound("Override \(overrideID)")
            }
            let override = world.overrides[index]
            if override.start > now {
                world.overrides.remove(at: index)
                return FakeResponse(status: 204)
            }
            if override.end > now {
                world.overrides[index].end = now
                return FakeResponse(status: 200)
            }
            var response = Self.error(400, code: 2001, "Invalid Input Provided", errors: ["You cannot remove a past override"])
            response.refusal = false
            throw Refusal.other(response)
        }
    }
}
