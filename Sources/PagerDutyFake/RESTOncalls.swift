import Foundation

/// `GET /oncalls`: every (escalation policy, level, user) on-call span that overlaps [since,
/// until] (both default to now); schedule targets give the final schedule's spans (overrides
/// included) with their whole start and end, direct user targets give null start, end and
/// schedule. Ordered by policy, level, start; `earliest=true` keeps the first span of each
/// (policy, level, user).
extension RESTDirectory {
    private struct OnCall {
        var policyID: String
        var level: Int
        var userID: String
        var scheduleID: String?
        var start: Int?
        var end: Int?
    }

    func listOncalls(_ items: [(String, String)], now: Int) throws -> FakeResponse {
        let query = try DirectoryQuery(items, allowed: ["time_zone", "limit", "offset", "total", "include[]", "user_ids[]",
                                                        "escalation_policy_ids[]", "schedule_ids[]", "since", "until", "earliest"],
                                       includes: ["escalation_policies", "users", "schedules"], booleans: ["earliest"])
        let zone = try query.zone()
        let since = try query.time("since", zone: zone) ?? now
        let until = try query.time("until", zone: zone) ?? now
        guard until >= since else { throw Refusal.invalid("until must not be before since") }
        guard until <= now + 90 * 86_400 else { throw Refusal.invalid("until must be no more than 90 days in the future") }
        let world = world.withLock { $0 }
        let users = query.array("user_ids").map(Set.init)
        let policies = query.array("escalation_policy_ids").map(Set.init)
        let schedules = query.array("schedule_ids").map(Set.init)
        var found: [OnCall] = []
        for policy in world.policies.sorted(by: { $0.id < $1.id }) where policies?.contains(policy.id) ?? true {
            for (index, rule) in policy.rules.enumerated() {
                var level: [OnCall] = []
                for target in rule.targets {
                    switch target {
                    case .user(let id):
                        // "If null is provided in the array, it includes permanent on-calls due to direct user escalation targets."
                        guard schedules?.contains("null") ?? true else { continue }
                        level.append(OnCall(policyID: policy.id, level: index + 1, userID: id))
                    case .schedule(let id):
                        guard schedules?.contains(id) ?? true, let schedule = world.schedules.first(where: { $0.id == id }) else { continue }
                        // An instant (since == until) still finds the span that holds it.
                        let spans = schedule.final(since: since, until: max(until, since + 1), overrides: world.overrides)
                        level += spans.map { OnCall(policyID: policy.id, level: index + 1, userID: $0.userID, scheduleID: id, start: $0.start, end: $0.end) }
                    }
                }
                level = level.filter { users?.contains($0.userID) ?? true }
                level.sort { ($0.start ?? .min, $0.userID) < ($1.start ?? .min, $1.userID) }
                if query.flag("earliest") {
                    var seen = Set<String>()
                    level = level.filter { seen.insert($0.userID).inserted }
                }
                found += level
            }
        }
        let objects = found.map { oncall -> [String: Any] in
            var object: [String: Any] = [
                "escalation_level": oncall.level,
                "start": oncall.start.map { FakeTime.format($0, in: zone) as Any } ?? NSNull(),
                "end": oncall.end.map { FakeTime.format($0, in: zone) as Any } ?? NSNull(),
            ]
            object["user"] = query.includes("users") ? userObject(oncall.userID) : userReference(oncall.userID)
            if query.includes("escalation_policies"), let policy = world.policies.first(where: { $0.id == oncall.policyID }) {
                object["escalation_policy"] = policyObject(policy, world, DirectoryQuery.none)
            } else {
                object["escalation_policy"] = Self.policyReference(oncall.policyID, world)
            }
            if let id = oncall.scheduleID {
                if query.includes("schedules"), let schedule = world.schedules.first(where: { $0.id == id }) {
                    object["schedule"] = scheduleObject(schedule, world, window: nil, overflow: false, zone: zone, detail: false)
                } else {
                    object["schedule"] = Self.scheduleReference(id, world)
                }
            } else {
                object["schedule"] = NSNull()
            }
            return object
        }
        return Self.json(200, query.page("oncalls", objects))
    }
}
