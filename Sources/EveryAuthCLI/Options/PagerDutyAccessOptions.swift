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
            if let token { try TokenText.validate(token) }
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
            throw RequesterMissing()
        }
        return email
    }

    /// Checks what can be checked before the identity is read (an empty `--from`).
    func validate() throws {
        try validatingUsage { _ = try RequesterEmail.resolve(explicit: from, environment: [:], identity: nil) }
    }
}
