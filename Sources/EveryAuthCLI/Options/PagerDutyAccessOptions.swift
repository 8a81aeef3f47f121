import ArgumentParser
import EveryAuthCore
import Foundation

/// `--token T | --user-id ID | --id IDN | --tag K=V ...`: whose credential a PagerDuty command
/// uses (SPEC §2). What is given here beats `$PAGERDUTY_TOKEN`, which beats the default user's
/// stored identity (`PagerDutyAccess` decides, as for a library caller).
struct PagerDutyAccessOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use the stored identity of this user id (before $PAGERDUTY_TOKEN; default: $EVERYAUTH_USER_ID, else the login name).", valueName: "id"),
            completion: Completion.userIDs)
    var userId: String?

    @Option(name: .long, help: ArgumentHelp("Use the stored identity with this id (idn-...).", valueName: "idn"),
            completion: Completion.identityIDs)
    var id: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Use the one stored identity with this KEY=VALUE tag; repeatable.", valueName: "key=value"),
            completion: Completion.tags)
    var tags: [String] = []

    @Option(name: .long, help: ArgumentHelp("Use this token instead of a stored identity (default: $PAGERDUTY_TOKEN).", valueName: "token"))
    var token: String?

    func validate() throws {
        if token != nil, userId != nil || id != nil || !tags.isEmpty {
            throw ValidationError("--token names the credential itself; do not combine it with --user-id, --id or --tag")
        }
        if userId != nil, id != nil { throw ValidationError("--user-id and --id both name an identity; give only one of them") }
        if !tags.isEmpty, userId != nil || id != nil {
            throw ValidationError("--tag selects an identity by itself; do not combine it with --user-id or --id")
        }
        try validatingUsage {
            if let token { try TokenText.validate(token) }
            try SelectionRules.validateUserID(userId)
            _ = try SelectionRules.tags(tags)
        }
    }

    /// The stored identity named on the command line, nil when none was.
    func selection() throws -> IdentityChoice? {
        let choice = IdentityChoice(service: .pagerduty, id: id, userId: userId, tags: try SelectionRules.tags(tags))
        return choice.isExplicit ? choice : nil
    }

    /// What the token and address resolve to (the core decides, as for a library caller).
    func resolve(_ context: CommandContext, http: HTTPClient) async throws -> PagerDutyAccess {
        try await PagerDutyAccess.resolve(token: token, selection: try selection(), store: context.store, http: http,
                                          environment: context.environment)
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
            throw RequesterMissing()
        }
        return email
    }

    /// Checks what can be checked before the identity is read (an empty `--from`).
    func validate() throws {
        try validatingUsage { _ = try RequesterEmail.resolve(explicit: from, environment: [:], identity: nil) }
    }
}
