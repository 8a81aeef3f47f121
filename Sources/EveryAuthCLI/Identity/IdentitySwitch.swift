import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity switch SERVICE --user-id ID`: the user id commands use when none is given.
    struct Switch: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "switch",
            abstract: "Make a user id the service's default (used when neither --user-id nor $EVERYAUTH_USER_ID is given).",
            discussion: "Stored as defaultUserId in the service's settings; 'identity ls' marks it."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ServiceHelp.argument, completion: Completion.services)
        var service: String

        @Option(help: ArgumentHelp("The user id to make the default; it must have an identity.", valueName: "id"),
                completion: Completion.userIDs)
        var userId: String

        func validate() throws {
            try validatingUsage { try SelectionRules.validateUserID(userId) }
        }

        func execute(_ context: CommandContext) async throws {
            let kind = try ServiceKind.named(service)
            let user = userId
            let identity = try await context.store.identity(IdentitySelector(service: kind, userId: user))
            try await context.store.updateService(kind.rawValue) { settings in
                var changed = settings ?? ServiceSettings()
                changed.defaultUserId = user
                settings = changed
            }
            context.err("The default \(kind.rawValue) user is now '\(user)' (\(identity.id)).")
        }
    }
}
