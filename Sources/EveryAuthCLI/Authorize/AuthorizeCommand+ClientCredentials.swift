import EveryAuthCore

extension AuthorizeCommand {
    /// `authorize SERVICE --client-credentials`: the app token of SPEC §2, stored as kind `app` and
    /// requested again (under the store lock, like a refresh) whenever it nears expiry.
    func authorizeApp(_ context: CommandContext) async throws {
        let kind = try ServiceKind.named(service)
        let user = try context.environment.userID(explicit: userId)
        let newTags = try SelectionRules.tags(tags)
        let settings = try await context.store.settings(for: kind)
        let endpoint = TokenEndpoint(settings: settings, http: try context.makeHTTPClient())
        let credential = try await endpoint.clientCredentials(scope: scope ?? settings.scope)
        let identity = try await context.store.upsertIdentity(service: kind, userId: user, kind: .app, credential: credential, tags: newTags)
        var summary = "Stored the \(kind.rawValue) app token of user '\(user)' (\(identity.id)"
        if let scope = credential.scope { summary += ", scope '\(scope)'" }
        if let expiresAt = credential.expiresAt { summary += ", expires \(Timestamp.format(expiresAt))" }
        context.err(summary + ").")
        if output == .json { context.out(Self.json(identity) + "\n") }
    }
}
