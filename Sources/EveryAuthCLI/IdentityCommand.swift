import ArgumentParser
import EveryAuthCore

/// `everyauth identity`: the stored credentials, one per (service, user id).
struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "List, read, add and remove stored identities (one user's credential for one service).",
        subcommands: [
            IdentityListCommand.self, IdentityGetCommand.self, IdentityTokenCommand.self,
            IdentityAddCommand.self, IdentityRemoveCommand.self,
            IdentityStatusCommand.self, IdentityRefreshCommand.self, IdentitySwitchCommand.self,
        ]
    )
}

/// `SERVICE [--user-id ID | --id IDN | --tag K=V ...]`: how get, token and rm name one identity.
struct IdentitySelection: ParsableArguments {
    @Argument(help: ServiceHelp.argument, completion: Completion.services)
    var service: String

    @Option(help: ArgumentHelp("The app's user id (default: $EVERYAUTH_USER_ID, else the login name).", valueName: "id"),
            completion: Completion.userIDs)
    var userId: String?

    @Option(help: ArgumentHelp("The identity id (idn-...), instead of --user-id.", valueName: "idn"),
            completion: Completion.identityIDs)
    var id: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("The one identity with this KEY=VALUE tag; repeat to require more.", valueName: "key=value"), completion: Completion.tags)
    var tags: [String] = []

    func validate() throws {
        try validatingUsage {
            if userId != nil && id != nil {
                throw UsageError("--user-id and --id both name an identity; give only one of them")
            }
            try SelectionRules.validateUserID(userId)
            if let id { try EveryAuthEnvironment.requireValue(id, flag: "--id", what: "identity id") }
        }
        if !tags.isEmpty, userId != nil || id != nil {
            throw ValidationError("--tag selects an identity by itself; do not combine it with --user-id or --id")
        }
        try validatingUsage { _ = try SelectionRules.tags(tags) }
    }

    /// The selector these arguments mean (`id` is a positional IDN where a command takes one);
    /// the user id defaults as SPEC §2 says, in the core.
    func selector(_ context: CommandContext, id positional: String? = nil) async throws -> IdentitySelector {
        let choice = IdentityChoice(service: try ServiceKind.named(service), id: positional ?? id, userId: userId, tags: try SelectionRules.tags(tags))
        return try await choice.selector(in: context.store, environment: context.environment)
    }

    /// The selected identity, refreshed first when `refresh` is true and its token is near expiry.
    func identity(_ context: CommandContext, refresh: Bool) async throws -> Identity {
        let refresher = TokenRefresher(store: context.store, http: try context.makeHTTPClient())
        return try await refresher.identity(try await selector(context), refresh: refresh)
    }
}

/// `everyauth identity get SERVICE`: the credential JSON, as EveryAuth's `getIdentity` returns it.
struct IdentityGetCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print an identity's credential JSON (refreshed first when it expires within 5 minutes)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: IdentitySelection

    @Flag(help: "Print the stored credential without refreshing it.")
    var noRefresh = false

    func execute(_ context: CommandContext) async throws {
        let identity = try await selection.identity(context, refresh: !noRefresh)
        context.out(identity.credential.printableJSON() + "\n")
    }
}

/// `everyauth identity token SERVICE`: the access token alone, for `$(...)` in scripts.
struct IdentityTokenCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print an identity's access token and a newline (refreshed first when needed)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: IdentitySelection

    @Flag(help: "Print the stored token without refreshing it.")
    var noRefresh = false

    @Flag(help: "Print the whole Authorization header value ('Bearer ...' or 'Token token=...'), for curl -H.")
    var header = false

    func execute(_ context: CommandContext) async throws {
        let identity = try await selection.identity(context, refresh: !noRefresh)
        let token = PagerDutyToken.of(identity)
        context.out((header ? token.headerValue : token.value) + "\n")
    }
}

/// `everyauth identity add SERVICE --user-id ID --token -`: stores a PagerDuty API key.
struct IdentityAddCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Store a PagerDuty API key as an identity (sent as 'Token token=...', never refreshed).",
        discussion: "Adding a key for an existing user id replaces its credential and keeps its id and tags."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ServiceHelp.argument, completion: Completion.services)
    var service: String

    @Option(help: ArgumentHelp("The app's user id (default: $EVERYAUTH_USER_ID, else the login name).", valueName: "id"),
            completion: Completion.userIDs)
    var userId: String?

    @Option(help: ArgumentHelp("The API key, or '-' to read it from stdin (keeps it out of shell history).", valueName: "token"))
    var token: String

    @Option(name: .customLong("tag"), help: ArgumentHelp("A KEY=VALUE tag; repeat for more.", valueName: "key=value"))
    var tags: [String] = []

    func validate() throws {
        try validatingUsage {
            _ = try SelectionRules.tags(tags)
            if token != "-" { try TokenText.validate(token, source: "--token") }
            try SelectionRules.validateUserID(userId)
        }
    }

    func execute(_ context: CommandContext) async throws {
        let kind = try ServiceKind.named(service)
        let tagValues = try SelectionRules.tags(tags)
        let key = token == "-" ? try TokenText.validate(try context.readValueFromStdin(flag: "--token"), source: "--token -") : token
        let user = try context.environment.userID(explicit: userId)
        // The key's user email becomes the `From` of writes; asked only where the service is configured
        // (`service set`), so that storing a key never sends it to an address the user did not choose.
        var email: String?
        if let stored = try await context.store.serviceSettings(kind.rawValue) {
            email = await PagerDutyClient.userEmail(settings: EffectiveServiceSettings(service: kind, stored: stored),
                                                    token: PagerDutyToken(value: key, scheme: .apiKey), http: try context.makeHTTPClient())
        }
        let identity = try await context.store.upsertIdentity(
            service: kind, userId: user, kind: .apiKey, credential: .apiKey(key), tags: tagValues, email: email)
        context.err("Stored the \(kind.rawValue) API key of user '\(user)' as \(identity.id).")
    }
}

/// `everyauth identity rm SERVICE`: deletes an identity, after asking on a terminal.
struct IdentityRemoveCommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove an identity (by IDN, --id, or --user-id); asks first on a terminal unless -q is given.",
        aliases: ["remove"]
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: IdentitySelection

    @Argument(help: ArgumentHelp("The identity id (idn-...), as --id takes it.", valueName: "idn"), completion: Completion.identityIDs)
    var identityID: String?

    @Flag(name: .shortAndLong, help: "Do not ask and print no confirmation (needed when stdin is not a terminal).")
    var quiet = false

    @Flag(help: "Revoke the token at the service's revocationUrl first (RFC 7009); if that fails, nothing is removed.")
    var revoke = false

    @Flag(help: "With --revoke: remove the identity even when the revocation fails.")
    var force = false

    func validate() throws {
        if force, !revoke { throw ValidationError("--force only applies to --revoke") }
        try validatingUsage {
            guard let identityID else { return }
            try EveryAuthEnvironment.requireValue(identityID, flag: "IDN", what: "identity id")
            if selection.id != nil || selection.userId != nil {
                throw UsageError("the identity id '\(identityID)' already names the identity; leave out --id and --user-id")
            }
        }
    }

    func execute(_ context: CommandContext) async throws {
        let selector = try await selection.selector(context, id: identityID)
        let found: Identity
        do {
            found = try await context.store.identity(selector)
        } catch is LookupError {
            // Authorizing would not help anyone remove it: say what is stored instead (exit 2).
            throw IdentityAbsent(selector)
        }
        if !quiet {
            guard context.stdinIsTerminal else {
                throw UsageError("refusing to remove without confirmation; pass -q")
            }
            guard context.confirm("Remove the \(found.service) identity \(found.id) of user '\(found.userId)'?") else {
                context.err("Nothing removed.")
                throw ExitCode(ExitStatus.failure.rawValue)
            }
        }
        if revoke { try await revokeBeforeRemoving(found, context: context) }
        // Remove by id: between the question and the lock the (service, user id) may have been re-authorized.
        let removed: Identity
        do {
            removed = try await context.store.removeIdentity(IdentitySelector(service: selector.service, id: found.id))
        } catch is LookupError {
            throw IdentityAbsent(selector)
        }
        if !quiet {
            context.err("Removed the \(removed.service) identity \(removed.id) of user '\(removed.userId)'.")
        }
    }
}
