import ArgumentParser
import EveryAuthCore

extension IdentityCommand {
    /// `everyauth identity status [SERVICE] [selection]`: each identity checked online, like `gh auth status`.
    struct Status: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Check identities online (GET /users/me): user, email, role, account, expiry.",
            discussion: "Without a selection every identity (of SERVICE) is checked. Exits 3 when any is rejected."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Only this service.", valueName: "service"), completion: Completion.services)
        var service: String?

        @Option(help: ArgumentHelp("Only the identity of this user id.", valueName: "id"), completion: Completion.userIDs)
        var userId: String?

        @Option(help: ArgumentHelp("Only the identity with this id (idn-...).", valueName: "idn"), completion: Completion.identityIDs)
        var id: String?

        @Option(name: .customLong("tag"), help: ArgumentHelp("Only the one identity with this KEY=VALUE tag; repeatable.", valueName: "key=value"), completion: Completion.tags)
        var tags: [String] = []

        @Option(name: .shortAndLong, help: OutputFormat.help)
        var output: OutputFormat?

        func validate() throws {
            if [userId != nil, id != nil, !tags.isEmpty].filter({ $0 }).count > 1 {
                throw ValidationError("give only one of --user-id, --id and --tag")
            }
            try validatingUsage { _ = try SelectionRules.tags(tags) }
        }

        func execute(_ context: CommandContext) async throws {
            let kind = try service.map(ServiceKind.named)
            let identities: [Identity]
            if userId != nil || id != nil || !tags.isEmpty {
                let choice = IdentityChoice(service: kind ?? .pagerduty, id: id, userId: userId, tags: try SelectionRules.tags(tags))
                let selector = try await choice.selector(in: context.store, environment: context.environment)
                identities = [try await context.store.identity(selector)]
            } else {
                identities = try await context.store.identities(matching: IdentityFilter(service: kind))
            }
            let baseURL = try await context.store.serviceSettings(ServiceKind.pagerduty.rawValue)
                .map { EffectiveServiceSettings(service: .pagerduty, stored: $0).apiUrl } ?? PagerDutyClient.defaultBaseURL
            let refresher = TokenRefresher(store: context.store, http: try context.makeHTTPClient())
            var listing = Listing(
                columns: ["id", "user id", "kind", "check", "name", "email", "role", "account", "expires"],
                keyOrder: ["id", "service", "userId", "kind", "check", "name", "email", "role", "account", "expiresAt", "reason"])
            var worst = ExitStatus.success
            // A dash reads better in a table; scripts get an empty cell.
            let none = context.format(output) == .table ? "-" : ""
            for identity in identities {
                let check = await IdentityCheck.run(identity, refresher: refresher, baseURL: baseURL)
                // The expiry after the check: it may have refreshed the token.
                let stored = try? await context.store.identity(IdentitySelector(service: try ServiceKind.named(identity.service), id: identity.id))
                let expiresAt = (stored ?? identity).credential.expiresAt
                var fields: (check: String, name: String?, email: String?, role: String?, account: String?, reason: String?)
                switch check {
                case .user(let name, let email, let role, let account): fields = ("ok", name, email, role, account, nil)
                case .accountKey: fields = ("ok", "account API key", nil, nil, nil, nil)
                case .rejected(let error):
                    fields = ("rejected", nil, nil, nil, nil, ErrorMessages.describe(error))
                    worst = .authorizationNeeded
                    context.error("\(identity.id) (\(identity.userId)): \(ErrorMessages.text(for: error))")
                case .failed(let error):
                    fields = ("error", nil, nil, nil, nil, ErrorMessages.describe(error))
                    if worst == .success { worst = .remoteFailure }
                    context.error("\(identity.id) (\(identity.userId)): \(ErrorMessages.text(for: error))")
                }
                listing.append(
                    row: [identity.id, identity.userId, identity.kind.rawValue, fields.check, fields.name ?? none, fields.email ?? none,
                          fields.role ?? none, fields.account ?? none, expiresAt.map(Timestamp.format) ?? none],
                    object: [
                        "id": .string(identity.id), "service": .string(identity.service), "userId": .string(identity.userId),
                        "kind": .string(identity.kind.rawValue), "check": .string(fields.check), "name": .optional(fields.name),
                        "email": .optional(fields.email), "role": .optional(fields.role), "account": .optional(fields.account),
                        "expiresAt": .optional(expiresAt.map(Timestamp.format)), "reason": .optional(fields.reason),
                    ])
            }
            listing.write(output, context: context)
            if worst != .success { throw ExitCode(worst.rawValue) }
        }
    }
}
