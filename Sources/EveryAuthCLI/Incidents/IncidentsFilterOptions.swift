import ArgumentParser
import EveryAuthCore
import Foundation

/// The filters of `incidents list`, shared with the commands that act on a selection and `watch`.
struct IncidentFilterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Statuses; open (triggered+acknowledged) is the default, all sends none; repeatable.", valueName: "status"))
    var status: [IncidentStatusChoice] = []

    @Option(name: .long, help: ArgumentHelp("Urgencies; repeatable.", valueName: "urgency"))
    var urgency: [IncidentUrgency] = []

    @Option(name: [.customLong("service"), .customLong("service-id")], help: ArgumentHelp("Only incidents of this service (id or name); repeatable.", valueName: "service"), completion: Completion.names(.service))
    var serviceIDs: [String] = []

    @Option(name: [.customLong("team"), .customLong("team-id")], help: ArgumentHelp("Only incidents of this team (id or name); repeatable.", valueName: "team"), completion: Completion.names(.team))
    var teamIDs: [String] = []

    @Option(name: [.customLong("assignee"), .customLong("assignee-id")], help: ArgumentHelp("Only incidents assigned to this user (id, name or email); repeatable.", valueName: "user"))
    var assigneeIDs: [String] = []

    @Flag(name: .long, help: "Only incidents assigned to the token's own user.")
    var me = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Created at or after TIME.", valueName: "time"))
    var since: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Created before TIME.", valueName: "time"))
    var until: String?

    @Flag(name: .customLong("all-time"), help: "Every incident (PagerDuty's date_range=all; windows of 180 days past 10,000).")
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
    /// newest first unless `--sort-by` says otherwise. `--me` and the names of services, teams and
    /// users are resolved with `client`, each once.
    func query(now: Date = Date(), client: PagerDutyClient?) async throws -> IncidentQuery {
        var query = try checkedQuery(now: now)
        guard let client else { return query }
        query.serviceIDs = try await client.resolve(.service, query.serviceIDs).map(\.id)
        query.teamIDs = try await client.resolve(.team, query.teamIDs).map(\.id)
        query.userIDs = try await client.resolve(.user, query.userIDs).map(\.id)
        if me { query.userIDs.append(try await client.currentUserID()) }
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
        query.serviceIDs = try IncidentQuery.checkedIDs(serviceIDs, kind: .service)
        query.teamIDs = try IncidentQuery.checkedIDs(teamIDs, kind: .team)
        query.userIDs = try IncidentQuery.checkedIDs(assigneeIDs, kind: .assignee)
        query.since = try since.map { try TimeSpec.parse($0, as: .since, now: now) }
        query.until = try until.map { try TimeSpec.parse($0, as: .until, now: now) }
        query.allTime = allTime
        try query.validateWindow(now: now)
        return query
    }
}
