import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth incidents list`: the incidents a filter names, in the shape a person or script needs.
struct IncidentsListCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List incidents, filtered as PagerDuty's GET /incidents allows.",
        discussion: """
            The token is --token, else $PAGERDUTY_TOKEN, else the stored identity of --user-id. Tokens \
            starting with 'pdus+_' are OAuth tokens (sent as Bearer); others are API keys (Token token=).
            TIME is ISO 8601 (2026-11-29T08:00:00Z, 2026-11-29) or a span back from now (30m, 2h, 7d, 2w).
            --fields takes dotted paths into the incident JSON (service.summary, assignments.assignee.summary).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Use the stored identity of this user id (default: $EVERYAUTH_USER_ID, else the login name).", valueName: "id"),
            completion: Completion.userIDs)
    var userId: String?

    @Option(name: .long, help: ArgumentHelp("Use this token instead of a stored identity (default: $PAGERDUTY_TOKEN).", valueName: "token"))
    var token: String?

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

    @Option(name: .customLong("sort-by"), help: ArgumentHelp("FIELD[:asc|desc], FIELD one of \(IncidentQuery.sortFields.joined(separator: ", ")); at most two.", valueName: "sort"),
            completion: .list(IncidentSortField.allCases.flatMap { [$0.rawValue, $0.rawValue + ":asc", $0.rawValue + ":desc"] }))
    var sortBy: [String] = []

    @Option(name: .long, help: ArgumentHelp("Extra details to include; repeatable.", valueName: "what"))
    var include: [IncidentInclude] = []

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("Time zone PagerDuty renders times in (tzinfo name).", valueName: "tz"))
    var timeZone: String?

    // Numbers parse unconditionally, so that `--limit -1` is refused as a number, not taken for an option.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("At most this many incidents (default 25).", valueName: "n"))
    var limit: Int?

    @Flag(name: .long, help: "Every matching incident, fetched concurrently.")
    var all = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Pages in flight at once with --all.", valueName: "n"))
    var concurrency = 8

    @Option(name: .shortAndLong, help: OutputFormat.help)
    var output: OutputFormat?

    @Option(name: .long, help: ArgumentHelp("Columns as comma-separated dotted paths.", valueName: "paths"))
    var fields: String?

    @Flag(name: .customLong("no-header"), help: "Leave out the header line.")
    var noHeader = false

    func validate() throws {
        if all, limit != nil { throw ValidationError("--limit and --all cannot be combined") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if concurrency > 64 { throw ValidationError("--concurrency must be at most 64") }
        if token != nil, userId != nil { throw ValidationError("--token and --user-id cannot be combined") }
        try validatingUsage {
            if let token { try TokenText.validate(token, source: "--token") }
            if let userId { try EveryAuthEnvironment.requireValue(userId, flag: "--user-id", what: "user id") }
            _ = try makeQuery(now: Date())
            _ = try fields.map(IncidentFields.parse)
        }
    }

    func execute(_ context: CommandContext) async throws {
        var query = try makeQuery(now: Date())
        let columns = try fields.map(IncidentFields.parse) ?? IncidentFields.defaults
        let http = try context.makeHTTPClient()
        let access = try await PagerDutyAccess.resolve(
            token: token, userId: userId, store: context.store, http: http, environment: context.environment)
        do {
            try await list(query: &query, columns: columns, client: access.client(http: http), context: context)
        } catch {
            throw access.explain(error)
        }
    }

    /// Fetches and writes the incidents.
    private func list(query: inout IncidentQuery, columns: IncidentFields, client: PagerDutyClient, context: CommandContext) async throws {
        if me { query.userIDs.append(try await client.currentUserID()) }

        let showProgress = context.stderrIsTerminal
        var progress: (@Sendable (Int, Int?) -> Void)?
        if showProgress { progress = { fetched, total in Self.showProgress(fetched, total, context: context) } }
        let extent: IncidentListing.Extent = all ? .all : .first(limit ?? 25)
        let listing = IncidentListing(client: client, query: query, extent: extent, concurrency: concurrency, progress: progress)
        let writer = IncidentWriter(
            format: context.format(output), fields: columns, header: !noHeader, width: context.terminalWidth,
            stdout: context.streams.stdout)
        // The header (or "[") waits for the first page, so a request that fails at once leaves
        // stdout empty for the script reading it.
        var begun = false
        do {
            for try await page in listing.pages() {
                if !begun { writer.begin(); begun = true }
                writer.write(page)
            }
        } catch {
            if showProgress { context.prompt("\r\u{1B}[K") }
            throw error
        }
        if showProgress { context.prompt("\r\u{1B}[K") }
        if !begun { writer.begin() }
        writer.finish()
    }

    /// The filters, each checked against what PagerDuty accepts (usage errors name the flag).
    private func makeQuery(now: Date) throws -> IncidentQuery {
        var query = IncidentQuery()
        try query.setStatuses(status)
        try query.setUrgencies(urgency.map(\.rawValue))
        try query.setSortBy(sortBy)
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

    /// "fetched 3,400 of 10,000" over itself on stderr.
    private static func showProgress(_ fetched: Int, _ total: Int?, context: CommandContext) {
        let text = "fetched \(grouped(fetched))" + (total.map { " of \(grouped($0))" } ?? "")
        context.prompt("\r\u{1B}[K" + text)
    }

    private static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}
