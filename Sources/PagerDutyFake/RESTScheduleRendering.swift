import Foundation

/// Who is on call on a schedule when: the rotation's turns, the overrides, and the final schedule
/// (overrides replacing the rotation's user for their span, later overrides winning).
struct OnCallSpan: Equatable {
    var start: Int
    var end: Int
    var userID: String
    /// `turn:K` for rotation turn K, `override:ID` for an override.
    var source: String
}

extension RESTDirectory.Schedule {
    /// The index of the turn that holds `time`.
    func turn(at time: Int) -> Int {
        let offset = time - virtualStart
        return offset >= 0 ? offset / turnLength : -((-offset + turnLength - 1) / turnLength)
    }

    func turnSpan(_ turn: Int) -> OnCallSpan? {
        guard !userIDs.isEmpty, turnLength > 0 else { return nil }
        let count = userIDs.count
        let index = ((turn % count) + count) % count
        let start = virtualStart + turn * turnLength
        return OnCallSpan(start: start, end: start + turnLength, userID: userIDs[index], source: "turn:\(turn)")
    }

    /// The rotation's whole turns that overlap [`since`, `until`).
    func rotation(since: Int, until: Int) -> [OnCallSpan] {
        guard turnLength > 0, !userIDs.isEmpty, until > since else { return [] }
        return (turn(at: since)...turn(at: until - 1)).compactMap(turnSpan)
    }

    /// The final schedule's whole entries overlapping [`since`, `until`): rotation turns and
    /// overrides (in creation order, later ones on top), each piece as long as it really is.
    func final(since: Int, until: Int, overrides: [RESTDirectory.Override]) -> [OnCallSpan] {
        guard until > since else { return [] }
        let mine = overrides.filter { $0.scheduleID == id && $0.end > $0.start }
        // Widen the range to the whole pieces at both ends, so that every boundary is a real one.
        var low = since, high = until
        if let first = turnSpan(turn(at: since)) { low = min(low, first.start) }
        if let last = turnSpan(turn(at: until - 1)) { high = max(high, last.end) }
        for override in mine {
            if override.start <= since && override.end > since { low = min(low, override.start) }
            if override.start < until && override.end >= until { high = max(high, override.end) }
        }
        var points = Set([low, high])
        if turnLength > 0, !userIDs.isEmpty {
            for turn in turn(at: low)...turn(at: high) {
                let start = virtualStart + turn * turnLength
                if start > low && start < high { points.insert(start) }
            }
        }
        for override in mine {
            for point in [override.start, override.end] where point > low && point < high { points.insert(point) }
        }
        let sorted = points.sorted()
        var pieces: [OnCallSpan] = []
        for (start, end) in zip(sorted, sorted.dropFirst()) {
            let piece: OnCallSpan?
            if let override = mine.last(where: { $0.start <= start && $0.end >= end }) {
                piece = OnCallSpan(start: start, end: end, userID: override.userID, source: "override:\(override.id)")
            } else if let span = turnSpan(turn(at: start)) {
                piece = OnCallSpan(start: start, end: end, userID: span.userID, source: span.source)
            } else {
                piece = nil
            }
            guard let piece else { continue }
            if let last = pieces.last, last.source == piece.source, last.end == piece.start {
                pieces[pieces.count - 1].end = piece.end
            } else {
                pieces.append(piece)
            }
        }
        return pieces.filter { $0.start < until && $0.end > since }
    }
}

extension RESTDirectory {
    /// Entries as `rendered_schedule_entries` writes them, cut at the bounds unless `overflow`.
    func entries(_ spans: [OnCallSpan], since: Int, until: Int, overflow: Bool, zone: TimeZone) -> [[String: Any]] {
        spans.map { span in
            let start = overflow ? span.start : max(span.start, since)
            let end = overflow ? span.end : min(span.end, until)
            return ["start": FakeTime.format(start, in: zone), "end": FakeTime.format(end, in: zone), "user": userReference(span.userID)]
        }
    }

    /// The share of [`since`, `until`) the spans cover, in percent (nil for an empty range).
    static func coverage(_ spans: [OnCallSpan], since: Int, until: Int) -> Any {
        guard until > since else { return NSNull() }
        let covered = spans.reduce(0) { $0 + max(0, min($1.end, until) - max($1.start, since)) }
        return Double(covered) * 100 / Double(until - since)
    }

    /// The schedule object, with its layer, overrides and final schedule rendered over the window when one is given.
    func scheduleObject(_ schedule: Schedule, _ world: World, window: (since: Int, until: Int)?, overflow: Bool, zone: TimeZone,
                        detail: Bool, includes: Set<String> = []) -> [String: Any] {
        var object = Self.reference("schedule", schedule.id, schedule.name, path: "schedules")
        object["name"] = schedule.name
        object["description"] = schedule.description
        object["time_zone"] = zone.identifier == schedule.timeZone ? schedule.timeZone : zone.identifier
        object["users"] = Array(Set(schedule.userIDs)).sorted().map(userReference)
        object["teams"] = Self.teamReferences(schedule.teamIDs, world)
        object["escalation_policies"] = world.policies.filter { policy in
            policy.rules.flatMap(\.targets).contains(.schedule(schedule.id))
        }.map { Self.policyReference($0.id, world) }
        let since = window?.since ?? 0, until = window?.until ?? 0
        let overrides = world.overrides.filter { $0.scheduleID == schedule.id }
        if detail || includes.contains("schedule_layers") {
            let rotation = schedule.rotation(since: since, until: until)
            object["schedule_layers"] = [[
                "id": "L" + schedule.id, "name": "Layer 1",
                "start": FakeTime.format(schedule.virtualStart, in: zone), "end": NSNull(),
                "rotation_virtual_start": FakeTime.format(schedule.virtualStart, in: zone),
                "rotation_turn_length_seconds": schedule.turnLength,
                "users": schedule.userIDs.map { ["user": userReference($0)] },
                "restrictions": [[String: Any]](),
                "rendered_schedule_entries": entries(rotation, since: since, until: until, overflow: overflow, zone: zone),
                "rendered_coverage_percentage": Self.coverage(rotation, since: since, until: until),
            ] as [String: Any]]
        }
        if detail || includes.contains("overrides_subschedule") {
            let spans = overrides.filter { $0.start < until && $0.end > since }.sorted { $0.start < $1.start }
                .map { OnCallSpan(start: $0.start, end: $0.end, userID: $0.userID, source: "override:\($0.id)") }
            object["overrides_subschedule"] = [
                "name": "Overrides",
                "rendered_schedule_entries": entries(spans, since: since, until: until, overflow: overflow, zone: zone),
                "rendered_coverage_percentage": Self.coverage(spans, since: since, until: until),
            ] as [String: Any]
        }
        if detail || includes.contains("final_schedule") {
            let final = schedule.final(since: since, until: until, overrides: overrides)
            object["final_schedule"] = [
                "name": "Final Schedule",
                "rendered_schedule_entries": entries(final, since: since, until: until, overflow: overflow, zone: zone),
                "rendered_coverage_percentage": Self.coverage(final, since: since, until: until),
            ] as [String: Any]
        }
        return object
    }
}
