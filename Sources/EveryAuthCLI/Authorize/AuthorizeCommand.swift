import ArgumentParser
import EveryAuthCore
import EveryAuthLoopback
import Foundation

/// `everyauth authorize SERVICE`: the loopback OAuth flow, then the identity stored (SPEC §2).
struct AuthorizeCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorize",
        abstract: "Authorize access to a service for a user through the browser (OAuth with PKCE).",
        discussion: """
            Listens on 127.0.0.1 for the browser's redirect, prints the authorization address on stderr \
            and opens it with $BROWSER (else xdg-open/open). When the browser runs on another machine, paste \
            the address it ended on (http://127.0.0.1:PORT/callback?...) into this terminal instead.
            """)

    /// It writes the store, creating it where it is missing.
    static var requiresExistingStore: Bool { false }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The service to authorize (pagerduty).", completion: Completion.services)
    var service: String

    @Option(name: .customLong("user-id"), help: "Your app's id for the user (default: $EVERYAUTH_USER_ID, else the login name).",
            completion: Completion.userIDs)
    var userId: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag to set on the identity (repeatable).", valueName: "key=value"))
    var tags: [String] = []

    @Option(help: "Scope to request instead of the service's.")
    var scope: String?

    // Numbers parse unconditionally, so that `--port -1` is refused as a number, not taken for an option.
    @Option(parsing: .unconditional, help: "Port of the loopback listener (default: the service's redirectPort, else any free port).")
    var port: Int?

    @Flag(help: "Only print the authorization address; do not start a browser.")
    var noBrowser = false

    @Option(parsing: .unconditional, help: "Seconds to wait for the authorization.")
    var timeout = 300

    @Option(name: .customLong("finished-url"), help: "Send the browser here after success instead of the thank-you page.")
    var finishedURL: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Print the stored identity (without tokens) on stdout.", valueName: "format"))
    var output: JSONOutputFormat?

    @Flag(name: .customLong("client-credentials"),
          help: "Get PagerDuty's app (account) token with the client id and secret instead, no browser; --scope names the account.")
    var clientCredentials = false

    func validate() throws {
        try validatingUsage {
            if let port { try EndpointURL.validatePort(port) }
            try SelectionRules.validateUserID(userId)
            if let scope { _ = try ErrorMessages.given("--scope") { try ServiceSettingKey.scope.validate(scope) } }
        }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if timeout > 86_400 { throw ValidationError("--timeout must be at most 86400 seconds") }
        if let finishedURL { try validatingUsage { _ = try FinishedURL.validate(finishedURL) } }
        try validatingUsage { _ = try SelectionRules.tags(tags) }
    }

    func execute(_ context: CommandContext) async throws {
        if clientCredentials { return try await authorizeApp(context) }
        let kind = try ServiceKind.named(service)
        let settings = try await context.store.settings(for: kind)
        let user = try context.environment.userID(explicit: userId)
        let newTags = try SelectionRules.tags(tags)

        var options = AuthorizationOptions()
        options.scope = scope
        options.port = port
        options.openBrowser = !noBrowser
        options.timeout = timeout
        options.finishedURL = finishedURL
        options.cancelOnInterrupt = true
        options.readPastedAddresses = true
        let http = try context.makeHTTPClient()
        let flow = AuthorizationFlow(settings: settings, options: options, http: http,
                                     browser: BrowserLauncher(environment: context.environment.variables))
        let interactive = context.stdinIsTerminal
        let waitSeconds = timeout
        let credential = try await flow.run { event in
            switch event {
            case .authorizationURL(let url, let redirectURI):
                context.err("Open this address in a browser to authorize access to \(kind.rawValue) for user '\(user)':\n\n  \(url)\n")
                if interactive {
                    context.err("If the browser runs on another machine, paste here the address it ends on (\(redirectURI)?...) and press Enter.")
                }
                context.err("Waiting for the authorization (up to \(waitSeconds) s)...")
            case .browserFailed(let reason):
                context.warning(reason)
            case .pastedAddressRejected(let reason):
                context.warning("that address is not the callback of this flow: \(reason); paste it again or finish in the browser")
            }
        }

        // PagerDuty records who acted on an incident by the `From` email: ask once, keep it.
        let email = await PagerDutyClient.userEmail(
            settings: settings, token: PagerDutyToken(value: credential.accessToken, scheme: .bearer), http: http)
        let identity = try await context.store.upsertIdentity(
            service: kind, userId: user, kind: .oauth, credential: credential, tags: newTags, email: email)

        var summary = "Authorized \(kind.rawValue) for user '\(user)' (\(identity.id)"
        if let scope = credential.scope { summary += ", scope '\(scope)'" }
        if let expiresAt = credential.expiresAt { summary += ", expires \(Timestamp.format(expiresAt))" }
        context.err(summary + ").")
        if output == .json { context.out(Self.json(identity) + "\n") }
    }

    /// The identity without tokens, with the keys of `identity ls -o json`.
    static func json(_ identity: Identity) -> String {
        JSONValue.object(identity.summary).serialized(pretty: true, keyOrder: Identity.summaryKeyOrder)
    }
}
