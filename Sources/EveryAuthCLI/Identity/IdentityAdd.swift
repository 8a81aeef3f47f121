import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity add SERVICE --user-id ID --token -`: stores a PagerDuty API key.
    struct Add: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Store a PagerDuty API key as an identity (sent as 'Token token=...', never refreshed).",
            discussion: "Adding a key for an existing user id replaces its credential and keeps its id and tags."
        )

        /// It writes the store, creating it where it is missing.
        static var requiresExistingStore: Bool { false }

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
                if token != "-" { try TokenText.validate(token) }
                try SelectionRules.validateUserID(userId)
            }
        }

        func execute(_ context: CommandContext) async throws {
            let kind = try ServiceKind.named(service)
            let tagValues = try SelectionRules.tags(tags)
            let stdin = token == "-" ? try context.readValueFromStdin(flag: "--token") : nil
            let key = try stdin.map { value in try ErrorMessages.given("--token -") { try TokenText.validate(value) } } ?? token
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
}
