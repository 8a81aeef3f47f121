import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `SERVICE [--user-id ID | --id IDN | --tag K=V ...]`: how get, token and rm name one identity.
    struct Selection: ParsableArguments {
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
            let refresher = TokenRefresher(store: try context.store, http: try context.makeHTTPClient())
            return try await refresher.identity(try await selector(context), refresh: refresh)
        }
    }
}
