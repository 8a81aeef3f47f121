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

    @Option(name: .long, help: ArgumentHelp("triggered, acknowledged, resolved, open (triggered+acknowledged, the default) or all; repeatable.", valueName: "status"),
            completion: .list(["triggered", "acknowledged", "resolved", "open", "all"]))
    var status: [String] = []

    @Option(name: .long, help: ArgumentHelp("high or low; repeatable.", valueName: "urgency"), completion: .list(IncidentQuery.urgencyValues))
    var urgency: [String] = []

    @Option(name: .customLong("service-id"), help: ArgumentHelp("Only incidents of this service; repeatable.", valueName: "id"))
    var serviceIDs: [String] = []

    @Option(name: .customLong("team-id"), help: ArgumentHelp("Only incidents of this team; repeatable.", valueName: "id"))
    var teamIDs: [String] = []

    @Option(name: .customLong("assignee-id"), help: ArgumentHelp("Only incidents assigned to this user; repeatable.", valueName: "id"))
    var assigneeIDs: [String] = []

    @Flag(name: .long, help: "Only incidents assigned to the token's own user.")
    var me = false

    @Option(name: .long, help: ArgumentHelp("Created at or after TIME.", valueName: "time"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Created before TIME.", valueName: "time"))
    var until: String?

    @Flag(name: .customLong("all-time"), help: "No date window (date_range=all).")
    var allTime = false

    @Option(name: .customLong("sort-by"), help: ArgumentHelp("FIELD[:asc|desc], FIELD one of \(IncidentQuery.sortFields.joined(separator: ", ")); at most two.", valueName: "sort"))
    var sortBy: [String] = []

    @Option(name: .long, help: ArgumentHelp("Extra details to include; repeatable.", valueName: "what"), completion: .list(IncidentQuery.includeValues))
    var include: [String] = []

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("Time zone PagerDuty renders times in (tzinfo name).", valueName: "tz"))
    var timeZone: String?

    @Option(name: .long, help: ArgumentHelp("At most this many incidents (default 25).", valueName: "n"))
    var limit: Int?

    @Flag(name: .long, help: "Every matching incident, fetched concurrently.")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Pages in flight at once with --all (default 8).", valueName: "n"))
    var concurrency = 8

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("table, json, ndjson, csv or tsv (default: table on a terminal, else tsv).", valueName: "format"))
    var output: OutputFormat?

    @Option(name: .long, help: ArgumentHelp("Columns as comma-separated dotted paths.", valueName: "paths"))
    var fields: String?

    @Flag(name: .customLong("no-header"), help: "Leave out the header line.")
    var noHeader = false

    func validate() throws {
        if all, limit != nil { throw ValidationError("--limit and --all cannot be combined") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be between 1 and 64") }
        if token != nil, userId != nil { throw ValidationError("--token and --user-id cannot be combined") }
    }

    func execute(_ context: CommandContext) async throws {
        var query = try makeQuery(now: Date())
        let columns = try fields.map(IncidentFields.parse) ?? IncidentFields.defaults
        let http = context.makeHTTPClient()
        let client = PagerDutyClient(baseURL: try baseURL(context), http: http, auth: try await auth(context, http: http))
        if me { query.userIDs.append(try await client.currentUserID()) }

        let showProgress = context.stderrIsTerminal
        var progress: (@Sendable (Int, Int?) -> Void)?
        if showProgress { progress = { fetched, total in Self.showProgress(fetched, total) } }
        let extent: IncidentListing.Extent = all ? .all : .first(limit ?? 25)
        let listing = IncidentListing(client: client, query: query, extent: extent, concurrency: concurrency, progress: progress)
        let writer = IncidentWriter(
            format: context.format(output), fields: columns, header: !noHeader, width: context.terminalWidth)
        // The header (or "[") waits for the first page, so a request that fails at once leaves
        // stdout empty for the script reading it.
        var begun = false
        do {
            for try await page in listing.pages() {
                if !begun { writer.begin(); begun = true }
                writer.write(page)
            }
        } catch {
            if showProgress { Console.prompt("\r\u{1B}[K") }
            throw error
        }
        if showProgress { Console.prompt("\r\u{1B}[K") }
        if !begun { writer.begin() }
        writer.finish()
    }

    /// The filters, each checked against what PagerDuty accepts (usage errors name the flag).
    private func makeQuery(now: Date) throws -> IncidentQuery {
        var query = IncidentQuery()
        try query.setStatuses(status)
        try query.setUrgencies(urgency)
        try query.setSortBy(sortBy)
        try query.setInclude(include)
        try query.setTimeZone(timeZone)
        query.serviceIDs = serviceIDs
        query.teamIDs = teamIDs
        query.userIDs = assigneeIDs
        query.since = try since.map { try TimeSpec.parse($0, flag: "--since", now: now) }
        query.until = try until.map { try TimeSpec.parse($0, flag: "--until", now: now) }
        query.allTime = allTime
        try query.validateWindow()
        return query
    }

    /// The service's `apiUrl` when configured, else PagerDuty's US API.
    private func baseURL(_ context: CommandContext) throws -> String {
        let document = try context.store.read()
        let url = document.services[ServiceKind.pagerduty.rawValue]
            .map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl } ?? PagerDutyClient.defaultBaseURL
        try EndpointURL.validate(url, flag: "apiUrl")
        return url
    }

    /// `--token`, else `$PAGERDUTY_TOKEN`, else the identity of the user id (refreshed when near expiry).
    private func auth(_ context: CommandContext, http: HTTPClient) async throws -> PagerDutyAuth {
        if let token {
            guard !token.isEmpty else { throw UsageError("--token: the token must not be empty") }
            return PagerDutyAuth(token: .guessing(token))
        }
        if let token = context.environment["PAGERDUTY_TOKEN"], !token.isEmpty {
            return PagerDutyAuth(token: .guessing(token))
        }
        let selector = try IdentityChoice(service: .pagerduty, userId: userId)
            .selector(in: try context.store.read(), environment: context.environment)
        let refresher = TokenRefresher(store: context.store, http: http)
        let identity: Identity
        do {
            identity = try await refresher.identity(selector)
        } catch LookupError.identityNotFound {
            // SPEC §5: for a command that calls the API, a missing identity means "authorize first".
            throw OAuthError.identityNeeded(service: selector.service.rawValue, userId: selector.userId ?? "")
        }
        return PagerDutyAuth.forIdentity(identity, selector: selector, refresher: refresher)
    }

    /// "fetched 3,400 of 10,000" over itself on stderr.
    private static func showProgress(_ fetched: Int, _ total: Int?) {
        let text = "fetched \(grouped(fetched))" + (total.map { " of \(grouped($0))" } ?? "")
        Console.prompt("\r\u{1B}[K" + text)
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
