import EveryAuthCore

extension IdentityCommand.Remove {
    /// `rm --revoke`: RFC 7009 revocation before the local delete. A failure stops the removal
    /// (the error's exit code, 5 for the server) unless `--force`, which only warns. True when the
    /// token was revoked.
    func revokeBeforeRemoving(_ identity: Identity, context: CommandContext) async throws -> Bool {
        do {
            guard identity.kind != .apiKey else {
                throw UsageError("--revoke: \(identity.id) is a PagerDuty API key, which OAuth cannot revoke; delete the key in PagerDuty, then remove it without --revoke")
            }
            let settings = try await context.store.settings(for: try ServiceKind.named(identity.service))
            try await TokenRevocation(settings: settings, http: try context.makeHTTPClient()).revoke(identity.credential)
            return true
        } catch {
            guard force else { throw error }
            context.warning("the token was not revoked (\(CommandContext.describe(error))); removing the identity anyway (--force)")
            return false
        }
    }
}
