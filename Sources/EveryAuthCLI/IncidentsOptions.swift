import ArgumentParser
import EveryAuthCore
import Foundation

/// `--user-id ID | --token T`: whose credential the incidents commands use (SPEC §2).
struct PagerDutyAccessOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use the stored identity of this user id (default: $EVERYAUTH_USER_ID, else the login name).", valueName: "id"),
            completion: Completion.userIDs)
    var userId: String?

    @Option(name: .long, help: ArgumentHelp("Use this token instead of a stored identity (default: $PAGERDUTY_TOKEN).", valueName: "token"))
    var token: String?

    func validate() throws {
        if token != nil, userId != nil { throw ValidationError("--token and --user-id cannot be combined") }
        try validatingUsage {
            if let token { try TokenText.validate(token, source: "--token") }
            try SelectionRules.validateUserID(userId)
        }
    }

    /// What the token and address resolve to (the core decides, as for a library caller).
    func resolve(_ context: CommandContext, http: HTTPClient) async throws -> PagerDutyAccess {
        try await PagerDutyAccess.resolve(token: token, userId: userId, store: context.store, http: http, environment: context.environment)
    }

    /// A client for the service's `apiUrl` with the token these options name, and the identity it
    /// came from (nil for `--token` and `$PAGERDUTY_TOKEN`).
    func client(_ context: CommandContext, http: HTTPClient? = nil) async throws -> (client: PagerDutyClient, identity: Identity?) {
        let http = try http ?? context.makeHTTPClient()
        let access = try await resolve(context, http: http)
        return (access.client(http: http), access.identity)
    }
}

/// `--from EMAIL`: the acting user of a write (PagerDuty's `From` header).
struct RequesterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Email of the PagerDuty user acting (default: $PAGERDUTY_FROM, else the identity's email).", valueName: "email"))
    var from: String?

    /// The `From` value, or a usage error before any write is sent.
    func email(_ context: CommandContext, identity: Identity?) throws -> String {
        guard let email = try RequesterEmail.resolve(explicit: from, environment: context.environment.variables, identity: identity) else {
            throw RequesterEmail.missing
        }
        return email
    }

    /// Checks what can be checked before the identity is read (an empty `--from`).
    func validate() throws {
        try validatingUsage { _ = try RequesterEmail.resolve(explicit: from, environment: [:], identity: nil) }
    }
}

/// The filters of `incidents list`, shared with the commands that act on a selection and `watch`.
struct IncidentFilterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Statuses; open (triggered+acknowledged) is the default, all sends none; repeatable.", valueName: "status"))
    var status: [IncidentStatusChoice] = []

    @Option(name: .long, help: ArgumentHelp("Urgencies; repeatable.", valueName: "urgency"))
    var urgency: [IncidentUrgency] = []

    @Option(name: .customLong("service-id"), help: ArgumentHelp("Only incidents of this service; repeatable.", valueName: "id"))
    var serviceIDs: [String] = []

    @Option(name: .customLong("team-id"), help: ArgumentHelp("Only incidents of this team; repeatable.", valueName: "id"))
    var teamIDs: [String] = []

    @Option(name: .customLong("assignee-id"), help: ArgumentHelp("Only incidents assigned to this user; repeatable.", valueName: "id"))
    var assigneeIDs: [String] = []

    @Flag(name: .long, help: "Only incidents assigned to the token's own user.")
    var me = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Created at or after TIME.", valueName: "time"))
    var since: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Created before TIME.", valueName: "time"))
    var until: String?

    @Flag(name: .customLong("all-time"), help: "Every incident since 2009 (listed in windows of at most 180 days).")
    var allTime = false

    @Option(name: .customLong("sort-by"), help: ArgumentHelp("FIELD[:asc|desc], FIELD one of \(IncidentQuery.sortFields.joined(separator: ", ")); at most two (default: created_at:desc, newest first).", valueName: "sort"),
            completion: .list(IncidentSortField.allCases.flatMap { [$0.rawValue, $0.rawValue + ":asc", $0.rawValue + ":desc"] }))
    var sortBy: [String] = []

    @Option(name: .long, help: ArgumentHelp("Extra details to include; repeatable.", valueName: "what"))
    var include: [IncidentInclude] = []

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("Time zone PagerDuty renders times in (tzinfo name).", valueName: "tz"))
    var timeZone: String?

    func validate() throws {
        try validatingUsage { _ = try checkedQuery() }
    }

    /// True when any filter was given (a selection rather than the default one).
    var isGiven: Bool {
        !status.isEmpty || !urgency.isEmpty || !serviceIDs.isEmpty || !teamIDs.isEmpty || !assigneeIDs.isEmpty || me
            || since != nil || until != nil || allTime || !sortBy.isEmpty || !include.isEmpty || timeZone != nil
    }

    /// The filters, each checked against what PagerDuty accepts (usage errors name the flag);
    /// newest first unless `--sort-by` says otherwise. `--me` is resolved with `client`.
    func query(now: Date = Date(), client: PagerDutyClient?) async throws -> IncidentQuery {
        var query = try checkedQuery(now: now)
        if me, let client { query.userIDs.append(try await client.currentUserID()) }
        return query
    }

    /// The query without `--me` resolved (which needs the network).
    func checkedQuery(now: Date = Date()) throws -> IncidentQuery {
        var query = IncidentQuery()
        try query.setStatuses(status)
        try query.setUrgencies(urgency.map(\.rawValue))
        try query.setSortBy(sortBy.isEmpty ? ["created_at:desc"] : sortBy)
        try query.setInclude(include.map(\.rawValue))
        try query.setTimeZone(timeZone)
        query.serviceIDs = try IncidentQuery.checkedIDs(serviceIDs, flag: "--service-id")
        query.teamIDs = try IncidentQuery.checkedIDs(teamIDs, flag: "--team-id")
        query.userIDs = try IncidentQuery.checkedIDs(assigneeIDs, flag: "--assignee-id")
        query.since = try since.map { try TimeSpec.parse($0, flag: "--since", now: now) }
        query.until = try until.map { try TimeSpec.parse($0, flag: "--until", now: now) }
        query.allTime = allTime
        try query.validateWindow()
        return query
    }
}

/// Reads `30m`, `2h`, `45s` or plain seconds (fractions allowed) for `--for` and `--interval`.
enum DurationOption {
    /// Seconds, or a usage error naming `flag`.
    static func seconds(_ text: String, flag: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(trimmed)
        var unit = 1.0
        if let last = trimmed.last, let factor = units[last] {
            number = trimmed.dropLast()
            unit = factor
        }
        guard let value = Double(number), value.isFinite, value > 0 else {
            throw UsageError("\(flag): '\(text)' is not a duration; give seconds or a number with s, m, h or d (30m, 2h)")
        }
        return value * unit
    }
}
