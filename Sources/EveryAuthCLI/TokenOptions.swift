import ArgumentParser
import EveryAuthCore

/// `--user-id ID | --token T`: the token of a command that calls PagerDuty, found as
/// `incidents list` finds it: `--token`, else `$PAGERDUTY_TOKEN`, else the stored identity of the
/// user id (the selection defaults of SPEC §2), refreshed when near expiry, refreshed once more on a 401.
struct TokenOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Use the stored identity of this user id (default: $EVERYAUTH_USER_ID, the service's default user, the login name).",
        valueName: "id"), completion: Completion.userIDs)
    var userId: String?

    @Option(name: .long, help: ArgumentHelp("Use this token instead of a stored identity (default: $PAGERDUTY_TOKEN).", valueName: "token"))
    var token: String?

    func validate() throws {
        if token != nil, userId != nil { throw ValidationError("--token and --user-id cannot be combined") }
        if let token, token.isEmpty { throw ValidationError("--token: the token must not be empty") }
    }

    /// A client for the service's `apiUrl` (PagerDuty's US API when not configured) with the token.
    func client(_ context: CommandContext) async throws -> PagerDutyClient {
        let document = try context.store.read()
        let baseURL = document.services[ServiceKind.pagerduty.rawValue]
            .map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl } ?? PagerDutyClient.defaultBaseURL
        try EndpointURL.validate(baseURL, flag: "apiUrl")
        let http = context.makeHTTPClient()
        return PagerDutyClient(baseURL: baseURL, http: http, auth: try await auth(context, document: document, http: http))
    }

    private func auth(_ context: CommandContext, document: StoreDocument, http: HTTPClient) async throws -> PagerDutyAuth {
        if let token { return PagerDutyAuth(token: .guessing(token)) }
        if let token = context.environment["PAGERDUTY_TOKEN"], !token.isEmpty {
            return PagerDutyAuth(token: .guessing(token))
        }
        let selector = try IdentityChoice(service: .pagerduty, userId: userId).selector(in: document, environment: context.environment)
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
}
