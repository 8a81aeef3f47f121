import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity rm SERVICE`: deletes an identity, after asking on a terminal.
    struct Remove: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove an identity (by IDN, --id, or --user-id); asks first on a terminal unless --yes (or -q) is given.",
            aliases: ["remove"]
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var selection: IdentityCommand.Selection

        @Argument(help: ArgumentHelp("The identity id (idn-...), as --id takes it.", valueName: "idn"), completion: Completion.identityIDs)
        var identityID: String?

        @OptionGroup var confirmation: Confirmation

        @Flag(name: .shortAndLong, help: "EveryAuth's spelling: --yes, and print nothing once removed.")
        var quiet = false

        @Flag(help: "Revoke the token at the service's revocationUrl first (RFC 7009); if that fails, nothing is removed.")
        var revoke = false

        @Flag(help: "With --revoke: remove the identity even when the revocation fails.")
        var force = false

        @OptionGroup var webhook: WebhookOptions

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
            // Looked up before asking: a missing identity is exit 2, whatever the terminal.
            let selector = try await selection.selector(context, id: identityID)
            let found: Identity
            do {
                found = try await context.store.identity(selector)
            } catch is LookupError {
                // Authorizing would not help anyone remove it: say what is stored instead (exit 2).
                throw IdentityAbsent(selector)
            }
            try confirmation.confirm("Remove the \(found.service) identity \(found.id) of user '\(found.userId)'?", context: context,
                                     skip: quiet, declined: "Nothing removed.")
            // Signed events, as the library sends them: revoked (when it was), then removed.
            let sender = try webhook.sender(context)
            var revoked = false
            if revoke { revoked = try await revokeBeforeRemoving(found, context: context) }
            // Remove by id: between the question and the lock the (service, user id) may have been re-authorized.
            let removed: Identity
            do {
                removed = try await context.store.removeIdentity(IdentitySelector(service: selector.service, id: found.id))
            } catch is LookupError {
                _ = await sender?.drain(within: 5)
                throw IdentityAbsent(selector)
            }
            if let sender {
                if revoked, let event = IdentityEvent(.revoked, identity: removed) { sender.send(event) }
                if let event = IdentityEvent(.removed, identity: removed) { sender.send(event) }
                _ = await sender.drain(within: 5)
            }
            if !quiet {
                context.err("Removed the \(removed.service) identity \(removed.id) of user '\(removed.userId)'.")
            }
        }
    }
}
