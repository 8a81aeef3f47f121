import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth oncall`: who is on call now (or at a time), by escalation policy and level; with
/// `--next`, when a user's next shifts begin.
struct OncallCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall",
        abstract: "Show who is on call, by escalation policy and level, or when your next shift is.",
        discussion: """
            Without options: everyone on call now. --me or --user narrow it to one person's shifts, --schedule and \
            --escalation-policy to those (names or ids, repeatable). --at looks at another time (up to 90 days ahead, \
            PagerDuty's limit). --next lists the next shift of --me or --user on each policy and level, and how long \
            until it starts. Tables show times in --time-zone (default: $TZ, else the system's); json, ndjson, csv and \
            tsv give ISO 8601 times in UTC.
            """,
        aliases: ["on-call"])

    @OptionGroup var global: GlobalOptions

    @OptionGroup var access: PagerDutyAccessOptions

    @Flag(name: .long, help: "Only the shifts of the token's own user.")
    var me = false

    @Option(name: .long, help: ArgumentHelp("Only the shifts of this user (id, name or email).", valueName: "user"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Only this schedule (id or name); repeatable.", valueName: "schedule"), completion: Completion.names(.schedule))
    var schedule: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only this escalation policy (id or name); repeatable.", valueName: "policy"), completion: Completion.names(.escalationPolicy))
    var escalationPolicy: [String] = []

    @Option(name: .long, help: ArgumentHelp("Who is on call at this time instead of now: 2026-12-24 18:00, +3h, ISO 8601.", valueName: "time"))
    var at: String?

    @Flag(name: .long, help: "The next shift on each policy and level of --me or --user, and how long until it.")
    var next = false

    @OptionGroup var timeZone: TimeZoneOption

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    func validate() throws {
        if me, user != nil { throw ValidationError("--me and --user both name whose shifts; give only one of them") }
        if next, !me, user == nil { throw ValidationError("--next needs whose shifts: --me or --user") }
        if next, at != nil { throw ValidationError("--next looks ahead from now; do not combine it with --at") }
        if let user, user.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--user must not be empty") }
        if schedule.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { throw ValidationError("--schedule must not be empty") }
        if escalationPolicy.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--escalation-policy must not be empty")
        }
    }

    func execute(_ context: CommandContext) async throws {
        let now = Date()
        let zone = try timeZone.zone(context)
        var query = OnCallQuery()
        if let at {
            let when = try MomentOption.date(at, flag: "--at", zone: zone, now: now)
            guard when <= now.addingTimeInterval(onCallHorizon) else {
                throw UsageError("--at: PagerDuty shows on-call shifts at most 90 days ahead")
            }
            (query.since, query.until) = (when, when)
        }
        let client = try await access.client(context).client
        // Every name is resolved once, before the listing is asked.
        if me { query.userIDs = [try await client.currentUserID()] }
        if let user { query.userIDs = [try await client.resolve(.user, user).id] }
        query.scheduleIDs = try await client.resolve(.schedule, schedule).map(\.id)
        query.escalationPolicyIDs = try await client.resolve(.escalationPolicy, escalationPolicy).map(\.id)
        if next {
            query.since = now
            query.until = now.addingTimeInterval(onCallHorizon - 60)
            query.earliest = true
        }
        let shifts = try await client.onCalls(query)
        let listing = next ? Self.nextListing(shifts, zone: zone, now: now) : Self.listing(shifts, zone: zone, now: now)
        listing.write(output, context: context)
        if shifts.isEmpty, context.stderrIsTerminal {
            context.err(next ? "No shift in the next 90 days." : "Nobody matching is on call then.")
        }
    }

    /// The JSON keys (and csv/tsv columns) of a shift.
    static let keys = ["escalation_policy", "escalation_policy_id", "level", "user", "user_id", "email", "schedule", "schedule_id", "start", "end"]

    /// Shifts grouped by policy and level, the policy named once per group in a table.
    static func listing(_ shifts: [OnCallShift], zone: TimeZone, now: Date) -> Listing {
        var listing = Listing(columns: ["escalation_policy", "level", "user", "schedule", "end"], keyOrder: keys,
                              fixed: ["level"], flexible: "escalation_policy", droppable: ["schedule"])
        var previous: String?
        for shift in sorted(shifts) {
            let row: [String?] = [shift.policy.name, String(shift.level), shift.user.name, shift.schedule?.name, shift.end.map(TimeSpec.format)]
            let policy = shift.policy.id == previous ? "" : shift.policy.name
            previous = shift.policy.id
            let until = shift.end.map { WallClock.text($0, zone: zone, now: now) } ?? "always"
            listing.append(row: row, shown: [policy, String(shift.level), shift.user.name, shift.schedule?.name, until], object: object(shift))
        }
        return listing
    }

    /// The next shift per policy and level, soonest first, with the time until it starts.
    static func nextListing(_ shifts: [OnCallShift], zone: TimeZone, now: Date) -> Listing {
        var listing = Listing(columns: ["starts_in", "start", "end", "escalation_policy", "level", "schedule"], keyOrder: ["starts_in"] + keys,
                              fixed: ["starts_in", "start", "end", "level"], flexible: "escalation_policy", droppable: ["schedule"])
        let ordered = shifts.sorted { ($0.start ?? .distantPast, $0.policy.name, $0.level) < ($1.start ?? .distantPast, $1.policy.name, $1.level) }
        for shift in ordered {
            // Seconds until it starts: 0 for a shift under way (or one without bounds).
            let wait = max(0, Int((shift.start ?? now).timeIntervalSince(now).rounded(.up)))
            let row: [String?] = [String(wait), shift.start.map(TimeSpec.format), shift.end.map(TimeSpec.format), shift.policy.name,
                                  String(shift.level), shift.schedule?.name]
            let shown: [String?] = [wait == 0 ? "now" : IncidentSummary.age(TimeInterval(wait)),
                                    WallClock.optional(shift.start, zone: zone, now: now) ?? "-",
                                    WallClock.optional(shift.end, zone: zone, now: now) ?? "always",
                                    shift.policy.name, String(shift.level), shift.schedule?.name]
            var object = object(shift)
            object["starts_in"] = .number(Double(wait))
            listing.append(row: row, shown: shown, object: object)
        }
        return listing
    }

    /// By policy name, level, then start (PagerDuty's order is by policy id).
    static func sorted(_ shifts: [OnCallShift]) -> [OnCallShift] {
        shifts.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.policy.name != y.policy.name { return x.policy.name < y.policy.name }
            if x.policy.id != y.policy.id { return x.policy.id < y.policy.id }
            if x.level != y.level { return x.level < y.level }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func object(_ shift: OnCallShift) -> [String: JSONValue] {
        [
            "escalation_policy": .string(shift.policy.name), "escalation_policy_id": .string(shift.policy.id),
            "level": .number(Double(shift.level)), "user": .string(shift.user.name), "user_id": .string(shift.user.id),
            "email": .optional(shift.user.email), "schedule": .optional(shift.schedule?.name), "schedule_id": .optional(shift.schedule?.id),
            "start": .optional(shift.start.map(TimeSpec.format)), "end": .optional(shift.end.map(TimeSpec.format)),
        ]
    }
}
