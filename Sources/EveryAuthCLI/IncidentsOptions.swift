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
    }

    /// A client for the service's `apiUrl` with the token these options name, and the identity it
    /// came from (nil for `--token` and `$PAGERDUTY_TOKEN`).
    func client(_ context: CommandContext, http: HTTPClient? = nil) async throws -> (client: PagerDutyClient, identity: Identity?) {
        let http = http ?? context.makeHTTPClient()
        let base = try baseURL(context)
        let (auth, identity) = try await auth(context, http: http)
        return (PagerDutyClient(baseURL: base, http: http, auth: auth), identity)
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
    private func auth(_ context: CommandContext, http: HTTPClient) async throws -> (PagerDutyAuth, Identity?) {
        if let token {
            guard !token.isEmpty else { throw UsageError("--token: the token must not be empty") }
            return (PagerDutyAuth(token: .guessing(token)), nil)
        }
        if let token = context.environment["PAGERDUTY_TOKEN"], !token.isEmpty {
            return (PagerDutyAuth(token: .guessing(token)), nil)
        }
        let selector = IdentitySelector(
            service: .pagerduty, userId: DefaultUserID.resolve(explicit: userId, environment: context.environment))
        let refresher = TokenRefresher(store: context.store, http: http)
        let identity: Identity
        do {
            identity = try await refresher.identity(selector)
        } catch LookupError.identityNotFound {
            // SPEC §5: for a command that calls the API, a missing identity means "authorize first".
            throw OAuthError.identityNeeded(service: selector.service.rawValue, userId: selector.userId ?? "")
        }
        return (PagerDutyAuth.forIdentity(identity, selector: selector, refresher: refresher), identity)
    }
}

/// `--from EMAIL`: the acting user of a write (PagerDuty's `From` header).
struct RequesterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Email of the PagerDuty user acting (default: $PAGERDUTY_FROM, else the identity's email).", valueName: "email"))
    var from: String?

    /// The `From` value, or a usage error before any write is sent.
    func email(_ context: CommandContext, identity: Identity?) throws -> String {
        guard let email = try RequesterEmail.resolve(explicit: from, environment: context.environment, identity: identity) else {
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

    @Option(name: .customLong("sort-by"), help: ArgumentHelp("FIELD[:asc|desc], FIELD one of \(IncidentQuery.sortFields.joined(separator: ", ")); at most two (default: created_at:desc, newest first).", valueName: "sort"))
    var sortBy: [String] = []

    @Option(name: .long, help: ArgumentHelp("Extra details to include; repeatable.", valueName: "what"), completion: .list(IncidentQuery.includeValues))
    var include: [String] = []

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("Time zone PagerDuty renders times in (tzinfo name).", valueName: "tz"))
    var timeZone: String?

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
        try query.setUrgencies(urgency)
        try query.setSortBy(sortBy.isEmpty ? ["created_at:desc"] : sortBy)
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
